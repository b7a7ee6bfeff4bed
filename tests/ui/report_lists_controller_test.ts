import assert from "node:assert/strict";
import { listQuery, ReportListsController } from "../../ui/reports/report_lists_controller.ts";
import { choiceOf, definitionOf } from "../../ui/reports/saved_reports_controller.ts";
import type { PeriodChoice } from "../../ui/reports/reports_controller.ts";
import { controllerHost as host } from "../support/controller_host.ts";

const WEEK: PeriodChoice = { day: "2026-03-02", days: 7, interval: "day", scope: "queue", id: 4 };

Deno.test("a queue scope narrows the lists that have a queue, and only those", () => {
  assert.equal(new URLSearchParams(listQuery("abandoned", WEEK)).get("queue_id"), "4");
  assert.equal(new URLSearchParams(listQuery("dispositions", WEEK)).get("queue_id"), "4");
  assert.equal(new URLSearchParams(listQuery("trunks", WEEK)).get("queue_id"), null);
  const center = { ...WEEK, scope: "center" as const, id: null };
  assert.equal(new URLSearchParams(listQuery("abandoned", center)).get("queue_id"), null);
});

Deno.test("the IVR view loads its two lists; a failure keeps the reason and no stale rows", async () => {
  const asked: string[] = [];
  const lists = new ReportListsController(host(), {
    request: <T>(_m: string, path: string) => {
      asked.push(path.split("?")[0]);
      return Promise.resolve({ kind: "ivr", columns: [], rows: [] } as T);
    },
  });
  await lists.load("ivr", WEEK);
  assert.deepEqual(asked, ["/reports/lists/ivr", "/reports/lists/ivr-hangups"]);
  assert.equal(lists.lists.length, 2);

  const failing = new ReportListsController(host(), {
    request: () => Promise.reject(new Error("Period too long")),
  });
  await failing.load("trunks", WEEK);
  assert.equal(failing.error, "Period too long");
  assert.deepEqual(failing.lists, []);
});

Deno.test("an export asks for the format and the columns shown", async () => {
  const urls: string[] = [];
  const lists = new ReportListsController(host(), {
    request: () => Promise.reject(new Error("unused")),
    fetchFile: (url) => {
      urls.push(url);
      return Promise.resolve(
        new Response("x", {
          headers: { "content-disposition": 'attachment; filename="report-abandoned.xlsx"' },
        }),
      );
    },
  });
  const file = await lists.exportFile("abandoned", WEEK, "xlsx", ["call_id", "wait_s"]);
  assert.equal(file.fileName, "report-abandoned.xlsx");
  const q = new URLSearchParams(urls[0].split("?")[1]);
  assert.equal(q.get("format"), "xlsx");
  assert.equal(q.get("columns"), "call_id,wait_s");
});

Deno.test("a saved report reopens on as many days ending today, with its scope and columns", () => {
  const def = definitionOf("abandoned", WEEK, ["call_id"]);
  assert.deepEqual(def, {
    view: "abandoned",
    days: 7,
    interval: "day",
    scope: "queue",
    id: 4,
    columns: ["call_id"],
  });
  assert.deepEqual(choiceOf(def, "2026-12-06"), {
    day: "2026-11-30",
    days: 7,
    interval: "day",
    scope: "queue",
    id: 4,
  });
});
