import assert from "node:assert/strict";
import { plainAgents, setup } from "./harness.ts";

const config = {
  queues: [{ id: "q", strategy: "longest_idle" as const, stickySeconds: 30 }],
  agents: plainAgents("q", "ann", "bob", "cat"),
};

Deno.test("sticky: the customer's last agent gets the call when ready, ahead of longer idle agents", () => {
  const h = setup(config);
  h.readyInOrder("ann", "bob", "cat");
  h.engine.callEntered({ callId: "c1", queueId: "q", lastAgentId: "cat" });
  assert.deepEqual(h.offeredTo("c1"), ["cat"]);
});

Deno.test("sticky: the call waits for a busy last agent who becomes ready within the window", () => {
  const h = setup(config);
  h.readyInOrder("ann", "bob");
  h.engine.agentLoggedIn("cat", "not_ready");
  h.engine.callEntered({ callId: "c1", queueId: "q", lastAgentId: "cat" });
  assert.deepEqual(h.offers, [], "ann and bob are ready but the call is held for cat");
  h.clock.advance(20_000);
  h.engine.agentReady("cat");
  assert.deepEqual(h.offeredTo("c1"), ["cat"]);
});

Deno.test("sticky: after the window the call goes to the next agent by strategy", () => {
  const h = setup(config);
  h.readyInOrder("ann", "bob");
  h.engine.agentLoggedIn("cat", "not_ready");
  h.engine.callEntered({ callId: "c1", queueId: "q", lastAgentId: "cat" });
  h.clock.advance(29_999);
  assert.deepEqual(h.offers, []);
  h.clock.advance(1);
  assert.deepEqual(h.offeredTo("c1"), ["ann"]);
});

Deno.test("sticky: no waiting when the last agent is logged out or not in the queue", () => {
  const h = setup(config);
  h.readyInOrder("ann");
  h.engine.callEntered({ callId: "c1", queueId: "q", lastAgentId: "cat" });
  assert.deepEqual(h.offeredTo("c1"), ["ann"]);
  h.readyInOrder("bob");
  h.engine.callEntered({ callId: "c2", queueId: "q", lastAgentId: "stranger" });
  assert.deepEqual(h.offeredTo("c2"), ["bob"]);
});

Deno.test("sticky: the held call is released at once when the last agent logs out", () => {
  const h = setup(config);
  h.readyInOrder("ann");
  h.engine.agentLoggedIn("cat", "not_ready");
  h.engine.callEntered({ callId: "c1", queueId: "q", lastAgentId: "cat" });
  h.clock.advance(5000);
  h.engine.agentLoggedOut("cat");
  assert.deepEqual(h.offeredTo("c1"), ["ann"]);
});

Deno.test("sticky: a freed last agent takes its own customer before older calls", () => {
  const h = setup(config);
  h.readyInOrder("cat");
  h.engine.callEntered({ callId: "busy", queueId: "q" });
  h.engine.agentAnswered("busy", "cat");
  h.engine.callEntered({ callId: "older", queueId: "q" });
  h.clock.advance(1000);
  h.engine.callEntered({ callId: "mine", queueId: "q", lastAgentId: "cat" });
  h.clock.advance(10_000);
  h.engine.callEnded("busy");
  assert.deepEqual(h.offersFor("cat"), ["busy", "mine"]);
});

Deno.test("sticky is off when the queue's sticky time is 0", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "longest_idle" }],
    agents: plainAgents("q", "ann", "cat"),
  });
  h.readyInOrder("ann");
  h.engine.agentLoggedIn("cat", "not_ready");
  h.engine.callEntered({ callId: "c1", queueId: "q", lastAgentId: "cat" });
  assert.deepEqual(h.offeredTo("c1"), ["ann"]);
});
