import assert from "node:assert/strict";
import type { ReactiveController } from "lit";
import { WorkController } from "../../ui/agent/work_controller.ts";

function fakeHost() {
  return {
    updates: 0,
    controllers: [] as ReactiveController[],
    addController(c: ReactiveController) {
      this.controllers.push(c);
    },
    removeController() {},
    requestUpdate() {
      this.updates++;
    },
    updateComplete: Promise.resolve(true),
  };
}

Deno.test("an SLA event becomes a notice and refreshes the work counts", async () => {
  const host = fakeHost();
  let fetched = 0;
  const work = new WorkController(host, {
    pollMs: 0,
    fetchCounts: () => {
      fetched++;
      return Promise.resolve({ assigned: 2, due_today: 0, breached: 1, waiting: 0, follow_ups: 0 });
    },
  });
  work.handleEvent({ type: "agent.state", at: "", data: {} });
  assert.equal(work.notices.length, 0);
  work.handleEvent({
    type: "crm.case_sla",
    at: "2026-05-01T10:00:00Z",
    data: { case_id: 7, subject: "Router", state: "breached" },
  });
  assert.deepEqual(work.notices.map((n) => [n.caseId, n.state]), [[7, "breached"]]);
  await Promise.resolve();
  await Promise.resolve();
  assert.equal(fetched, 1);
  assert.equal(work.counts.breached, 1);
  // A later state of the same case replaces its notice rather than stacking.
  work.handleEvent({
    type: "crm.case_sla",
    at: "2026-05-01T10:01:00Z",
    data: { case_id: 7, subject: "Router", state: "breached" },
  });
  assert.equal(work.notices.length, 1);
  work.dismiss(7);
  assert.equal(work.notices.length, 0);
});
