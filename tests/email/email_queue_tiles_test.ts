import assert from "node:assert/strict";
import { emailFixture, rawMail } from "./_email.ts";

Deno.test("each enabled mailbox is a tile with its work list and today's first-reply service level", async () => {
  await using f = await emailFixture();
  f.email.mailboxes.update(f.mailboxId, { service_level_s: 3600, queue_id: null });
  f.email.mailboxes.create({
    name: "Old sales",
    address: "sales@center.example",
    imap: { host: "127.0.0.1", port: 143, tls: false, user: "sales", password: "secret" },
    smtp: { host: "127.0.0.1", port: 25, tls: false },
    enabled: false,
  });
  const tiles = f.email.queueTiles(() => Date.UTC(2026, 4, 1));
  assert.deepEqual(tiles.statuses(), [{
    key: `email:${f.mailboxId}`,
    queue_id: null,
    name: "Support",
    channel: "email",
    waiting: 0,
    oldest_wait_s: null,
    agents_with_capacity: null,
    service_level: null,
    service_level_s: 3600,
  }]);

  f.folder.deliver(rawMail({ "Message-ID": "<1@customer.example>" }));
  f.folder.deliver(rawMail({ "Message-ID": "<2@customer.example>" }));
  await f.email.poller.fetchNow(f.mailboxId);
  await f.email.intake.settled();
  // The acknowledgements are no reply by a person: nothing is answered yet.
  assert.equal(tiles.statuses()[0].waiting, 2);
  assert.equal(tiles.statuses()[0].service_level, null);

  // One answered after 30 min (in time); the other is still open after 2 h (late); a
  // third, 30 min old, may still be answered in time and is not counted yet.
  const [first] = f.email.desk.waiting();
  f.clock.advance(1_800_000);
  await f.email.desk.reply(first.case_id, f.users.agent1, { body: "Try tray 2." });
  f.clock.advance(3_600_000);
  f.folder.deliver(rawMail({ "Message-ID": "<3@customer.example>" }));
  await f.email.poller.fetchNow(f.mailboxId);
  f.clock.advance(1_800_000);

  const [tile] = tiles.statuses();
  assert.equal(tile.waiting, 2);
  assert.equal(tile.oldest_wait_s, 7200);
  assert.equal(tile.service_level, 50);
});
