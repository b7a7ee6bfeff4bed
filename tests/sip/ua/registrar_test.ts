import assert from "node:assert/strict";
import { sipHa1 } from "../../../src/auth/mod.ts";
import { VirtualClock } from "../../../src/clock/mod.ts";
import { Database } from "../../../src/db/mod.ts";
import { createLogger } from "../../../src/log/mod.ts";
import {
  answerDigestChallenge,
  createRequest,
  parseDigestChallenge,
  type SipResponse,
} from "../../../src/sip/core/mod.ts";
import { type RegistrationChange, SipStack, TrunkDirectory } from "../../../src/sip/mod.ts";
import { SipUdpClient } from "../../support/sip_udp_client.ts";

const REALM = "callcenter";
const PASSWORD = "secret-1001";

async function harness() {
  const dir = await Deno.makeTempDir({ prefix: "cc-registrar-" });
  const db = new Database(`${dir}/test.db`);
  db.migrate();
  const clock = new VirtualClock(Date.UTC(2026, 4, 1));
  const events: { type: string; data: Record<string, unknown> }[] = [];
  const stack = new SipStack({
    bind: "127.0.0.1",
    port: 0,
    advertisedHost: "127.0.0.1",
    clock,
    log: createLogger("sip", { sink: () => {} }),
    trunks: new TrunkDirectory(db, clock),
    credentials: (ext) =>
      ext === "1001"
        ? [{ md5: sipHa1("md5", "1001", PASSWORD), sha256: sipHa1("sha256", "1001", PASSWORD) }]
        : [],
    nonceSecret: () => "test-secret",
    publish: (type, data) => events.push({ type, data }),
    realm: REALM,
  });
  // Each change with the contacts its extension had when the listener heard it.
  const changes: (RegistrationChange & { contactsThen: number })[] = [];
  stack.onRegistration((change) =>
    changes.push({ ...change, contactsThen: stack.contactsOf(change.extension).length })
  );
  await stack.start();
  const phoneSocket = await SipUdpClient.open();
  const phone = phoneSocket;
  let cseq = 1;
  const register = (
    options: {
      contacts?: string[];
      expires?: number;
      authorization?: string;
      ext?: string;
      /** Another socket to register from (another address); the phone's by default. */
      from?: SipUdpClient;
    } = {},
  ) => {
    const ext = options.ext ?? "1001";
    const phone = options.from ?? phoneSocket;
    const request = createRequest({ method: "REGISTER", uri: `sip:127.0.0.1:${stack.port}` });
    request.headers.append(
      "Via",
      `SIP/2.0/UDP 127.0.0.1:${phone.port};branch=z9hG4bK${crypto.randomUUID()};rport`,
    );
    request.headers.append("From", `<sip:${ext}@127.0.0.1>;tag=phone1`);
    request.headers.append("To", `<sip:${ext}@127.0.0.1>`);
    request.headers.append("Call-ID", "reg-call-1");
    const seq = cseq++;
    request.headers.append("CSeq", `${seq} REGISTER`);
    for (const c of options.contacts ?? [`<sip:${ext}@127.0.0.1:${phone.port}>`]) {
      request.headers.append("Contact", c);
    }
    request.headers.append("Expires", String(options.expires ?? 300));
    if (options.authorization) request.headers.append("Authorization", options.authorization);
    phone.send(request, stack.port);
    return phone.response(`${seq} REGISTER`);
  };
  const answer = (challenge: SipResponse, algorithm: "MD5" | "SHA-256", password = PASSWORD) => {
    const header = challenge.headers.getAll("WWW-Authenticate").find((h) =>
      h.includes(`algorithm=${algorithm}`)
    )!;
    return answerDigestChallenge(parseDigestChallenge(header), {
      username: "1001",
      password,
      method: "REGISTER",
      uri: `sip:127.0.0.1:${stack.port}`,
    });
  };
  return {
    stack,
    clock,
    events,
    changes,
    phone,
    register,
    answer,
    async [Symbol.asyncDispose]() {
      phone.close();
      await stack.stop();
      db.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

Deno.test("a REGISTER without credentials gets 401 with an MD5 and a SHA-256 challenge", async () => {
  await using h = await harness();
  const response = await h.register();
  assert.equal(response.status, 401);
  const challenges = response.headers.getAll("WWW-Authenticate");
  assert.equal(challenges.length, 2);
  assert.match(challenges[0], /algorithm=MD5/);
  assert.match(challenges[1], /algorithm=SHA-256/);
  assert.match(challenges[0], /realm="callcenter"/);
});

Deno.test("a REGISTER answered with MD5 digest binds the contact and the hub hears it", async () => {
  await using h = await harness();
  const ok = await h.register({ authorization: h.answer(await h.register(), "MD5") });
  assert.equal(ok.status, 200);
  assert.match(
    ok.headers.get("Contact")!,
    new RegExp(`sip:1001@127.0.0.1:${h.phone.port}>;expires=300`),
  );
  assert.equal(h.stack.contactsOf("1001").length, 1);
  assert.equal(h.events.at(-1)?.type, "sip.registered");
});

Deno.test("a REGISTER answered with SHA-256 digest (RFC 8760) is accepted", async () => {
  await using h = await harness();
  const ok = await h.register({ authorization: h.answer(await h.register(), "SHA-256") });
  assert.equal(ok.status, 200);
  assert.equal(h.stack.contactsOf("1001")[0].flow.port, h.phone.port);
});

Deno.test("a wrong password gets 403 and binds nothing", async () => {
  await using h = await harness();
  const refused = await h.register({
    authorization: h.answer(await h.register(), "MD5", "not-the-password"),
  });
  assert.equal(refused.status, 403);
  assert.equal(h.stack.contactsOf("1001").length, 0);
});

Deno.test("the right answer to an expired nonce gets 401 with stale=true, then succeeds with a fresh one", async () => {
  await using h = await harness();
  const challenge = await h.register();
  h.clock.advance(6 * 60 * 1000);
  const stale = await h.register({ authorization: h.answer(challenge, "MD5") });
  assert.equal(stale.status, 401);
  assert.match(stale.headers.get("WWW-Authenticate")!, /stale=TRUE/i);
  const ok = await h.register({ authorization: h.answer(stale, "MD5") });
  assert.equal(ok.status, 200);
});

Deno.test("a binding expires after its Expires and is reported as expired", async () => {
  await using h = await harness();
  await h.register({ expires: 120, authorization: h.answer(await h.register(), "MD5") });
  h.clock.advance(119_000);
  assert.equal(h.stack.contactsOf("1001").length, 1);
  h.clock.advance(1_000);
  assert.equal(h.stack.contactsOf("1001").length, 0);
  assert.equal(h.events.at(-1)?.type, "sip.registration_expired");
});

Deno.test("two contacts for one extension are both bound and both listed in the 200", async () => {
  await using h = await harness();
  const contacts = [
    `<sip:1001@127.0.0.1:${h.phone.port}>`,
    "<sip:1001@127.0.0.1:5999;transport=tcp>",
  ];
  const ok = await h.register({
    contacts,
    authorization: h.answer(await h.register({ contacts }), "MD5"),
  });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.getAll("Contact").length, 2);
  assert.equal(h.stack.contactsOf("1001").length, 2);
});

Deno.test("Contact * with Expires 0 removes every binding of the extension", async () => {
  await using h = await harness();
  await h.register({ authorization: h.answer(await h.register(), "MD5") });
  const challenge = await h.register({ contacts: ["*"], expires: 0 });
  const ok = await h.register({
    contacts: ["*"],
    expires: 0,
    authorization: h.answer(challenge, "MD5"),
  });
  assert.equal(ok.status, 200);
  assert.equal(h.stack.contactsOf("1001").length, 0);
});

Deno.test("an Expires below the minimum gets 423 with Min-Expires", async () => {
  await using h = await harness();
  const response = await h.register({
    expires: 10,
    authorization: h.answer(await h.register(), "MD5"),
  });
  assert.equal(response.status, 423);
  assert.equal(response.headers.get("Min-Expires"), "60");
});

Deno.test("an address that keeps failing authentication is blocked and then ignored", async () => {
  await using h = await harness();
  for (let i = 0; i < 10; i++) {
    const refused = await h.register({
      authorization: h.answer(await h.register(), "MD5", `guess-${i}`),
    });
    assert.equal(refused.status, 403);
  }
  const request = createRequest({ method: "OPTIONS", uri: `sip:127.0.0.1:${h.stack.port}` });
  request.headers.append("Via", `SIP/2.0/UDP 127.0.0.1:${h.phone.port};branch=z9hG4bKblocked`);
  request.headers.append("From", "<sip:scanner@127.0.0.1>;tag=s");
  request.headers.append("To", "<sip:cc@127.0.0.1>");
  request.headers.append("Call-ID", "blocked-1");
  request.headers.append("CSeq", "1 OPTIONS");
  h.phone.send(request, h.stack.port);
  assert.equal(await h.phone.silentFor(300), true);
  assert.equal(h.stack.guard.blocks, 1);
});

Deno.test("another phone may not register someone else's extension with its own credentials", async () => {
  await using h = await harness();
  const challenge = await h.register({ ext: "1002" });
  const header = challenge.headers.getAll("WWW-Authenticate")[0];
  const authorization = answerDigestChallenge(parseDigestChallenge(header), {
    username: "1001",
    password: PASSWORD,
    method: "REGISTER",
    uri: `sip:127.0.0.1:${h.stack.port}`,
  });
  const refused = await h.register({ ext: "1002", authorization });
  assert.equal(refused.status, 403);
});

async function guessFromManyAddresses(h: Awaited<ReturnType<typeof harness>>, count: number) {
  for (let i = 0; i < count; i++) {
    const guesser = await SipUdpClient.open(`127.0.0.${50 + i}`);
    try {
      const challenge = await h.register({ from: guesser });
      const refused = await h.register({
        from: guesser,
        authorization: h.answer(challenge, "MD5", `guess-${i}`),
      });
      assert.equal(refused.status, 403);
    } finally {
      guesser.close();
    }
  }
}

async function registerFrom(h: Awaited<ReturnType<typeof harness>>, address: string) {
  const phone = await SipUdpClient.open(address);
  try {
    const challenge = await h.register({ from: phone });
    return (await h.register({ from: phone, authorization: h.answer(challenge, "MD5") })).status;
  } finally {
    phone.close();
  }
}

Deno.test("guesses spread over many addresses lock the extension, so a right answer from a new address is refused", async () => {
  await using h = await harness();
  await guessFromManyAddresses(h, 10);
  assert.equal(h.stack.guard.blocks, 0, "no single address failed often enough to be blocked");
  assert.equal(await registerFrom(h, "127.0.0.70"), 403);
  assert.equal(h.stack.registrar.counters.locked, 1);
});

Deno.test("the phone that registered before the guessing keeps registering while the extension is locked", async () => {
  await using h = await harness();
  assert.equal(await registerFrom(h, "127.0.0.80"), 200);
  await guessFromManyAddresses(h, 10);
  assert.equal(await registerFrom(h, "127.0.0.80"), 200);
  assert.equal(h.stack.registrar.counters.locked, 0);
});

Deno.test("an extension's lock ends by itself and the right password works again from anywhere", async () => {
  await using h = await harness();
  await guessFromManyAddresses(h, 10);
  assert.equal(await registerFrom(h, "127.0.0.70"), 403);
  h.clock.advance(5 * 60_000);
  assert.equal(await registerFrom(h, "127.0.0.71"), 200);
});

Deno.test("registration listeners hear a binding registered and then removed, after the location changed", async () => {
  await using h = await harness();
  await h.register({ authorization: h.answer(await h.register(), "MD5") });
  const contact = `sip:1001@127.0.0.1:${h.phone.port}`;
  assert.deepEqual(h.changes, [
    { kind: "registered", extension: "1001", contact, transport: "udp", contactsThen: 1 },
  ]);
  const challenge = await h.register({ expires: 0 });
  await h.register({ expires: 0, authorization: h.answer(challenge, "MD5") });
  assert.deepEqual(h.changes.at(-1), {
    kind: "unregistered",
    extension: "1001",
    contact,
    transport: "udp",
    contactsThen: 0,
  });
  assert.equal(h.events.at(-1)?.type, "sip.unregistered");
});

Deno.test("a lapsed binding reaches registration listeners as expired", async () => {
  await using h = await harness();
  await h.register({ expires: 120, authorization: h.answer(await h.register(), "MD5") });
  h.clock.advance(120_000);
  assert.equal(h.changes.at(-1)?.kind, "expired");
  assert.equal(h.changes.at(-1)?.contactsThen, 0);
});

Deno.test("a registration listener that throws changes neither the answer nor what others hear", async () => {
  await using h = await harness();
  h.stack.onRegistration(() => {
    throw new Error("broken listener");
  });
  const heard: string[] = [];
  h.stack.onRegistration((change) => heard.push(change.kind));
  const ok = await h.register({ authorization: h.answer(await h.register(), "MD5") });
  assert.equal(ok.status, 200);
  assert.deepEqual(heard, ["registered"]);
  assert.equal(h.events.at(-1)?.type, "sip.registered");
});

Deno.test("a removed registration listener hears nothing more", async () => {
  await using h = await harness();
  const heard: string[] = [];
  const stop = h.stack.onRegistration((change) => heard.push(change.kind));
  stop();
  await h.register({ authorization: h.answer(await h.register(), "MD5") });
  assert.deepEqual(heard, []);
  assert.equal(h.changes.length, 1);
});
