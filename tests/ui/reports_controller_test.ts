import assert from "node:assert/strict";
import {
  periodBounds,
  reportQuery,
  ReportsController,
} from "../../ui/reports/reports_controller.ts";
import { formatFigure } from "../../ui/reports/report_table.ts";

const host = () => {
  const h = {
    updates: 0,
    addController() {},
    removeController() {},
    requestUpdate() {
      h.updates++;
    },
    updateComplete: Promise.resolve(true),
  };
  return h;
};

const CHOICE = { day: "2026-03-02", days: 1, interval: "15m", scope: "queue", id: 7 } as const;

Deno.test("the controller loads the catalog once and the figures of each choice", async () => {
  const asked: string[] = [];
  const controller = new ReportsController(host(), {
    timeZone: "UTC",
    request: <T>(_method: string, path: string) => {
      asked.push(path);
      if (path === "/reports/metrics") return Promise.resolve({ metrics: [{ id: "aht_s" }] } as T);
      return Promise.resolve({ rows: [], total: { metrics: {} } } as T);
    },
  });
  await controller.load({ ...CHOICE });
  await controller.load({ ...CHOICE, interval: "60m" });
  assert.equal(asked.filter((p) => p === "/reports/metrics").length, 1);
  assert.equal(asked.length, 3);
  assert.match(
    asked[1],
    /^\/reports\/figures\?.*interval=15m&scope=queue&tz=UTC&id=7&compare=previous$/,
  );
  assert.equal(controller.metrics.length, 1);
  assert.equal(controller.loading, false);
  assert.match(controller.csvUrl({ ...CHOICE }), /^\/api\/v1\/reports\/figures\.csv\?/);
});

Deno.test("agent and team scopes load the time in each state too", async () => {
  const asked: string[] = [];
  const controller = new ReportsController(host(), {
    timeZone: "UTC",
    request: <T>(_method: string, path: string) => {
      asked.push(path);
      if (path === "/reports/metrics") return Promise.resolve({ metrics: [] } as T);
      if (path.startsWith("/reports/agent-states")) {
        return Promise.resolve({ by_state: { ready: 60_000 }, by_reason: {} } as T);
      }
      return Promise.resolve({ rows: [], total: { metrics: {} } } as T);
    },
  });
  await controller.load({ ...CHOICE, scope: "agent" });
  assert.deepEqual(controller.states, { by_state: { ready: 60_000 }, by_reason: {} });
  assert.match(asked[2], /^\/reports\/agent-states\?.*scope=agent/);
});

Deno.test("a refused request shows its message and no stale figures", async () => {
  const controller = new ReportsController(host(), {
    timeZone: "UTC",
    request: () => Promise.reject(new Error("The period must end after it starts")),
  });
  await controller.load({ ...CHOICE });
  assert.equal(controller.report, null);
  assert.equal(controller.error, "The period must end after it starts");
});

Deno.test("a center query names no id, and a period runs from local midnight", () => {
  const q = new URLSearchParams(reportQuery({ ...CHOICE, scope: "center" }, "UTC"));
  assert.equal(q.get("id"), null);
  const { from, to } = periodBounds({ ...CHOICE, days: 2 });
  assert.equal(Date.parse(to) - Date.parse(from) >= 47 * 3600_000, true);
});

Deno.test("figures without a denominator show a dash, percentages one decimal", () => {
  assert.equal(formatFigure(null, "%"), "—");
  assert.equal(formatFigure(80, "%"), "80.0 %");
  assert.equal(formatFigure(12.5, "s"), "12.5");
});

Deno.test("the CSV export keeps the server's file name", async () => {
  const controller = new ReportsController(host(), {
    timeZone: "UTC",
    request: () => Promise.reject(new Error("unused")),
    fetchFile: () =>
      Promise.resolve(
        new Response("row,start\n", {
          headers: { "content-disposition": 'attachment; filename="report-center-2026-03-02.csv"' },
        }),
      ),
  });
  const { blob, fileName } = await controller.exportCsv({ ...CHOICE });
  assert.equal(fileName, "report-center-2026-03-02.csv");
  assert.equal(await blob.text(), "row,start\n");
});
