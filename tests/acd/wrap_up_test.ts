import assert from "node:assert/strict";
import { plainAgents, setup } from "./harness.ts";

const config = {
  queues: [{ id: "q", strategy: "longest_idle" as const, wrapUpSeconds: 30, maxWrapUpSeconds: 90 }],
  agents: plainAgents("q", "ann"),
};

Deno.test("wrap-up: after hang-up the agent wraps up for the queue's time, then takes the next call", () => {
  const h = setup(config);
  h.readyInOrder("ann");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  h.handle("c1", "ann", 100);
  h.engine.callEntered({ callId: "c2", queueId: "q" });
  assert.equal(h.engine.agent("ann").state, "wrap_up");
  assert.deepEqual(h.offersFor("ann"), ["c1"]);
  h.clock.advance(30_000);
  assert.deepEqual(h.offersFor("ann"), ["c1", "c2"]);
  const done = h.events.find((e) => e.type === "agent_state" && e.from === "wrap_up")!;
  assert.equal(done.handleMs, 130_000, "handle time = talk + wrap-up");
});

Deno.test("wrap-up can be finished early by the agent", () => {
  const h = setup(config);
  h.readyInOrder("ann");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  h.handle("c1", "ann", 10);
  h.clock.advance(5000);
  assert.equal(h.engine.wrapUpFinished("ann"), true);
  assert.equal(h.engine.agent("ann").state, "ready");
  assert.equal(h.engine.wrapUpFinished("ann"), false);
});

Deno.test("wrap-up can be extended, but never past the queue's maximum", () => {
  const h = setup(config);
  h.readyInOrder("ann");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  h.handle("c1", "ann", 10);
  assert.equal(h.engine.wrapUpExtended("ann", 45), true); // ends at 75 s
  h.clock.advance(74_999);
  assert.equal(h.engine.agent("ann").state, "wrap_up");
  h.clock.advance(1);
  assert.equal(h.engine.agent("ann").state, "ready");
  h.engine.callEntered({ callId: "c2", queueId: "q" });
  h.handle("c2", "ann", 10);
  h.engine.wrapUpExtended("ann", 600);
  h.clock.advance(90_000);
  assert.equal(h.engine.agent("ann").state, "ready", "capped at 90 s");
  assert.throws(() => h.engine.wrapUpExtended("ann", -5), RangeError);
  assert.equal(h.engine.wrapUpExtended("ann", 5), false, "not in wrap-up");
});

Deno.test("not ready requested during a call applies after wrap-up", () => {
  const h = setup(config);
  h.readyInOrder("ann");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  h.engine.agentAnswered("c1", "ann");
  h.engine.agentNotReady("ann", "lunch");
  assert.equal(h.engine.agent("ann").pending, "not_ready");
  h.engine.callEntered({ callId: "c2", queueId: "q" });
  h.clock.advance(60_000);
  h.engine.callEnded("c1");
  assert.equal(h.engine.agent("ann").state, "wrap_up");
  h.clock.advance(30_000);
  assert.deepEqual([h.engine.agent("ann").state, h.engine.agent("ann").reason], [
    "not_ready",
    "lunch",
  ]);
  assert.deepEqual(h.offersFor("ann"), ["c1"], "c2 was not offered");
});

Deno.test("ready during a call cancels a pending not-ready", () => {
  const h = setup(config);
  h.readyInOrder("ann");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  h.engine.agentAnswered("c1", "ann");
  h.engine.agentNotReady("ann", "break");
  h.engine.agentReady("ann");
  h.engine.callEnded("c1");
  h.clock.advance(30_000);
  assert.equal(h.engine.agent("ann").state, "ready");
});

Deno.test("logging out during a call skips wrap-up and logs out at hang-up", () => {
  const h = setup(config);
  h.readyInOrder("ann");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  h.engine.agentAnswered("c1", "ann");
  h.engine.agentLoggedOut("ann");
  h.engine.callEnded("c1");
  assert.equal(h.engine.agent("ann").state, "logged_out");
});

Deno.test("a queue without wrap-up makes the agent ready at hang-up", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "longest_idle" }],
    agents: plainAgents("q", "ann"),
  });
  h.readyInOrder("ann");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  h.engine.callEntered({ callId: "c2", queueId: "q" });
  h.handle("c1", "ann", 10);
  assert.deepEqual(h.offersFor("ann"), ["c1", "c2"]);
});
