import assert from "node:assert/strict";
import { SENDER_HOLD_OFF_MS } from "../../src/acd/mod.ts";
import { plainAgents, setup } from "./harness.ts";

const config = {
  queues: [{ id: "q", strategy: "longest_idle" as const, wrapUpSeconds: 30 }],
  agents: plainAgents("q", "ann", "bob", "cat"),
};

/** ann answers c1 and talks for `talkSeconds`; bob and cat are ready. */
function annOnCall(talkSeconds = 40) {
  const h = setup(config);
  h.readyInOrder("ann", "bob", "cat");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  assert.equal(h.engine.agentAnswered("c1", "ann"), true);
  h.clock.advance(talkSeconds * 1000);
  return h;
}

Deno.test("a transfer reserves the target, who then takes no queue calls while it rings", () => {
  const h = annOnCall();
  assert.equal(h.engine.transferOffered("c1", "bob"), true);
  assert.equal(h.engine.agent("bob").state, "ringing");
  h.engine.callEntered({ callId: "c2", queueId: "q" });
  assert.deepEqual(h.offeredTo("c2"), ["cat"], "bob is reserved, cat is next");
  const offered = h.events.find((e) => e.type === "call_transfer_offered")!;
  assert.equal(offered.agentId, "bob");
  assert.equal(offered.fromAgentId, "ann");
});

Deno.test("a transfer is refused to an agent who is not ready, to the call's own agent, and twice", () => {
  const h = annOnCall();
  h.engine.agentNotReady("cat", "break");
  assert.equal(h.engine.transferOffered("c1", "cat"), false);
  assert.equal(h.engine.transferOffered("c1", "ann"), false);
  assert.equal(h.engine.transferOffered("c1", "bob"), true);
  h.engine.agentLoggedIn("cat", "ready");
  assert.equal(h.engine.transferOffered("c1", "cat"), false, "one second agent at a time");
  assert.equal(h.engine.transferOffered("nope", "cat"), false);
  assert.throws(() => h.engine.transferOffered("c1", "zed"), RangeError);
});

Deno.test("a completed consultation hands the call over: the first agent wraps up with their talk time", () => {
  const h = annOnCall(40);
  h.engine.transferOffered("c1", "bob");
  h.clock.advance(3000);
  assert.equal(h.engine.transferAnswered("c1"), true);
  assert.equal(h.engine.agent("bob").state, "on_call");
  h.clock.advance(10_000);
  assert.equal(h.engine.transferCompleted("c1"), true);
  assert.equal(h.engine.agent("ann").state, "wrap_up");
  assert.equal(h.engine.agent("bob").state, "on_call");
  const transferred = h.events.find((e) => e.type === "call_transferred")!;
  assert.deepEqual(
    [transferred.fromAgentId, transferred.agentId, transferred.talkMs],
    ["ann", "bob", 53_000],
  );
  assert.equal(h.engine.call("c1")?.agentId, "bob");
  h.clock.advance(20_000);
  h.engine.callEnded("c1");
  const ended = h.events.find((e) => e.type === "call_ended")!;
  assert.equal(ended.agentId, "bob");
  assert.equal(ended.talkMs, 20_000, "bob's talk counts from the hand-over");
  assert.equal(h.engine.agent("bob").state, "wrap_up");
  assert.equal(h.engine.agent("bob").callsToday, 1);
});

Deno.test("a blind transfer completes while the target still rings, and the call is theirs on answer", () => {
  const h = annOnCall();
  h.engine.transferOffered("c1", "bob");
  assert.equal(h.engine.transferCompleted("c1"), true);
  assert.equal(h.engine.agent("bob").state, "on_call");
  assert.equal(h.engine.agent("ann").state, "wrap_up");
  assert.equal(h.engine.transferAnswered("c1"), false, "nothing is reserved any more");
});

