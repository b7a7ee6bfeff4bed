import assert from "node:assert/strict";
import {
  attachmentProblem,
  type CaseRow,
  formatSpan,
  mergeTimeline,
  previewable,
  slaClock,
} from "../../ui/agent/tiers_api.ts";

const base: CaseRow = {
  id: 1,
  customer_id: 1,
  subject: "x",
  description: "",
  category: "general",
  priority: "normal",
  status: "open",
  tier: 1,
  assignee_id: null,
  team_id: null,
  due_at: "2026-05-01T12:00:00.000Z",
  created_at: "2026-05-01T10:00:00.000Z",
  updated_at: "2026-05-01T10:00:00.000Z",
  version: 1,
  sla_state: "ok",
};
const at = (iso: string) => Date.parse(iso);

Deno.test("the SLA clock is green with time left, amber in the last hour, red once past due", () => {
  assert.deepEqual(slaClock(base, at("2026-05-01T10:00:00Z")), { tone: "ok", leftS: 7200 });
  assert.equal(slaClock(base, at("2026-05-01T11:30:00Z")).tone, "warning");
  assert.equal(
    slaClock({ ...base, sla_state: "warning" }, at("2026-05-01T10:00:00Z")).tone,
    "warning",
  );
  assert.deepEqual(slaClock(base, at("2026-05-01T12:05:00Z")), { tone: "breached", leftS: -300 });
});

Deno.test("the SLA clock pauses while waiting on the customer and stops once resolved", () => {
  const now = at("2026-05-01T11:00:00Z");
  assert.equal(slaClock({ ...base, status: "pending_customer" }, now).tone, "paused");
  assert.equal(slaClock({ ...base, status: "resolved" }, at("2026-05-02T00:00:00Z")).tone, "done");
  assert.deepEqual(slaClock({ ...base, due_at: null }, now), { tone: "none", leftS: null });
});

Deno.test("the SLA clock of a waiting case pauses only where its rule pauses, even past due", () => {
  const waiting = { ...base, status: "pending_customer" as const };
  const before = at("2026-05-01T11:00:00Z");
  const after = at("2026-05-01T12:05:00Z");
  assert.equal(slaClock(waiting, after, true).tone, "paused");
  assert.equal(slaClock(waiting, before, false).tone, "warning");
  assert.equal(slaClock(waiting, after, false).tone, "breached");
  assert.equal(slaClock(waiting, after).tone, "breached");
});

Deno.test("spans read in days, hours or minutes", () => {
  assert.equal(formatSpan(90_000), "1 d 1 h");
  assert.equal(formatSpan(-3_900), "1 h 5 min");
  assert.equal(formatSpan(20), "1 min");
});

Deno.test("attachments over 10 MB or of a refused type are refused before upload", () => {
  assert.equal(attachmentProblem({ size: 1000, type: "image/png" }), null);
  assert.equal(attachmentProblem({ size: 1000, type: "application/pdf" }), null);
  assert.equal(attachmentProblem({ size: 11 * 1024 * 1024, type: "image/png" }), "size");
  assert.equal(attachmentProblem({ size: 10, type: "application/x-msdownload" }), "type");
  assert.equal(previewable("image/jpeg"), "image");
  assert.equal(previewable("application/pdf"), "pdf");
  assert.equal(previewable("text/plain"), null);
});

Deno.test("the customer's timeline puts contacts and case notes on one line, newest first", () => {
  const items = mergeTimeline({
    customer: {} as never,
    cases: [],
    interactions: [{
      id: 1,
      channel: "call",
      direction: "inbound",
      started_at: "2026-05-01T10:00:00Z",
      agent: null,
      case_id: null,
      notes: null,
    }],
    case_notes: [{ id: 9, author: "Wang", body: "Resolution", created_at: "2026-05-01T11:00:00Z" }],
  });
  assert.deepEqual(items.map((i) => i.kind), ["note", "contact"]);
});
