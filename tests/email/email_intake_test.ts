import assert from "node:assert/strict";
import { emailFixture, rawMail } from "./_email.ts";

async function until(condition: () => boolean) {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(condition(), "the condition never came true");
}

Deno.test("a new e-mail opens a case for a new customer, is acknowledged and then marked seen", async () => {
  await using f = await emailFixture();
  f.folder.deliver(rawMail({ "Message-ID": "<m1@customer.example>" }, "It jams on every page"));
  const round = await f.email.poller.fetchNow(f.mailboxId);
  assert.deepEqual(round, { stored: 1, duplicates: 0 });
  assert.equal(f.folder.messages[0].seen, true);
  const [waiting] = f.email.desk.waiting();
  const found = f.crm.cases.require(waiting.case_id);
  assert.equal(found.subject, "Printer jams");
  const customer = f.crm.customers.require(found.customer_id);
  assert.equal(customer.name, "Zhang San");
  assert.deepEqual(customer.emails.map((e) => e.email), ["zhang@customer.example"]);
  const timeline = f.crm.lookupByPhone("x").match; // no phone: no pop
  assert.equal(timeline, null);
  const [ack] = f.outbox.sent;
  assert.equal(ack.to, "zhang@customer.example");
  assert.equal(ack.subject, `[Case #${found.id}] Printer jams`);
  assert.match(ack.text, new RegExp(`case #${found.id}`));
  assert.equal(ack.inReplyTo, "m1@customer.example");
  assert.equal(ack.auto, true);
  const thread = f.email.desk.thread(found.id);
  assert.deepEqual(thread.map((m) => m.kind), ["mail", "acknowledgement"]);
});

Deno.test("the same e-mail delivered twice, or read twice, makes no second case", async () => {
  await using f = await emailFixture();
  const raw = rawMail({ "Message-ID": "<dup@customer.example>" });
  f.folder.deliver(raw);
  f.folder.deliver(raw);
  const round = await f.email.poller.fetchNow(f.mailboxId);
  assert.deepEqual(round, { stored: 1, duplicates: 1 });
  // The folder recreated with new UIDs: Message-IDs still catch it.
  f.folder.uidValidity++;
  const again = await f.email.poller.fetchNow(f.mailboxId);
  assert.deepEqual(again, { stored: 0, duplicates: 2 });
  assert.equal(f.crm.cases.list({}).length, 1);
  assert.equal(f.outbox.sent.length, 1);
});

Deno.test("a reply to our acknowledgement joins the case and sends no second acknowledgement", async () => {
  await using f = await emailFixture();
  f.folder.deliver(rawMail({ "Message-ID": "<first@customer.example>" }));
  await f.email.poller.fetchNow(f.mailboxId);
  const caseId = f.email.desk.waiting()[0].case_id;
  f.folder.deliver(rawMail({
    "Message-ID": "<second@customer.example>",
    Subject: "Re: thanks",
    "In-Reply-To": `<${f.email.desk.thread(caseId)[1].message_id}>`,
  }));
  f.folder.deliver(rawMail({
    "Message-ID": "<third@other.example>",
    From: "someone@other.example",
    Subject: `Re: [Case #${caseId}] Printer jams`,
  }));
  assert.deepEqual(await f.email.poller.fetchNow(f.mailboxId), { stored: 2, duplicates: 0 });
  assert.equal(f.crm.cases.list({}).length, 1);
  assert.equal(f.email.desk.thread(caseId).filter((m) => m.direction === "inbound").length, 3);
  assert.equal(f.outbox.sent.length, 1);
});

Deno.test("an auto-reply from the customer's side opens a case but gets no acknowledgement", async () => {
  await using f = await emailFixture();
  f.folder.deliver(rawMail({ "Auto-Submitted": "auto-replied", Subject: "Out of office" }));
  f.folder.deliver(rawMail({ From: "support@center.example", Subject: "Loop" }));
  await f.email.poller.fetchNow(f.mailboxId);
  assert.equal(f.outbox.sent.length, 0);
});