Deno.test("a cancelled consultation frees the target and leaves the call with its agent", () => {
  const h = annOnCall();
  h.engine.transferOffered("c1", "bob");
  h.engine.transferAnswered("c1");
  assert.equal(h.engine.transferCancelled("c1", "cancelled"), true);
  assert.equal(h.engine.agent("bob").state, "ready");
  assert.equal(h.engine.agent("ann").state, "on_call");
  assert.equal(h.engine.transferCancelled("c1", "cancelled"), false);
  h.engine.callEntered({ callId: "c2", queueId: "q" });
  assert.deepEqual(h.offeredTo("c2"), ["bob"], "bob kept the idle time he had");
});

Deno.test("a transfer target who goes not ready while it rings cancels the transfer, not the call", () => {
  const h = annOnCall();
  h.engine.transferOffered("c1", "bob");
  h.engine.agentNotReady("bob", "break");
  assert.equal(h.engine.agent("bob").state, "not_ready");
  assert.deepEqual(h.stops, [{ callId: "c1", agentId: "bob" }]);
  assert.equal(h.engine.call("c1")?.state, "connected");
  assert.equal(h.engine.agent("ann").state, "on_call");
  assert.ok(h.events.some((e) => e.type === "call_transfer_cancelled" && e.reason === "not_ready"));
  assert.ok(!h.events.some((e) => e.type === "call_requeued"));
});

Deno.test("when the caller hangs up in a conference both agents wrap up; a still ringing target is freed", () => {
  const h = annOnCall();
  h.engine.transferOffered("c1", "bob");
  h.engine.transferAnswered("c1");
  h.clock.advance(15_000);
  h.engine.callEnded("c1");
  assert.equal(h.engine.agent("ann").state, "wrap_up");
  assert.equal(h.engine.agent("bob").state, "wrap_up");
  const left = h.events.find((e) => e.type === "call_transfer_cancelled")!;
  assert.equal(left.reason, "caller_hangup");
  assert.equal(left.talkMs, 15_000);

  const r = annOnCall();
  r.engine.transferOffered("c1", "bob");
  r.engine.callEnded("c1");
  assert.equal(r.engine.agent("bob").state, "ready");
});

Deno.test("a transfer out of the engine ends the agent's talk and lets the call enter a queue again", () => {
  const h = annOnCall(25);
  assert.equal(h.engine.transferredOut("c1", "queue"), true);
  assert.equal(h.engine.agent("ann").state, "wrap_up");
  assert.equal(h.engine.call("c1"), undefined);
  const out = h.events.find((e) => e.type === "call_transferred")!;
  assert.equal(out.agentId, undefined);
  assert.equal(out.talkMs, 25_000);
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  assert.deepEqual(h.offeredTo("c1"), ["ann", "bob"], "a new entry, offered to bob");
});

Deno.test("a call transferred into a queue goes to another agent first, and back to its sender only after a minute", () => {
  const h = annOnCall(25);
  h.engine.transferredOut("c1", "queue");
  h.engine.agentNotReady("bob", "break");
  h.engine.agentNotReady("cat", "break");
  // ann has no one to leave it to, and is ready again before the hold-off ends.
  h.clock.advance(30_000);
  h.engine.agentReady("ann");
  h.engine.callEntered({ callId: "c1", queueId: "q", sentBy: "ann" });
  assert.deepEqual(h.offeredTo("c1"), ["ann"], "only the first offer, before the transfer");
  h.clock.advance(SENDER_HOLD_OFF_MS - 1);
  assert.deepEqual(h.offeredTo("c1"), ["ann"]);
  h.clock.advance(1);
  assert.deepEqual(h.offeredTo("c1"), ["ann", "ann"], "after the hold-off the sender may take it");
});

Deno.test("while the sender is held off, a colleague who becomes ready takes the transferred call", () => {
  const h = annOnCall(25);
  h.engine.transferredOut("c1", "queue");
  h.engine.agentNotReady("bob", "break");
  h.clock.advance(30_000);
  h.engine.agentReady("ann");
  h.engine.agentNotReady("cat", "meeting");
  h.engine.callEntered({ callId: "c1", queueId: "q", sentBy: "ann" });
  h.clock.advance(5000);
  h.engine.agentReady("bob");
  assert.deepEqual(h.offeredTo("c1"), ["ann", "bob"]);
});
