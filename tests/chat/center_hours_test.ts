import assert from "node:assert/strict";
import { chatOpenHours } from "../../src/chat/mod.ts";
import { localTime } from "../../src/ivr/mod.ts";
import { ScheduleStore } from "../../src/ivr/schedule_store.ts";
import { deskFixture, settle, visitor } from "./_chat_desk.ts";

/**
 * The IVR's schedules as the composition root passes them in, read in Shanghai time; the
 * fixtures' clock starts on Friday 2026-05-01 at 10:00 there.
 */
async function centerWithHours() {
  let open = () => true;
  const fixture = await deskFixture({ isOpen: () => open() });
  const hours = new ScheduleStore(fixture.f.db);
  open = chatOpenHours(
    {
      has: (name) => hours.has(name),
      isOpen: (name, ms) => hours.status(name, localTime(ms, "Asia/Shanghai")) === "open",
    },
    () => fixture.f.crm.settings.get().hours_schedule,
    fixture.f.clock,
  );
  return { ...fixture, hours };
}

Deno.test("within the center's hours a chat goes to its queue, outside them the visitor may only leave a message", async () => {
  const { f, desk, routing, hours } = await centerWithHours();
  await using _ = f;
  routing.bot = false;
  hours.put("office", {
    hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: "09:00", closes: "18:00" })),
    holidays: [],
  });

  const morning = visitor(desk, f.clock, "203.0.113.1");
  morning.say({ type: "start", name: "A", email: "a@example.com", topic: "", language: "en" });
  await settle();
  assert.equal(routing.calls.filter((c) => c.startsWith("enter")).length, 1);
  assert.ok(morning.sent.some((m) => m.type === "state" && m.can_leave_message === false));

  f.clock.advance(9 * 3600_000); // 19:00 in Shanghai
  const evening = visitor(desk, f.clock, "203.0.113.2");
  evening.say({ type: "start", name: "B", email: "b@example.com", topic: "", language: "en" });
  await settle();
  assert.equal(routing.calls.filter((c) => c.startsWith("enter")).length, 1, "not queued");
  assert.ok(evening.sent.some((m) => m.type === "state" && m.can_leave_message === true));
  evening.say({ type: "leave_message", text: "Call me tomorrow" });
  const left = evening.sent.find((m) => m.type === "left_message");
  assert.ok(left && left.type === "left_message");
  assert.match(f.crm.cases.require(left.case_id).description, /Call me tomorrow/);
});

Deno.test("a center that has set no hours takes chats at any time", async () => {
  const { f, desk, routing } = await centerWithHours();
  await using _ = f;
  routing.bot = false;
  f.clock.advance(14 * 3600_000); // midnight in Shanghai
  const night = visitor(desk, f.clock);
  night.say({ type: "start", name: "N", email: "n@example.com", topic: "", language: "en" });
  await settle();
  assert.equal(routing.calls.filter((c) => c.startsWith("enter")).length, 1);
});
