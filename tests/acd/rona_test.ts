import assert from "node:assert/strict";
import { plainAgents, setup } from "./harness.ts";

const config = {
  queues: [{ id: "q", strategy: "longest_idle" as const, ringTimeoutSeconds: 15 }],
  agents: plainAgents("q", "ann", "bob"),
};

Deno.test("RONA: after the ring timeout the agent is made not ready (rona) and stops ringing", () => {
  const h = setup(config);
  h.readyInOrder("ann");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  h.clock.advance(14_999);
  assert.equal(h.engine.agent("ann").state, "ringing");
  h.clock.advance(1);
  assert.deepEqual(h.stops, [{ callId: "c1", agentId: "ann" }]);
  assert.deepEqual(
    [h.engine.agent("ann").state, h.engine.agent("ann").reason],
    ["not_ready", "rona"],
  );
  assert.equal(h.engine.call("c1")?.state, "waiting");
});

Deno.test("RONA: the call goes back to its original place, ahead of calls that came later", () => {
  const h = setup(config);
  h.readyInOrder("ann");
  h.engine.callEntered({ callId: "first", queueId: "q" });
  h.clock.advance(5000);
  h.engine.callEntered({ callId: "second", queueId: "q" });
  h.engine.callEntered({ callId: "third", queueId: "q" });
  h.clock.advance(10_000);
  assert.equal(h.engine.call("first")?.position, 1);
  assert.equal(h.engine.call("second")?.position, 2);
  h.readyInOrder("bob");
  assert.deepEqual(h.offersFor("bob"), ["first"]);
});

Deno.test("RONA: the re-queued call is offered straight away to the next ready agent", () => {
  const h = setup(config);
  h.readyInOrder("ann", "bob");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  h.clock.advance(15_000);
  assert.deepEqual(h.offeredTo("c1"), ["ann", "bob"]);
  assert.equal(h.engine.agentAnswered("c1", "ann"), false, "ann's late answer is refused");
  assert.equal(h.engine.agentAnswered("c1", "bob"), true);
});

Deno.test("a rejected offer is treated like no answer: re-queued, agent not ready", () => {
  const h = setup(config);
  h.readyInOrder("ann", "bob");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  assert.equal(h.engine.agentRejected("c1", "ann"), true);
  assert.equal(h.engine.agent("ann").reason, "rona");
  assert.deepEqual(h.offeredTo("c1"), ["ann", "bob"]);
  assert.equal(h.engine.agentRejected("c1", "ann"), false);
  const e = h.events.find((x) => x.type === "call_not_answered")!;
  assert.equal(e.reason, "rejected");
});

Deno.test("a vanished agent is logged out and the call ringing there is re-queued at its place", () => {
  const h = setup(config);
  h.readyInOrder("ann");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  h.engine.callEntered({ callId: "c2", queueId: "q" });
  h.engine.agentVanished("ann");
  assert.deepEqual(
    [h.engine.agent("ann").state, h.engine.agent("ann").reason],
    ["logged_out", "registration_expired"],
  );
  assert.equal(h.engine.call("c1")?.position, 1);
  h.readyInOrder("bob");
  assert.deepEqual(h.offersFor("bob"), ["c1"]);
});

Deno.test("a vanished agent on a call is logged out when that call ends, without wrap-up", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "longest_idle", wrapUpSeconds: 30 }],
    agents: plainAgents("q", "ann"),
  });
  h.readyInOrder("ann");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  h.engine.agentAnswered("c1", "ann");
  h.engine.agentVanished("ann");
  assert.equal(h.engine.agent("ann").state, "on_call");
  assert.equal(h.engine.agent("ann").pending, "logged_out");
  h.engine.callEnded("c1");
  assert.equal(h.engine.agent("ann").state, "logged_out");
});

Deno.test("ring all: RONA only after every ringing agent timed out", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "ring_all", ringTimeoutSeconds: 10 }],
    agents: plainAgents("q", "ann", "bob"),
  });
  h.readyInOrder("ann", "bob");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  h.engine.agentRejected("c1", "ann");
  assert.equal(h.engine.call("c1")?.state, "ringing", "bob still rings");
  h.clock.advance(10_000);
  assert.equal(h.engine.call("c1")?.state, "waiting");
  assert.deepEqual(h.engine.agents().map((a) => a.reason), ["rona", "rona"]);
});