Deno.test("an unreachable server is a fault with a growing wait, and nothing is lost", async () => {
  await using f = await emailFixture();
  f.folder.deliver(rawMail({}));
  f.folder.refuse = "Authentication failed";
  f.email.start();
  f.clock.advance(0);
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(f.email.faults()[0]?.error, "Authentication failed");
  assert.equal(f.folder.opened, 1);
  f.clock.advance(4_999);
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(f.folder.opened, 1, "the first retry waits five seconds");
  f.clock.advance(1);
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(f.folder.opened, 2);
  assert.equal(f.email.faults()[0]?.failures, 2);
  f.clock.advance(9_999);
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(f.folder.opened, 2, "the second retry waits ten");
  f.folder.refuse = null;
  f.clock.advance(1);
  await until(() => f.folder.messages[0].seen);
  assert.deepEqual(f.email.faults(), []);
  assert.equal(f.crm.cases.list({}).length, 1);
  assert.equal(f.folder.messages[0].seen, true);
});

Deno.test("HTML is stored sanitised and attachments go to the case", async () => {
  await using f = await emailFixture();
  const boundary = "b1";
  f.folder.deliver(rawMail(
    { "Content-Type": `multipart/mixed; boundary="${boundary}"` },
    [
      `--${boundary}`,
      "Content-Type: text/html; charset=utf-8",
      "",
      `<p onclick="steal()">Hi<script>alert(1)</script><img src="http://t.example/x.gif"></p>`,
      `--${boundary}`,
      "Content-Type: text/plain; name=log.txt",
      "Content-Disposition: attachment; filename=log.txt",
      "Content-Transfer-Encoding: base64",
      "",
      btoa("error 42"),
      `--${boundary}--`,
    ].join("\r\n"),
  ));
  await f.email.poller.fetchNow(f.mailboxId);
  const caseId = f.email.desk.waiting()[0].case_id;
  const [mail] = f.email.desk.thread(caseId);
  assert.equal(mail.html_body, "<p>Hi</p>");
  const [file] = f.crm.attachments.list(caseId);
  assert.equal(file.file_name, "log.txt");
  assert.deepEqual(mail.attachment_ids, [file.id]);
});

Deno.test("an agent's reply threads to the customer's last e-mail and answers the work item", async () => {
  await using f = await emailFixture();
  f.folder.deliver(rawMail({ "Message-ID": "<q@customer.example>" }));
  await f.email.poller.fetchNow(f.mailboxId);
  const [item] = f.email.desk.waiting();
  f.clock.advance(90_000);
  assert.equal(f.email.desk.waiting()[0].age_s, 90);
  const sent = await f.email.desk.reply(item.case_id, f.users.agent1, {
    body: "Dear {{customer.name}}, try tray 2.",
  });
  assert.equal(sent.text_body, "Dear Zhang San, try tray 2.");
  const out = f.outbox.sent.at(-1)!;
  assert.equal(out.inReplyTo, "q@customer.example");
  assert.equal(out.subject, `Re: [Case #${item.case_id}] Printer jams`);
  assert.deepEqual(f.email.desk.waiting(), []);
  // The customer's answer to the reply joins the case.
  f.folder.deliver(
    rawMail({ "Message-ID": "<r@customer.example>", "In-Reply-To": `<${sent.message_id}>` }),
  );
  await f.email.poller.fetchNow(f.mailboxId);
  assert.equal(f.crm.cases.list({}).length, 1);
  assert.equal(f.email.desk.waiting()[0].case_id, item.case_id);
});

Deno.test("closing waits for a fetch under way and schedules no further one", async () => {
  await using f = await emailFixture();
  f.folder.deliver(rawMail({}));
  f.email.start();
  f.clock.advance(0);
  await f.email.close();
  assert.equal(f.crm.cases.list({}).length, 1, "the round under way finished");
  f.clock.advance(10 * 60_000);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(f.folder.opened, 1);
});

Deno.test("old mail found in a newly added mailbox becomes cases without acknowledgements", async () => {
  await using f = await emailFixture();
  f.folder.deliver(rawMail({ Date: "Mon, 06 Apr 2026 09:00:00 +0000", Subject: "Old question" }));
  f.folder.deliver(rawMail({ Subject: "New question" }));
  await f.email.poller.fetchNow(f.mailboxId);
  assert.equal(f.crm.cases.list({}).length, 2);
  assert.deepEqual(f.outbox.sent.map((m) => m.subject.replace(/^\[Case #\d+\] /, "")), [
    "New question",
  ]);
});
