import assert from "node:assert/strict";
import { plainAgents, setup } from "./harness.ts";

Deno.test("max wait: the call overflows to another queue and keeps its original entry time", () => {
  const h = setup({
    queues: [
      {
        id: "a",
        strategy: "longest_idle",
        maxWait: { seconds: 60, target: { kind: "queue", queueId: "b" } },
      },
      { id: "b", strategy: "longest_idle" },
    ],
    agents: [...plainAgents("a", "ann"), ...plainAgents("b", "bob")],
  });
  h.engine.agentLoggedIn("bob", "not_ready");
  h.engine.callEntered({ callId: "c1", queueId: "a" });
  h.clock.advance(60_000);
  assert.deepEqual(h.overflows, [{ callId: "c1", target: { kind: "queue", queueId: "b" } }]);
  const view = h.engine.call("c1")!;
  assert.equal(view.queueId, "b");
  assert.equal(view.enteredAt, 0);
  assert.equal(view.queueEnteredAt, 60_000);
  h.engine.agentReady("bob");
  assert.deepEqual(h.offeredTo("c1"), ["bob"]);
  const [a, b] = [h.engine.snapshot("a"), h.engine.snapshot("b")];
  assert.deepEqual([a.offered, a.overflowed, b.offered], [1, 1, 1]);
  const ev = h.events.find((e) => e.type === "call_overflowed")!;
  assert.equal(ev.outcome, undefined, "a move to another queue does not end the call's journey");
  assert.equal(ev.reason, "max_wait");
});

Deno.test("max wait to voicemail ends the call's journey with outcome voicemail", () => {
  const h = setup({
    queues: [{
      id: "a",
      strategy: "longest_idle",
      maxWait: { seconds: 30, target: { kind: "voicemail", mailbox: "sales" } },
    }],
    agents: plainAgents("a", "ann"),
  });
  h.engine.callEntered({ callId: "c1", queueId: "a" });
  h.clock.advance(30_000);
  assert.deepEqual(h.overflows[0].target, { kind: "voicemail", mailbox: "sales" });
  assert.equal(h.engine.call("c1"), undefined);
  assert.equal(h.events.find((e) => e.type === "call_overflowed")?.outcome, "voicemail");
  assert.equal(h.engine.callCount, 0);
});

Deno.test("max wait to an external number or a callback request ends with those outcomes", () => {
  for (
    const [target, outcome] of [
      [{ kind: "external", number: "+4930123456" }, "overflowed"],
      [{ kind: "callback" }, "callback"],
    ] as const
  ) {
    const h = setup({
      queues: [{ id: "a", strategy: "longest_idle", maxWait: { seconds: 10, target } }],
      agents: plainAgents("a", "ann"),
    });
    h.engine.callEntered({ callId: "c1", queueId: "a" });
    h.clock.advance(10_000);
    assert.equal(h.events.find((e) => e.type === "call_overflowed")?.outcome, outcome);
  }
});

Deno.test("max wait passing while the call rings waits for the ring to end before overflowing", () => {
  const h = setup({
    queues: [{
      id: "a",
      strategy: "longest_idle",
      ringTimeoutSeconds: 20,
      maxWait: { seconds: 30, target: { kind: "voicemail" } },
    }],
    agents: plainAgents("a", "ann"),
  });
  h.engine.callEntered({ callId: "c1", queueId: "a" });
  h.clock.advance(15_000);
  h.readyInOrder("ann"); // rings from 15 s to 35 s
  assert.deepEqual(h.offeredTo("c1"), ["ann"]);
  h.clock.advance(17_000); // 33 s: past max wait, still ringing
  assert.deepEqual(h.overflows, []);
  h.clock.advance(3_000); // ring timeout at 35 s
  assert.equal(h.overflows.length, 1);
  assert.equal(h.engine.agent("ann").reason, "rona");
});

Deno.test("a full queue blocks new calls and counts them; busy is played", () => {
  const h = setup({
    queues: [{ id: "a", strategy: "longest_idle", maxWaitingCalls: 2 }],
    agents: plainAgents("a", "ann"),
  });
  for (const id of ["c1", "c2", "c3"]) h.engine.callEntered({ callId: id, queueId: "a" });
  assert.deepEqual(h.blocked, ["c3"]);
  const snap = h.engine.snapshot("a");
  assert.deepEqual([snap.offered, snap.blocked, snap.callsWaiting], [2, 1, 2]);
  assert.equal(h.events.find((e) => e.type === "call_blocked")?.outcome, "blocked");
});

Deno.test("a full queue with a whenFull target overflows there and still counts a block", () => {
  const h = setup({
    queues: [
      {
        id: "a",
        strategy: "longest_idle",
        maxWaitingCalls: 1,
        whenFull: { kind: "queue", queueId: "b" },
      },
      { id: "b", strategy: "longest_idle" },
    ],
    agents: [...plainAgents("a", "ann"), ...plainAgents("b", "bob")],
  });
  h.engine.callEntered({ callId: "c1", queueId: "a" });
  h.engine.callEntered({ callId: "c2", queueId: "a" });
  assert.deepEqual(h.blocked, []);
  assert.equal(h.engine.call("c2")?.queueId, "b");
  assert.equal(h.engine.snapshot("a").blocked, 1);
  assert.equal(h.engine.snapshot("b").offered, 1);
});

Deno.test("a supervisor can move a ringing call to another queue; the agent stops ringing", () => {
  const h = setup({
    queues: [{ id: "a", strategy: "longest_idle" }, { id: "b", strategy: "longest_idle" }],
    agents: [...plainAgents("a", "ann"), ...plainAgents("b", "bob")],
  });
  h.readyInOrder("ann");
  h.engine.callEntered({ callId: "c1", queueId: "a" });
  assert.equal(h.engine.moveCall("c1", "b"), true);
  assert.deepEqual(h.stops, [{ callId: "c1", agentId: "ann" }]);
  assert.equal(h.engine.agent("ann").state, "ready");
  assert.equal(h.engine.call("c1")?.queueId, "b");
  h.readyInOrder("bob");
  assert.deepEqual(h.offeredTo("c1"), ["ann", "bob"]);
  assert.equal(h.engine.moveCall("c1", "a"), true, "ringing calls can be moved back");
  assert.throws(() => h.engine.moveCall("c1", "nowhere"), RangeError);
});
