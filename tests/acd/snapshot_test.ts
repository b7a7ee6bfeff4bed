import assert from "node:assert/strict";
import { abandonRate, averageSpeedOfAnswer, serviceLevel } from "../../src/acd/mod.ts";
import { plainAgents, setup } from "./harness.ts";

function dayOfCalls() {
  const h = setup({
    queues: [{
      id: "q",
      strategy: "longest_idle",
      serviceLevelSeconds: 20,
      shortAbandonSeconds: 10,
    }],
    agents: plainAgents("q", "ann", "bob", "cat", "dan"),
  });
  const { engine, clock } = h;
  engine.agentLoggedIn("dan", "not_ready");
  for (const id of ["c1", "c2", "c3", "c4", "c5"]) engine.callEntered({ callId: id, queueId: "q" });
  const at = (s: number) => clock.advanceTo(s * 1000);
  at(4);
  engine.callAbandoned("c4"); // short abandon (4 s ≤ 10 s)
  at(5);
  engine.agentLoggedIn("ann", "ready");
  engine.agentAnswered("c1", "ann"); // wait 5 s, within T
  at(15);
  engine.agentLoggedIn("bob", "ready");
  engine.agentAnswered("c2", "bob"); // wait 15 s, within T
  at(30);
  engine.agentLoggedIn("cat", "ready");
  engine.agentAnswered("c3", "cat"); // wait 30 s, late
  at(40);
  engine.callAbandoned("c5"); // abandon after 40 s
  at(45);
  engine.callEntered({ callId: "c6", queueId: "q" }); // still waiting
  at(50);
  return h;
}

Deno.test("snapshot figures follow KPI.md exactly on a hand-computed day", () => {
  const s = dayOfCalls().engine.snapshot("q");
  // offered 6, short abandons 1 → base 5.
  // SL = answered within 20 s (c1, c2) ÷ 5 × 100 = 40.0
  // abandon rate = (2 abandoned − 1 short) ÷ 5 × 100 = 20.0
  // ASA = (5 + 15 + 30) ÷ 3 = 16.666… → 16.7
  assert.deepEqual(
    [
      s.offered,
      s.answered,
      s.abandoned,
      s.shortAbandoned,
      s.serviceLevel,
      s.abandonRate,
      s.asaSeconds,
    ],
    [6, 3, 2, 1, 40, 20, 16.7],
  );
  assert.deepEqual([s.callsWaiting, s.longestWaitSeconds], [1, 5]);
  assert.deepEqual(s.agents, {
    logged_out: 0,
    ready: 0,
    not_ready: 1,
    ringing: 0,
    on_call: 3,
    wrap_up: 0,
  });
});

Deno.test("the daily figures start again at the next midnight", () => {
  const h = dayOfCalls();
  h.clock.advanceTo(86_400_000);
  const s = h.engine.snapshot("q");
  assert.deepEqual([s.offered, s.answered, s.serviceLevel, s.asaSeconds, s.abandonRate], [
    0,
    0,
    null,
    null,
    null,
  ]);
  assert.equal(s.callsWaiting, 1, "the waiting call is still there");
  assert.equal(h.engine.agent("ann").callsToday, 0);
});

Deno.test("the day boundary follows the configured local offset", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "longest_idle" }],
    agents: plainAgents("q", "ann"),
    dayStartOffsetMinutes: 120, // local midnight is 22:00 UTC
  });
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  h.clock.advanceTo(22 * 3_600_000 - 1);
  assert.equal(h.engine.snapshot("q").offered, 1);
  h.clock.advance(1);
  assert.equal(h.engine.snapshot("q").offered, 0);
});

Deno.test("KPI functions round to one decimal and give null without a base", () => {
  const c = {
    offered: 7,
    answered: 4,
    answeredWithinThreshold: 2,
    answeredWaitMs: 10_000,
    abandoned: 1,
    shortAbandoned: 1,
    abandonedWaitMs: 0,
    blocked: 0,
    overflowed: 0,
  };
  assert.equal(serviceLevel(c), 33.3); // 2 ÷ 6
  assert.equal(abandonRate(c), 0);
  assert.equal(averageSpeedOfAnswer(c), 2.5);
  const none = { ...c, offered: 1, shortAbandoned: 1, answered: 0 };
  assert.deepEqual([serviceLevel(none), abandonRate(none), averageSpeedOfAnswer(none)], [
    null,
    null,
    null,
  ]);
});

Deno.test("snapshots list every queue, with callback placeholders counted apart", () => {
  const h = setup({
    queues: [{ id: "a", strategy: "longest_idle" }, { id: "b", strategy: "round_robin" }],
    agents: plainAgents("a", "ann"),
  });
  h.engine.callEntered({ callId: "c1", queueId: "a" });
  h.engine.requestCallback("c1");
  const [a, b] = h.engine.snapshots();
  assert.deepEqual([a.queueId, a.callsWaiting, a.callbacksWaiting, b.queueId], ["a", 1, 1, "b"]);
});
