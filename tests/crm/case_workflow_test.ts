import assert from "node:assert/strict";
import {
  allowedMoves,
  CASE_STATUSES,
  IllegalTransitionError,
  transition,
} from "../../src/crm/mod.ts";

Deno.test("transition() follows a case from new through escalation to closed", () => {
  let status = transition("new", "open");
  status = transition(status, "pending_customer");
  status = transition(status, "escalated");
  status = transition(status, "resolved");
  status = transition(status, "closed");
  assert.equal(transition(status, "reopened"), "reopened");
});

Deno.test("transition() throws on an illegal move and names the moves that are allowed", () => {
  const illegal: [typeof CASE_STATUSES[number], typeof CASE_STATUSES[number]][] = [
    ["open", "closed"],
    ["open", "new"],
    ["closed", "open"],
    ["closed", "resolved"],
    ["resolved", "escalated"],
    ["escalated", "closed"],
    ["open", "open"],
  ];
  for (const [from, to] of illegal) {
    assert.throws(() => transition(from, to), (e: unknown) => {
      assert.ok(e instanceof IllegalTransitionError);
      assert.match(e.message, new RegExp(`cannot go from ${from} to ${to}`));
      return true;
    });
  }
  assert.throws(() => transition("closed", "open"), /from closed it can go to reopened/);
});

Deno.test("every status can eventually be closed", () => {
  for (const start of CASE_STATUSES) {
    const seen = new Set([start]);
    const queue = [start];
    while (queue.length) {
      for (const next of allowedMoves(queue.shift()!)) {
        if (!seen.has(next)) seen.add(next), queue.push(next);
      }
    }
    assert.ok(seen.has("closed") || start === "closed", start);
  }
});
