import assert from "node:assert/strict";
import type { BusinessHours } from "../../src/crm/mod.ts";
import type { Database } from "../../src/db/mod.ts";
import { localTime } from "../../src/ivr/mod.ts";
import { ScheduleStore } from "../../src/ivr/schedule_store.ts";
import { crmFixture } from "./_crm.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const utc = (day: number, hour: number, minute = 0) =>
  new Date(Date.UTC(2026, 4, day, hour, minute)).toISOString();

/**
 * The center's hours through the IVR's own schedules and "open now?" check, in
 * Shanghai (UTC+8): Monday to Friday 09:00–18:00 local, 01:00–10:00 UTC.
 */
function officeHours(holidays: string[] = []) {
  return (db: Database): BusinessHours => {
    const schedules = new ScheduleStore(db);
    schedules.put("office", {
      hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: "09:00", closes: "18:00" })),
      holidays: holidays.map((date) => ({ date, name: "" })),
    });
    return {
      has: (name) => schedules.has(name),
      isOpen: (name, ms) => schedules.status(name, localTime(ms, "Asia/Shanghai")) === "open",
    };
  };
}

Deno.test("a business-time rule counts only open hours, over the weekend and a holiday", async () => {
  await using f = await crmFixture({ businessHours: officeHours(["2026-05-04"]) });
  f.crm.sla.replace([
    { category: "*", priority: "normal", resolve_within_min: 600, clock: "business" },
    { category: "*", priority: "high", resolve_within_min: 600 },
  ]);
  const c = f.crm.customers.create({ name: "A" });
  // Opened Friday 10:00 local: 8 hours left on Friday, then Monday is a holiday, so the
  // last 2 hours run on Tuesday from 09:00.
  const business = f.crm.cases.create({ customer_id: c.id, subject: "x" }, null);
  assert.equal(business.due_at, utc(5, 3));
  const calendar = f.crm.cases.create({ customer_id: c.id, subject: "x", priority: "high" }, null);
  assert.equal(calendar.due_at, utc(1, 12));
  assert.deepEqual(
    f.crm.sla.list().map((r) => [r.priority, r.clock, r.pause_when_waiting]),
    [["high", "calendar", false], ["normal", "business", false]],
  );
});

Deno.test("a case opened while the center is closed starts its business clock at the next opening", async () => {
  await using f = await crmFixture({ businessHours: officeHours() });
  f.crm.sla.replace([
    { category: "*", priority: "normal", resolve_within_min: 90, clock: "business" },
  ]);
  f.clock.advance(10 * HOUR); // Friday 20:00 local
  const c = f.crm.customers.create({ name: "A" });
  const k = f.crm.cases.create({ customer_id: c.id, subject: "x" }, null);
  assert.equal(k.due_at, utc(4, 2, 30)); // Monday 10:30 local
});

Deno.test("a business-time rule counts calendar time when the center's schedule does not exist", async () => {
  await using f = await crmFixture({ businessHours: officeHours() });
  f.crm.settings.update({ hours_schedule: "nowhere" });
  f.crm.sla.replace([
    { category: "*", priority: "normal", resolve_within_min: 600, clock: "business" },
  ]);
  const c = f.crm.customers.create({ name: "A" });
  const k = f.crm.cases.create({ customer_id: c.id, subject: "x" }, null);
  assert.equal(k.due_at, utc(1, 12));
});

Deno.test("a case waiting on the customer is due later by the wait when its rule pauses", async () => {
  await using f = await crmFixture();
  f.crm.sla.replace([
    { category: "*", priority: "normal", resolve_within_min: 600, pause_when_waiting: true },
    { category: "*", priority: "high", resolve_within_min: 600 },
  ]);
  const c = f.crm.customers.create({ name: "A" });
  const paused = f.crm.cases.create({ customer_id: c.id, subject: "x" }, null);
  const running = f.crm.cases.create({ customer_id: c.id, subject: "y", priority: "high" }, null);
  assert.equal(paused.due_at, utc(1, 12));
  f.clock.advance(HOUR);
  for (const id of [paused.id, running.id]) f.crm.cases.transition(id, "pending_customer", null);
  f.clock.advance(5 * HOUR);
  // Still paused: the due time moves only when work resumes.
  assert.equal(f.crm.cases.get(paused.id)!.due_at, utc(1, 12));
  assert.equal(f.crm.cases.transition(paused.id, "open", null).due_at, utc(1, 17));
  assert.equal(f.crm.cases.transition(running.id, "open", null).due_at, utc(1, 12));
  // A second wait adds its own time to the first.
  f.crm.cases.transition(paused.id, "pending_customer", null);
  f.clock.advance(30 * MIN);
  assert.equal(f.crm.cases.transition(paused.id, "escalated", null).due_at, utc(1, 17, 30));
});

Deno.test("a wait that began after the due time leaves a breached case's due time alone", async () => {
  await using f = await crmFixture();
  f.crm.sla.replace([
    { category: "*", priority: "normal", resolve_within_min: 60, pause_when_waiting: true },
  ]);
  const c = f.crm.customers.create({ name: "A" });
  const k = f.crm.cases.create({ customer_id: c.id, subject: "x" }, null);
  f.clock.advance(2 * HOUR);
  f.crm.cases.transition(k.id, "pending_customer", null);
  f.clock.advance(HOUR);
  assert.equal(f.crm.cases.transition(k.id, "open", null).due_at, utc(1, 3));
});

Deno.test("a paused business-time case resumes with the open time it had left", async () => {
  await using f = await crmFixture({ businessHours: officeHours() });
  f.crm.sla.replace([{
    category: "*",
    priority: "normal",
    resolve_within_min: 600,
    clock: "business",
    pause_when_waiting: true,
  }]);
  const c = f.crm.customers.create({ name: "A" });
  const k = f.crm.cases.create({ customer_id: c.id, subject: "x" }, null);
  assert.equal(k.due_at, utc(4, 3)); // Monday 11:00 local
  f.clock.advance(7 * HOUR); // Friday 17:00 local: 3 open hours left
  f.crm.cases.transition(k.id, "pending_customer", null);
  f.clock.advance(65 * HOUR); // Monday 10:00 local
  assert.equal(f.crm.cases.transition(k.id, "open", null).due_at, utc(4, 5)); // 13:00 local
});
