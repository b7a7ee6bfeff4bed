import assert from "node:assert/strict";
import { StaffingController } from "../../ui/reports/staffing_controller.ts";
import { controllerHost as host } from "../support/controller_host.ts";

Deno.test("staffing loads per interval for a queue, and the period's schedules", async () => {
  const asked: string[] = [];
  const controller = new StaffingController(host(), {
    timeZone: "UTC",
    request: <T>(_method: string, path: string) => {
      asked.push(path);
      if (path.startsWith("/reports/staffing")) {
        return Promise.resolve({ intervals: [{ calls: 5 }] } as T);
      }
      if (path.startsWith("/reports/forecast")) {
        return Promise.resolve(
          {
            intervals: [{ calls: 1.4 }, { calls: 2.4 }],
            mape: 8.1,
            baseline_mape: 11.9,
            weeks_of_history: 4,
          } as T,
        );
      }
      return Promise.resolve({ blocks: [{ id: 1 }] } as T);
    },
  });
  await controller.load({ day: "2026-03-02", days: 1, interval: "day", scope: "queue", id: 3 });
  assert.match(asked[0], /interval=60m/);
  assert.match(asked[0], /scope=queue&id=3$/);
  assert.match(asked[1], /^\/schedules\?from=/);
  assert.equal(controller.lines.length, 1);
  assert.equal(controller.schedule.length, 1);
  assert.match(asked[2], /^\/reports\/forecast\?weeks=4&tz=UTC&scope=queue&id=3$/);
  assert.deepEqual(controller.forecast, {
    calls: 4,
    mape: 8.1,
    baseline_mape: 11.9,
    weeks_of_history: 4,
  });
  assert.equal(controller.error, null);
});

Deno.test("a what-if the server refuses shows its message", async () => {
  const controller = new StaffingController(host(), {
    timeZone: "UTC",
    request: () => Promise.reject(new Error("aht_s must be more than 0 seconds")),
  });
  await controller.ask({
    calls: 1,
    interval_minutes: 30,
    aht_s: 0,
    threshold_s: 20,
    target_percent: 80,
    shrinkage_percent: 0,
  });
  assert.equal(controller.whatIf, null);
  assert.equal(controller.error, "aht_s must be more than 0 seconds");
});
