import assert from "node:assert/strict";
import { parse } from "csv-parse/sync";
import { ADMIN_PASSWORD, DEMO_PASSWORD, testAppliance } from "../support/test_appliance.ts";
import {
  SALES,
  T0,
  T30,
  writeCallEvents,
  writeCenter,
  writeCrmContacts,
  writeStates,
} from "../reports/_fixture.ts";

const PERIOD = new URLSearchParams({
  from: new Date(T0).toISOString(),
  to: new Date(T30).toISOString(),
}).toString();

async function fixtureAppliance(demo = false) {
  const app = await testAppliance({ demo });
  writeCenter(app.db);
  writeCrmContacts(app.db);
  writeCallEvents(app.db);
  writeStates(app.db);
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  return { app, admin };
}

/** The bytes start like a ZIP (an XLSX is one). */
function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

Deno.test("list reports answer as JSON, CSV and XLSX with the columns asked for", async () => {
  const { app, admin } = await fixtureAppliance();
  await using _ = app;
  const json = await (await admin.get(`/api/v1/reports/lists/dispositions?${PERIOD}`)).json();
  assert.deepEqual(json.columns.map((c: { id: string }) => c.id), [
    "code",
    "label",
    "resolves",
    "contacts",
    "share",
  ]);
  assert.deepEqual(json.rows[0], ["fixture_solved", "Solved", 1, 3, 75]);

  const csv = await admin.get(
    `/api/v1/reports/lists/abandoned?${PERIOD}&queue_id=${SALES}&columns=call_id,wait_s&format=csv`,
  );
  assert.match(csv.headers.get("content-type") ?? "", /text\/csv/);
  assert.deepEqual(parse(await csv.text()), [["call_id", "wait_s"], ["c4", "60"], ["c3", "10"]]);

  const xlsx = await admin.get(`/api/v1/reports/lists/trunks?${PERIOD}&format=xlsx`);
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.headers.get("content-type") ?? "", /spreadsheetml/);
  assert.match(xlsx.headers.get("content-disposition") ?? "", /report-trunks-2026-03-02\.xlsx/);
  assert.ok(isZip(new Uint8Array(await xlsx.arrayBuffer())));

  const figures = await admin.get(
    `/api/v1/reports/figures.xlsx?${PERIOD}&interval=15m&tz=UTC`,
  );
  assert.equal(figures.status, 200);
  assert.ok(isZip(new Uint8Array(await figures.arrayBuffer())));
});

Deno.test("an unknown list, a backwards or too long period are refused with the reason", async () => {
  const { app, admin } = await fixtureAppliance();
  await using _ = app;
  const unknown = await admin.get(`/api/v1/reports/lists/nope?${PERIOD}`);
  assert.equal(unknown.status, 404);
  const backwards = await admin.get(
    `/api/v1/reports/lists/ivr?from=${new Date(T30).toISOString()}&to=${
      new Date(T0).toISOString()
    }`,
  );
  assert.equal(backwards.status, 400);
  assert.match(JSON.stringify(await backwards.json()), /to must be after from/);
  const long = await admin.get(
    `/api/v1/reports/lists/ivr?from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z`,
  );
  assert.equal(long.status, 400);
  assert.match(JSON.stringify(await long.json()), /at most 93 days/);
});

