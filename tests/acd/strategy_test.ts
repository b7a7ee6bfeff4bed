import assert from "node:assert/strict";
import { plainAgents, setup } from "./harness.ts";

Deno.test("longest idle: the agent who has waited longest for a call gets it", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "longest_idle" }],
    agents: plainAgents("q", "ann", "bob", "cat"),
  });
  h.readyInOrder("bob", "cat", "ann");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  h.engine.callEntered({ callId: "c2", queueId: "q" });
  assert.deepEqual(h.offeredTo("c1"), ["bob"]);
  assert.deepEqual(h.offeredTo("c2"), ["cat"]);
  h.engine.agentAnswered("c2", "cat");
  h.handle("c1", "bob");
  h.engine.callEntered({ callId: "c3", queueId: "q" });
  assert.deepEqual(h.offeredTo("c3"), ["ann"], "bob just finished; ann has been idle longer");
});

Deno.test("least calls: the agent who answered the fewest calls today gets the next one", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "least_calls" }],
    agents: plainAgents("q", "ann", "bob"),
  });
  h.readyInOrder("ann");
  for (const id of ["c1", "c2"]) {
    h.engine.callEntered({ callId: id, queueId: "q" });
    h.handle(id, "ann", 10);
  }
  h.readyInOrder("bob");
  h.clock.advance(60_000); // ann is now the longest idle, but has more calls
  h.engine.callEntered({ callId: "c3", queueId: "q" });
  assert.deepEqual(h.offeredTo("c3"), ["bob"]);
  assert.equal(h.engine.agent("ann").callsToday, 2);
});

Deno.test("fewest handle seconds: the agent with the least talk and wrap-up today gets it", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "fewest_handle_seconds" }],
    agents: plainAgents("q", "ann", "bob"),
  });
  h.readyInOrder("ann", "bob");
  h.engine.callEntered({ callId: "long", queueId: "q" });
  h.engine.callEntered({ callId: "short", queueId: "q" });
  assert.deepEqual([h.offeredTo("long"), h.offeredTo("short")], [["ann"], ["bob"]]);
  h.engine.agentAnswered("long", "ann");
  h.engine.agentAnswered("short", "bob");
  h.clock.advance(30_000);
  h.engine.agentNotReady("bob", "break"); // applies when the call ends
  h.engine.callEnded("short");
  h.clock.advance(270_000);
  h.engine.callEnded("long");
  h.clock.advance(100_000);
  h.engine.agentReady("bob");
  // ann has been idle longer (100 s against 0 s) but handled 300 s against bob's 30 s.
  h.engine.callEntered({ callId: "c3", queueId: "q" });
  assert.deepEqual(h.offeredTo("c3"), ["bob"]);
  assert.equal(h.engine.agent("ann").handleSecondsToday, 300);
  assert.equal(h.engine.agent("bob").handleSecondsToday, 30);
});

Deno.test("round robin: offers rotate through the members from where the last one went", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "round_robin" }],
    agents: plainAgents("q", "ann", "bob", "cat"),
  });
  h.readyInOrder("cat", "bob", "ann");
  const order: string[] = [];
  for (let i = 1; i <= 5; i++) {
    h.engine.callEntered({ callId: `c${i}`, queueId: "q" });
    const agent = h.offeredTo(`c${i}`)[0];
    order.push(agent);
    h.handle(`c${i}`, agent, 5);
  }
  // Member order is the configuration's (ann, bob, cat), not who became ready first.
  assert.deepEqual(order, ["ann", "bob", "cat", "ann", "bob"]);
});

Deno.test("round robin skips members who are not ready and keeps the rotation", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "round_robin" }],
    agents: plainAgents("q", "ann", "bob", "cat"),
  });
  h.readyInOrder("ann", "bob", "cat");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  h.handle("c1", "ann", 5);
  h.engine.agentNotReady("bob", "break");
  h.engine.callEntered({ callId: "c2", queueId: "q" });
  assert.deepEqual(h.offeredTo("c2"), ["cat"]);
});

Deno.test("ring all: every ready member rings, the first answer wins and the rest stop", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "ring_all" }],
    agents: plainAgents("q", "ann", "bob", "cat"),
  });
  h.readyInOrder("ann", "bob", "cat");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  assert.deepEqual(h.offeredTo("c1").sort(), ["ann", "bob", "cat"]);
  assert.equal(h.engine.agentAnswered("c1", "bob"), true);
  assert.deepEqual(h.stops.map((s) => s.agentId).sort(), ["ann", "cat"]);
  assert.equal(h.engine.agentAnswered("c1", "ann"), false, "a late answer is refused");
  assert.equal(h.engine.agent("ann").state, "ready");
  assert.equal(h.engine.agent("cat").state, "ready");
  assert.equal(h.engine.agent("bob").state, "on_call");
});

