import assert from "node:assert/strict";
import { testAppliance } from "../support/test_appliance.ts";
import { signedIn } from "./crm_helpers.ts";
import { MAILBOX } from "./mailbox_fixture.ts";

Deno.test("admins add mailboxes; the API never shows a password and agents cannot add one", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const created = await admin.post("/api/v1/mailboxes", MAILBOX);
  assert.equal(created.status, 201);
  const { mailbox } = await created.json();
  assert.equal(mailbox.imap.password, undefined);
  assert.equal(mailbox.imap.password_set, true);
  assert.equal(JSON.stringify(mailbox).includes("imap-secret"), false);
  const agent = await signedIn(app, "agent1");
  assert.equal((await agent.post("/api/v1/mailboxes", MAILBOX)).status, 403);
  const edited = await admin.request("PATCH", `/api/v1/mailboxes/${mailbox.id}`, {
    imap: { password: "" },
    poll_s: 60,
  });
  assert.equal(edited.status, 200);
  assert.equal(app.email.mailboxes.require(mailbox.id).imap.password, "imap-secret");
  const bad = await admin.post("/api/v1/mailboxes", { ...MAILBOX, address: "not an address" });
  assert.equal(bad.status, 400);
});

Deno.test("a mailbox whose server is away answers 502 to a fetch and shows the error", async () => {
  await using app = await testAppliance({ demo: true });
  const admin = await signedIn(app, "admin");
  const { mailbox } = await (await admin.post("/api/v1/mailboxes", MAILBOX)).json();
  const fetched = await admin.post(`/api/v1/mailboxes/${mailbox.id}/fetch`);
  assert.equal(fetched.status, 502);
  const [listed] = (await (await admin.get("/api/v1/mailboxes")).json()).mailboxes;
  assert.equal(listed.failures, 1);
  assert.ok(listed.last_error);
  assert.deepEqual(app.email.faults().map((f) => f.id), [mailbox.id]);
});

Deno.test("the e-mail thread of an unknown case is a 404", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = await signedIn(app, "agent1");
  assert.equal((await agent.get("/api/v1/cases/999999/emails")).status, 404);
  assert.deepEqual((await (await agent.get("/api/v1/email/waiting")).json()).waiting, []);
});