Deno.test("a supervisor leaves a callback for an abandoned caller, once", async () => {
  const { app, admin } = await fixtureAppliance();
  await using _ = app;
  app.db.run("UPDATE calls SET caller = '+8613800000004' WHERE id = 'c4'");
  const first = await admin.post("/api/v1/reports/lists/abandoned/c4/callback");
  assert.equal(first.status, 201);
  assert.equal((await first.json()).callback.number, "+8613800000004");
  const row = app.db.get<{ number: string; queue_id: number; status: string }>(
    "SELECT number, queue_id, status FROM callbacks WHERE call_id = 'c4'",
  )!;
  assert.deepEqual({ ...row }, { number: "+8613800000004", queue_id: SALES, status: "pending" });
  assert.equal((await admin.post("/api/v1/reports/lists/abandoned/c4/callback")).status, 409);
  const listed = await (await admin.get(`/api/v1/reports/lists/abandoned?${PERIOD}`)).json();
  const callbackAt = listed.columns.findIndex((c: { id: string }) => c.id === "callback");
  const c4 = listed.rows.find((r: unknown[]) => r[0] === "c4");
  assert.equal(c4[callbackAt], "pending");
  // c1 was answered, not abandoned.
  assert.equal((await admin.post("/api/v1/reports/lists/abandoned/c1/callback")).status, 404);
});

Deno.test("saved reports belong to the user who saved them; the same name replaces", async () => {
  const { app, admin } = await fixtureAppliance(true);
  await using _ = app;
  const definition = { view: "abandoned", days: 7, queue_id: SALES, columns: ["call_id"] };
  const saved = await admin.post("/api/v1/reports/saved", { name: "Sales drop-outs", definition });
  assert.equal(saved.status, 201);
  const id = (await saved.json()).saved.id;
  const again = await admin.post("/api/v1/reports/saved", {
    name: "Sales drop-outs",
    definition: { ...definition, days: 1 },
  });
  assert.equal((await again.json()).saved.id, id);
  const mine = await (await admin.get("/api/v1/reports/saved")).json();
  assert.equal(mine.saved.length, 1);
  assert.equal(mine.saved[0].definition.days, 1);

  const other = app.client();
  await other.login("super1", DEMO_PASSWORD);
  assert.deepEqual((await (await other.get("/api/v1/reports/saved")).json()).saved, []);
  assert.equal((await other.request("DELETE", `/api/v1/reports/saved/${id}`)).status, 404);

  const bad = await admin.post("/api/v1/reports/saved", {
    name: "x",
    definition: { view: "nowhere", days: 1 },
  });
  assert.equal(bad.status, 400);
  assert.equal((await admin.request("DELETE", `/api/v1/reports/saved/${id}`)).status, 204);
  assert.deepEqual((await (await admin.get("/api/v1/reports/saved")).json()).saved, []);
});

Deno.test("the staffing and agent-state tables export as CSV and Excel too", async () => {
  const { app, admin } = await fixtureAppliance();
  await using _ = app;
  const staffing = await admin.get(`/api/v1/reports/staffing.csv?${PERIOD}&interval=15m&tz=UTC`);
  assert.equal(staffing.status, 200);
  const lines = parse(await staffing.text()) as string[][];
  assert.deepEqual(lines[0], [
    "start",
    "end",
    "calls",
    "aht_s",
    "needed",
    "needed_erlang_a",
    "scheduled",
    "logged_in",
  ]);
  assert.equal(lines.length, 3); // two quarter hours
  assert.deepEqual(lines[1].slice(0, 4), [
    "2026-03-02T09:00:00.000Z",
    "2026-03-02T09:15:00.000Z",
    "5",
    "147.7",
  ]);
  const states = await admin.get(`/api/v1/reports/agent-states.csv?${PERIOD}&interval=15m&tz=UTC`);
  const rows = parse(await states.text()) as string[][];
  assert.deepEqual(rows[0], ["kind", "name", "seconds"]);
  // ann, bob and cat were ready 2,915 s of the half hour (as the page shows, 0.81 h).
  assert.deepEqual(rows.find((r) => r[0] === "state" && r[1] === "ready"), [
    "state",
    "ready",
    "2915",
  ]);
  for (const path of ["staffing.xlsx", "agent-states.xlsx"]) {
    const xlsx = await admin.get(`/api/v1/reports/${path}?${PERIOD}&interval=15m&tz=UTC`);
    assert.equal(xlsx.status, 200, path);
    assert.ok(isZip(new Uint8Array(await xlsx.arrayBuffer())), path);
  }
});
