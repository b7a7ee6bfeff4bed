import assert from "node:assert/strict";
import {
  MyScheduleController,
  planNow,
  type ScheduleBlockJson,
  scheduleDays,
  startOfLocalDay,
} from "../../ui/agent/my_schedule_controller.ts";
import { controllerHost as host } from "../support/controller_host.ts";

const block = (
  id: number,
  kind: "shift" | "break",
  starts: string,
  ends: string,
): ScheduleBlockJson => ({ id, user_id: 5, kind, starts_at: starts, ends_at: ends });

const BLOCKS = [
  block(2, "break", "2026-12-07T04:00:00Z", "2026-12-07T04:30:00Z"),
  block(1, "shift", "2026-12-07T01:00:00Z", "2026-12-07T09:00:00Z"),
  block(3, "shift", "2026-12-08T17:00:00Z", "2026-12-09T01:00:00Z"),
];

Deno.test("the agent's blocks are grouped by the local day their shift starts, breaks inside", () => {
  // Shanghai is UTC+8: the second shift starts at 01:00 on the 9th there.
  const days = scheduleDays(BLOCKS, "2026-12-07", 3, "Asia/Shanghai");
  assert.deepEqual(days.map((d) => d.date), ["2026-12-07", "2026-12-08", "2026-12-09"]);
  assert.deepEqual(days.map((d) => d.shifts.map((s) => s.id)), [[1], [], [3]]);
  assert.deepEqual(days[0].shifts[0].breaks.map((b) => b.id), [2]);
  assert.equal(days[0].startsMs, Date.parse("2026-12-06T16:00:00Z"));
});

Deno.test("a local day starts at local midnight across a daylight-saving change", () => {
  assert.equal(
    startOfLocalDay("2026-03-29", "Europe/London"),
    Date.parse("2026-03-29T00:00:00Z"),
  );
  assert.equal(
    startOfLocalDay("2026-03-30", "Europe/London"),
    Date.parse("2026-03-29T23:00:00Z"),
  );
});

Deno.test("the desk says whether the agent is on shift, on a break, or when the next shift starts", () => {
  const days = scheduleDays(BLOCKS, "2026-12-07", 3, "UTC");
  assert.deepEqual(planNow(days, Date.parse("2026-12-07T00:00:00Z")), {
    kind: "next",
    startsMs: Date.parse("2026-12-07T01:00:00Z"),
  });
  assert.deepEqual(planNow(days, Date.parse("2026-12-07T02:00:00Z")), {
    kind: "shift",
    endsMs: Date.parse("2026-12-07T09:00:00Z"),
  });
  assert.deepEqual(planNow(days, Date.parse("2026-12-07T04:10:00Z")), {
    kind: "break",
    endsMs: Date.parse("2026-12-07T04:30:00Z"),
  });
  assert.deepEqual(planNow(days, Date.parse("2026-12-10T00:00:00Z")), { kind: "none" });
});

Deno.test("loading asks /schedules/mine for the week from local midnight today", async () => {
  const asked: string[] = [];
  const controller = new MyScheduleController(host(), {
    timeZone: "Asia/Shanghai",
    now: () => Date.parse("2026-12-07T02:00:00Z"),
    request: <T>(_method: string, path: string) => {
      asked.push(path);
      return Promise.resolve({ blocks: BLOCKS } as T);
    },
  });
  await controller.load();
  const query = new URLSearchParams(asked[0].split("?")[1]);
  assert.equal(asked[0].split("?")[0], "/schedules/mine");
  assert.equal(query.get("from"), "2026-12-06T16:00:00.000Z");
  assert.equal(query.get("to"), "2026-12-13T16:00:00.000Z");
  assert.equal(controller.days.length, 7);
  assert.equal(controller.error, null);
});

Deno.test("a failed load keeps the reason and no stale days", async () => {
  const controller = new MyScheduleController(host(), {
    request: () => Promise.reject(new Error("Network down")),
  });
  await controller.load();
  assert.equal(controller.error, "Network down");
  assert.deepEqual(controller.days, []);
});
