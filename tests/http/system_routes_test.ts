import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import forge from "node-forge";
import { testAppliance } from "../support/test_appliance.ts";
import { signedIn } from "./crm_helpers.ts";

/** A self-signed pair valid from `from` to `to`. */
function pair(from: Date, to: Date): { cert: string; key: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const key = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const c = forge.pki.createCertificate();
  c.publicKey = forge.pki.publicKeyFromPem(
    publicKey.export({ type: "spki", format: "pem" }).toString(),
  );
  c.serialNumber = "0a";
  c.validity.notBefore = from;
  c.validity.notAfter = to;
  const subject = [{ name: "commonName", value: "cc.example.test" }];
  c.setSubject(subject);
  c.setIssuer(subject);
  c.setExtensions([{ name: "subjectAltName", altNames: [{ type: 2, value: "cc.example.test" }] }]);
  c.sign(forge.pki.privateKeyFromPem(key), forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(c), key };
}

const day = 24 * 3600_000;

Deno.test("the system figures show disk space, thread priority and the latest warnings to admins only", async () => {
  await using app = await testAppliance({ demo: true });
  app.log.child("sip").warn("trunk pbx1 stopped answering OPTIONS");
  const admin = await signedIn(app, "admin");
  const figures = await (await admin.get("/api/v1/system")).json();
  assert.ok(figures.disk.total_bytes > 0);
  assert.ok(figures.disk.available_bytes <= figures.disk.total_bytes);
  assert.equal(figures.thread_priority.wanted, app.config.threadPriority);
  assert.equal(typeof figures.thread_priority.granted, "string");
  assert.equal(figures.certificate, null, "none made yet: nothing has listened");
  assert.ok(
    figures.warnings.some((w: { line: string }) => w.line.includes("stopped answering OPTIONS")),
  );
  const agent = await signedIn(app, "agent1");
  assert.equal((await agent.get("/api/v1/system")).status, 403);
});

Deno.test("an uploaded certificate is refused at the field when it does not match, has expired or is not PEM", async () => {
  await using app = await testAppliance();
  const admin = await signedIn(app, "admin");
  const now = app.clock.now();
  const good = pair(new Date(now - day), new Date(now + 90 * day));
  const other = pair(new Date(now - day), new Date(now + 90 * day));
  const expired = pair(new Date(now - 90 * day), new Date(now - day));
  const refusal = async (body: unknown) => {
    const response = await admin.request("PUT", "/api/v1/system/certificate", body);
    assert.equal(response.status, 400);
    const { issues } = (await response.json()).error.details;
    return `${issues[0].path}: ${issues[0].reason ?? "-"}: ${issues[0].message}`;
  };
  assert.match(
    await refusal({ cert: good.cert, key: other.key }),
    /^key: mismatch: .*does not belong/,
  );
  assert.match(
    await refusal({ cert: expired.cert, key: expired.key }),
    /^cert: expired: .*expired/,
  );
  assert.match(
    await refusal({ cert: "hello", key: good.key }),
    /^cert: not_pem_cert: .*not a PEM certificate/,
  );
  assert.match(
    await refusal({ cert: good.cert, key: "nope" }),
    /^key: not_pem_key: .*not a PEM private key/,
  );
  assert.match(await refusal({ cert: "", key: good.key }), /^cert: -: /);

  let served: string | undefined;
  app.certificate.onInstalled((tls) => served = tls.cert);
  const saved = await admin.request("PUT", "/api/v1/system/certificate", good);
  assert.equal(saved.status, 200);
  const { certificate } = await saved.json();
  assert.equal(certificate.source, "uploaded");
  assert.deepEqual(certificate.hostnames, ["cc.example.test"]);
  assert.equal(served, good.cert, "HTTPS is handed the new pair at once");
  assert.equal(await Deno.readTextFile(`${app.dir}/tls/cert.pem`), good.cert);
  assert.equal((await Deno.stat(`${app.dir}/tls/key.pem`)).mode! & 0o777, 0o600);
  const figures = await (await admin.get("/api/v1/system")).json();
  assert.equal(figures.certificate.subject, "CN=cc.example.test");
});
