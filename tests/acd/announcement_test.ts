import assert from "node:assert/strict";
import { plainAgents, setup } from "./harness.ts";

Deno.test("announcements: position and EWT are played every interval while the caller waits", () => {
  const h = setup({
    queues: [{
      id: "q",
      strategy: "longest_idle",
      defaultHandleSeconds: 120,
      announcements: { everySeconds: 30, firstAfterSeconds: 10 },
    }],
    agents: plainAgents("q", "ann", "bob"),
  });
  h.engine.agentLoggedIn("ann", "ready");
  h.engine.agentLoggedIn("bob", "ready");
  for (const id of ["x", "y", "c1", "c2", "c3"]) h.engine.callEntered({ callId: id, queueId: "q" });
  h.engine.agentAnswered("x", "ann");
  h.engine.agentAnswered("y", "bob");
  h.clock.advance(40_000);
  // EWT = position × AHT ÷ staffed agents = 1 × 120 ÷ 2 = 60 s, 2 → 120 s, 3 → 180 s.
  const at10 = h.announcements.filter((a) => a.at === 10_000);
  assert.deepEqual(
    at10.map((a) => [a.callId, a.position, a.ewtSeconds]),
    [["c1", 1, 60], ["c2", 2, 120], ["c3", 3, 180]],
  );
  assert.equal(h.announcements.filter((a) => a.at === 40_000).length, 3);
  assert.equal(h.events.filter((e) => e.type === "call_announced").length, 6);
});

Deno.test("EWT follows recent handle times and staffing, and is null when nobody is staffed", () => {
  const h = setup({
    queues: [{
      id: "q",
      strategy: "longest_idle",
      defaultHandleSeconds: 300,
      announcements: { everySeconds: 60 },
    }],
    agents: plainAgents("q", "ann", "bob"),
  });
  h.engine.agentLoggedIn("ann", "ready");
  h.engine.callEntered({ callId: "a", queueId: "q" });
  h.handle("a", "ann", 90);
  h.engine.callEntered({ callId: "b", queueId: "q" });
  h.handle("b", "ann", 30);
  // Recent AHT = (90 + 30) ÷ 2 = 60 s; one agent staffed.
  h.engine.agentLoggedIn("bob", "not_ready");
  h.engine.callEntered({ callId: "w0", queueId: "q" });
  h.engine.agentAnswered("w0", "ann");
  h.engine.callEntered({ callId: "w1", queueId: "q" });
  h.engine.callEntered({ callId: "w2", queueId: "q" });
  assert.equal(h.engine.snapshot("q").ewtSeconds, 180, "the next caller would be 3rd: 3 × 60 ÷ 1");
  h.clock.advance(60_000);
  assert.deepEqual(h.announcements.map((a) => a.ewtSeconds), [60, 120]);
  h.engine.agentNotReady("ann", "break"); // pending after the call
  h.engine.callEnded("w0");
  h.clock.advance(60_000);
  assert.deepEqual(h.announcements.slice(2).map((a) => a.ewtSeconds), [null, null]);
});

Deno.test("a callback request keeps the caller's place and silences announcements", () => {
  const h = setup({
    queues: [{
      id: "q",
      strategy: "longest_idle",
      announcements: { everySeconds: 20 },
      maxWait: { seconds: 60, target: { kind: "voicemail" } },
    }],
    agents: plainAgents("q", "ann"),
  });
  for (const id of ["c1", "c2", "c3"]) h.engine.callEntered({ callId: id, queueId: "q" });
  assert.equal(h.engine.requestCallback("c2"), true);
  assert.equal(h.engine.requestCallback("c2"), false);
  h.clock.advance(59_000);
  assert.deepEqual(new Set(h.announcements.map((a) => a.callId)), new Set(["c1", "c3"]));
  h.clock.advance(1000);
  assert.equal(h.engine.call("c2")?.position, 1, "c1 and c3 overflowed; the placeholder stayed");
  h.readyInOrder("ann");
  assert.equal(h.offers[0].callId, "c2");
  assert.equal(h.offers[0].details.callback, true);
  h.engine.agentAnswered("c2", "ann");
  const answered = h.events.find((e) => e.type === "call_answered")!;
  assert.deepEqual([answered.callback, answered.outcome], [true, "answered"]);
});

Deno.test("announcements stop when the call is answered", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "longest_idle", announcements: { everySeconds: 10 } }],
    agents: plainAgents("q", "ann"),
  });
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  h.clock.advance(25_000);
  h.readyInOrder("ann");
  h.engine.agentAnswered("c1", "ann");
  h.clock.advance(60_000);
  assert.equal(h.announcements.length, 2);
});
