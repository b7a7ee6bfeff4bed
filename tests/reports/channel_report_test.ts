import assert from "node:assert/strict";
import { Database } from "../../src/db/mod.ts";
import { ChannelReports, RollupFeed } from "../../src/reports/mod.ts";
import { CENTER_TOTAL, SALES_I1 } from "./_expected.ts";
import {
  at,
  SALES,
  SUPPORT,
  T0,
  T15,
  T30,
  writeCallEvents,
  writeCenter,
  writeStates,
  ZONE,
} from "./_fixture.ts";

/** Voice comes from the hand-worked call fixture; written contacts are worked out below. */
function center() {
  const db = new Database(":memory:");
  db.migrate();
  writeCenter(db);
  writeCallEvents(db);
  writeStates(db);
  const reports = new ChannelReports({ db, feed: new RollupFeed(db) });
  return { db, reports };
}

type Contact = {
  channel: string;
  started: string;
  answered?: string;
  response?: string;
  ended?: string;
  bot?: boolean;
  queue?: number;
  direction?: string;
};

function contact(db: Database, c: Contact): void {
  const iso = (t?: string) => t === undefined ? null : new Date(at(t)).toISOString();
  db.run(
    `INSERT INTO interactions (channel, direction, queue_id, started_at, answered_at,
       first_response_at, ended_at, resolved_by_bot) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    c.channel,
    c.direction ?? "inbound",
    c.queue ?? null,
    iso(c.started),
    iso(c.answered),
    iso(c.response),
    iso(c.ended),
    c.bot ? 1 : 0,
  );
}

/**
 * Chats (no queue: T = 60 s, short abandon 20 s):
 * - ch1 accepted after 30 s (within T), first reply at 40 s, ended 300 s after accept;
 * - ch2 accepted after 120 s, first reply at 130 s, ended 240 s after accept;
 * - ch3 left after 10 s (short abandon); ch4 left after 60 s;
 * - ch5 (09:04) and ch6 (09:20) resolved by the bot.
 * E-mails (no queue: T = 4 h): e1 answered after 1 h; e2 unanswered; e3 outbound.
 * SMS in Sales (T = 20 s): s1 answered after 15 s, s2 after 60 s; s0 before the period.
 */
function writeContacts(db: Database): void {
  const list: Contact[] = [
    {
      channel: "chat",
      started: "09:00:00",
      answered: "09:00:30",
      response: "09:00:40",
      ended: "09:05:30",
    },
    {
      channel: "chat",
      started: "09:01:00",
      answered: "09:03:00",
      response: "09:03:10",
      ended: "09:07:00",
    },
    { channel: "chat", started: "09:02:00", ended: "09:02:10" },
    { channel: "chat", started: "09:03:00", ended: "09:04:00" },
    { channel: "chat", started: "09:04:00", ended: "09:06:00", bot: true },
    { channel: "chat", started: "09:20:00", ended: "09:21:00", bot: true },
    { channel: "email", started: "09:05:00", response: "10:05:00" },
    { channel: "email", started: "09:10:00" },
    { channel: "email", started: "09:11:00", direction: "outbound" },
    { channel: "sms", started: "08:59:00", response: "08:59:10", queue: SALES },
    { channel: "sms", started: "09:16:00", response: "09:16:15", queue: SALES },
    { channel: "sms", started: "09:17:00", response: "09:18:00", queue: SALES },
  ];
  for (const c of list) contact(db, c);
}

Deno.test("voice by channel has the hand-worked fixture's figures", () => {
  const { reports } = center();
  const r = reports.report({
    from: T0,
    to: T30,
    granularity: "30m",
    timeZone: ZONE,
    channel: "voice",
  });
  assert.equal(r.channels.length, 1);
  const voice = r.channels[0].total;
  assert.equal(voice.offered, 7);
  assert.equal(voice.handled, 6);
  assert.equal(voice.abandoned, 3);
  assert.equal(voice.service_level, CENTER_TOTAL.service_level);
  assert.equal(voice.abandon_rate, CENTER_TOTAL.abandon_rate);
  assert.equal(voice.asa_s, CENTER_TOTAL.asa_s);
  assert.equal(voice.aht_s, CENTER_TOTAL.aht_s);
  assert.equal(voice.first_response_s, null);
  assert.equal(voice.bot_resolved_share, null);
});

Deno.test("a queue whose channel is not voice is left out of the voice figures", () => {
  const { db, reports } = center();
  db.run(
    `UPDATE queues SET options = json_set(options, '$.channel', 'chat') WHERE id = ?`,
    SUPPORT,
  );
  const r = reports.report({
    from: T0,
    to: T15,
    granularity: "15m",
    timeZone: ZONE,
    channel: "voice",
  });
  const voice = r.channels[0].total;
  assert.equal(voice.offered, 4);
  assert.equal(voice.service_level, SALES_I1.service_level);
  assert.equal(voice.abandon_rate, SALES_I1.abandon_rate);
  assert.equal(voice.asa_s, SALES_I1.asa_s);
});

Deno.test("chat figures: answer on accept, abandons with short abandons apart, the bot's share", () => {
  const { db, reports } = center();
  writeContacts(db);
  const r = reports.report({
    from: T0,
    to: T30,
    granularity: "15m",
    timeZone: ZONE,
    channel: "chat",
  });
  assert.deepEqual(r.channels[0].total, {
    offered: 4, // the bot's two never reached a person
    handled: 2,
    abandoned: 2,
    service_level: 33.3, // ch1 ÷ (4 − 1 short)
    abandon_rate: 33.3, // (2 − 1) ÷ (4 − 1)
    asa_s: 75.0, // (30 + 120) ÷ 2
    aht_s: 270.0, // (300 + 240) ÷ 2
    first_response_s: 85.0, // (40 + 130) ÷ 2
    bot_resolved: 2,
    bot_resolved_share: 33.3, // 2 ÷ 6 chats
  });
  assert.equal(r.channels[0].rows[0].figures.bot_resolved_share, 20.0); // 1 ÷ 5
  assert.equal(r.channels[0].rows[1].figures.bot_resolved_share, 100.0); // 1 ÷ 1
  assert.equal(r.channels[0].rows[1].figures.service_level, null);
});

Deno.test("e-mail and SMS answer by first response, against the queue's T or the channel's", () => {
  const { db, reports } = center();
  writeContacts(db);
  const r = reports.report({ from: T0, to: T30, granularity: "30m", timeZone: ZONE });
  const by = Object.fromEntries(r.channels.map((c) => [c.channel, c.total]));
  assert.deepEqual(Object.keys(by), ["voice", "chat", "email", "sms"]);
  assert.deepEqual(by.email, {
    offered: 2, // the outbound one is not offered
    handled: 1,
    abandoned: null,
    service_level: 50.0, // e1 within 4 h ÷ 2
    abandon_rate: null,
    asa_s: null,
    aht_s: null,
    first_response_s: 3600.0,
    bot_resolved: null,
    bot_resolved_share: null,
  });
  assert.equal(by.sms.offered, 2); // s0 started before the period
  assert.equal(by.sms.service_level, 50.0); // 15 s within Sales' 20 s, 60 s not
  assert.equal(by.sms.first_response_s, 37.5);
});
