import assert from "node:assert/strict";
import { T0, T30, writeCallEvents, writeCenter, writeStates } from "../reports/_fixture.ts";
import { ADMIN_PASSWORD, DEMO_PASSWORD, testAppliance } from "../support/test_appliance.ts";

const FROM = new Date(T0).toISOString();
const TO = new Date(T30).toISOString();

Deno.test("GET /reports/channels gives every channel's figures, or one channel's when asked", async () => {
  await using app = await testAppliance();
  writeCenter(app.db);
  writeCallEvents(app.db);
  writeStates(app.db);
  app.db.run(
    `INSERT INTO interactions (channel, direction, started_at, first_response_at)
     VALUES ('sms', 'inbound', ?, ?)`,
    new Date(T0 + 60_000).toISOString(),
    new Date(T0 + 120_000).toISOString(),
  );
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  const all = await admin.get(`/api/v1/reports/channels?from=${FROM}&to=${TO}&interval=15m&tz=UTC`);
  assert.equal(all.status, 200);
  const body = await all.json();
  assert.deepEqual(body.channels.map((c: { channel: string }) => c.channel), [
    "voice",
    "chat",
    "email",
    "sms",
  ]);
  assert.equal(body.channels[0].total.offered, 7);
  assert.equal(body.channels[0].rows.length, 2);
  assert.equal(body.channels[3].total.first_response_s, 60);

  const sms = await (await admin.get(
    `/api/v1/reports/channels?from=${FROM}&to=${TO}&tz=UTC&interval=30m&channel=sms`,
  )).json();
  assert.deepEqual(sms.channels.map((c: { channel: string }) => c.channel), ["sms"]);
  const bad = await admin.get(`/api/v1/reports/channels?from=${FROM}&to=${TO}&channel=fax`);
  assert.equal(bad.status, 400);
});

Deno.test("an agent cannot read reports by channel", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = app.client();
  await agent.login("agent1", DEMO_PASSWORD);
  assert.equal((await agent.get(`/api/v1/reports/channels?from=${FROM}&to=${TO}`)).status, 403);
});