Deno.test("ring all rings only the lowest penalty tier that has ready agents", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "ring_all" }],
    agents: [
      { id: "ann", queues: [{ queueId: "q", penalty: 0 }] },
      { id: "bob", queues: [{ queueId: "q", penalty: 0 }] },
      { id: "cat", queues: [{ queueId: "q", penalty: 5 }] },
    ],
  });
  h.readyInOrder("ann", "bob", "cat");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  assert.deepEqual(h.offeredTo("c1").sort(), ["ann", "bob"]);
});

Deno.test("skills-weighted: the highest weighted skill score wins, penalties subtract", () => {
  const h = setup({
    queues: [{
      id: "q",
      strategy: "skills_weighted",
      skills: [{ skill: "billing", weight: 2 }, { skill: "english", weight: 1 }],
    }],
    agents: [
      // scores: ann 2×3 + 1×5 = 11; bob 2×5 + 1×3 = 13; cat 2×5 + 1×5 − 1 = 14
      { id: "ann", skills: { billing: 3, english: 5 }, queues: [{ queueId: "q" }] },
      { id: "bob", skills: { billing: 5, english: 3 }, queues: [{ queueId: "q" }] },
      { id: "cat", skills: { billing: 5, english: 5 }, queues: [{ queueId: "q", penalty: 1 }] },
    ],
  });
  h.readyInOrder("ann", "bob", "cat");
  for (const id of ["c1", "c2", "c3"]) h.engine.callEntered({ callId: id, queueId: "q" });
  assert.deepEqual(["c1", "c2", "c3"].map((c) => h.offeredTo(c)[0]), ["cat", "bob", "ann"]);
});

Deno.test("penalties: a lower-penalty agent is offered first even if idle for less time", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "longest_idle" }],
    agents: [
      { id: "backup", queues: [{ queueId: "q", penalty: 3 }] },
      { id: "main", queues: [{ queueId: "q", penalty: 0 }] },
    ],
  });
  h.readyInOrder("backup", "main");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  h.engine.callEntered({ callId: "c2", queueId: "q" });
  assert.deepEqual([h.offeredTo("c1"), h.offeredTo("c2")], [["main"], ["backup"]]);
});

Deno.test("required skills: an agent below the minimum level is never offered the call", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "longest_idle", skills: [{ skill: "spanish", minLevel: 3 }] }],
    agents: [
      { id: "low", skills: { spanish: 2 }, queues: [{ queueId: "q" }] },
      { id: "high", skills: { spanish: 4 }, queues: [{ queueId: "q" }] },
    ],
  });
  h.readyInOrder("low");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  assert.deepEqual(h.offers, []);
  assert.equal(h.engine.call("c1")?.state, "waiting");
  h.readyInOrder("high");
  assert.deepEqual(h.offeredTo("c1"), ["high"]);
});

Deno.test("a call's own skills narrow the agents who may take it", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "longest_idle" }],
    agents: [
      { id: "ann", queues: [{ queueId: "q" }] },
      { id: "zoe", skills: { french: 2 }, queues: [{ queueId: "q" }] },
    ],
  });
  h.readyInOrder("ann", "zoe");
  h.engine.callEntered({ callId: "fr", queueId: "q", skills: [{ skill: "french", minLevel: 2 }] });
  assert.deepEqual(h.offeredTo("fr"), ["zoe"]);
});

Deno.test("an agent in two queues takes the higher priority call, then the longer wait", () => {
  const h = setup({
    queues: [{ id: "sales", strategy: "longest_idle" }, {
      id: "support",
      strategy: "longest_idle",
    }],
    agents: [{ id: "ann", queues: [{ queueId: "sales" }, { queueId: "support" }] }],
  });
  h.engine.callEntered({ callId: "s1", queueId: "sales" });
  h.clock.advance(1000);
  h.engine.callEntered({ callId: "p1", queueId: "support" });
  h.engine.callEntered({ callId: "p2", queueId: "support", priority: 5 });
  h.readyInOrder("ann");
  assert.deepEqual(h.offersFor("ann"), ["p2"]);
  h.handle("p2", "ann", 5);
  assert.deepEqual(h.offersFor("ann"), ["p2", "s1"], "s1 waited longer than p1");
});

Deno.test("an agent whose skills miss a queue's requirements is left out of it", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "longest_idle", skills: [{ skill: "tech", minLevel: 2 }] }],
    agents: [
      { id: "ann", skills: { tech: 1 }, queues: [{ queueId: "q" }] },
      { id: "bob", skills: { tech: 2 }, queues: [{ queueId: "q" }] },
    ],
  });
  assert.deepEqual(h.engine.agent("ann").queueIds, []);
  assert.deepEqual(h.engine.agent("bob").queueIds, ["q"]);
});
