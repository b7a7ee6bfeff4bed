import assert from "node:assert/strict";
import {
  AGENT_STATES,
  IllegalTransitionError,
  transitionAgent,
  transitionCall,
} from "../../src/acd/mod.ts";
import { plainAgents, setup } from "./harness.ts";

Deno.test("transitionAgent() allows the moves of an agent's day", () => {
  assert.equal(transitionAgent("a", "logged_out", "not_ready"), "not_ready");
  assert.equal(transitionAgent("a", "ready", "ringing"), "ringing");
  assert.equal(transitionAgent("a", "ringing", "on_call"), "on_call");
  assert.equal(transitionAgent("a", "on_call", "wrap_up"), "wrap_up");
  assert.equal(transitionAgent("a", "wrap_up", "ready"), "ready");
});

Deno.test("transitionAgent() throws on an illegal move", () => {
  const illegal = [
    ["logged_out", "ringing"],
    ["logged_out", "on_call"],
    ["not_ready", "ringing"],
    ["ready", "on_call"],
    ["ready", "wrap_up"],
    ["wrap_up", "on_call"],
    ["wrap_up", "ringing"],
    ["on_call", "ringing"],
  ] as const;
  for (const [from, to] of illegal) {
    assert.throws(() => transitionAgent("ann", from, to), IllegalTransitionError, `${from}→${to}`);
  }
  assert.throws(
    () => transitionAgent("ann", "not_ready", "on_call"),
    /The agent ann cannot move from not_ready to on_call/,
  );
  assert.equal(AGENT_STATES.length, 6);
});

Deno.test("transitionCall() throws on an illegal move", () => {
  assert.equal(transitionCall("c", "ringing", "waiting"), "waiting");
  assert.throws(() => transitionCall("c", "waiting", "connected"), IllegalTransitionError);
  assert.throws(() => transitionCall("c", "ended", "waiting"), IllegalTransitionError);
  assert.throws(() => transitionCall("c", "connected", "waiting"), IllegalTransitionError);
});

Deno.test("login starts not ready with reason login unless asked to start ready", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "longest_idle" }],
    agents: plainAgents("q", "ann", "bob"),
  });
  h.engine.agentLoggedIn("ann");
  h.engine.agentLoggedIn("bob", "ready");
  assert.deepEqual([h.engine.agent("ann").state, h.engine.agent("ann").reason], [
    "not_ready",
    "login",
  ]);
  assert.equal(h.engine.agent("bob").state, "ready");
  assert.equal(h.engine.agentLoggedIn("bob"), false, "already logged in");
  assert.deepEqual(
    h.events.map((e) => [e.type, e.agentId, e.from, e.to, e.reason]),
    [
      ["agent_state", "ann", "logged_out", "not_ready", "login"],
      ["agent_state", "bob", "logged_out", "ready", undefined],
    ],
  );
});

Deno.test("no call is offered to a not-ready agent, and ready agents get the waiting call", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "longest_idle" }],
    agents: plainAgents("q", "ann"),
  });
  h.engine.agentLoggedIn("ann");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  h.engine.agentNotReady("ann", "training");
  assert.deepEqual(h.offers, []);
  h.engine.agentReady("ann");
  assert.deepEqual(h.offeredTo("c1"), ["ann"]);
});

Deno.test("not-ready reasons are configurable and unknown reasons are refused", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "longest_idle" }],
    agents: plainAgents("q", "ann"),
    notReadyReasons: ["coaching"],
  });
  h.engine.agentLoggedIn("ann", "ready");
  assert.equal(h.engine.agentNotReady("ann", "coaching"), true);
  assert.throws(() => h.engine.agentNotReady("ann", "lunch"), /Unknown not-ready reason "lunch"/);
  assert.throws(() => h.engine.agentReady("nobody"), RangeError);
});

Deno.test("going not ready while ringing withdraws the offer and re-queues the call", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "longest_idle" }],
    agents: plainAgents("q", "ann", "bob"),
  });
  h.readyInOrder("ann");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  h.engine.agentNotReady("ann", "break");
  assert.deepEqual(h.stops, [{ callId: "c1", agentId: "ann" }]);
  assert.equal(h.engine.agent("ann").reason, "break");
  h.readyInOrder("bob");
  assert.deepEqual(h.offeredTo("c1"), ["ann", "bob"]);
});

Deno.test("a supervisor can force states; a call in progress is never cut", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "longest_idle" }],
    agents: plainAgents("q", "ann", "bob"),
  });
  assert.equal(h.engine.forceAgentState("ann", "ready"), true, "logs in as ready");
  assert.equal(h.engine.agent("ann").state, "ready");
  h.engine.forceAgentState("ann", "not_ready", "meeting");
  assert.deepEqual([h.engine.agent("ann").state, h.engine.agent("ann").reason], [
    "not_ready",
    "meeting",
  ]);
  h.engine.forceAgentState("bob", "ready");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  h.engine.agentAnswered("c1", "bob");
  h.engine.forceAgentState("bob", "logged_out");
  assert.equal(h.engine.agent("bob").state, "on_call");
  h.engine.callEnded("c1");
  assert.deepEqual([h.engine.agent("bob").state, h.engine.agent("bob").reason], [
    "logged_out",
    "supervisor",
  ]);
});

Deno.test("logged-out agents cannot be made ready by themselves", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "longest_idle" }],
    agents: plainAgents("q", "ann"),
  });
  assert.equal(h.engine.agentReady("ann"), false);
  assert.equal(h.engine.agentNotReady("ann", "break"), false);
  assert.equal(h.engine.agentLoggedOut("ann"), false);
});

Deno.test("engine inputs from inside an output callback are refused", () => {
  let engine: import("../../src/acd/mod.ts").AcdEngine | undefined;
  let error: unknown;
  const h = setup({
    queues: [{ id: "q", strategy: "longest_idle" }],
    agents: plainAgents("q", "ann"),
  });
  engine = h.engine;
  const original = h.offers.push.bind(h.offers);
  h.offers.push = (...items) => {
    try {
      engine!.agentAnswered(items[0].callId, items[0].agentId);
    } catch (e) {
      error = e;
    }
    return original(...items);
  };
  h.readyInOrder("ann");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  assert.match(String(error), /inside its own output/);
  engine = undefined;
});
