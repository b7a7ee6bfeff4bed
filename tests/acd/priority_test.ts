import assert from "node:assert/strict";
import { plainAgents, setup } from "./harness.ts";

Deno.test("a higher priority call is served before calls that waited longer", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "longest_idle" }],
    agents: plainAgents("q", "ann"),
  });
  h.engine.callEntered({ callId: "old", queueId: "q" });
  h.clock.advance(5000);
  h.engine.callEntered({ callId: "urgent", queueId: "q", priority: 3 });
  assert.equal(h.engine.call("urgent")?.position, 1);
  assert.equal(h.engine.call("old")?.position, 2);
  h.readyInOrder("ann");
  assert.deepEqual(h.offersFor("ann"), ["urgent"]);
});

Deno.test("VIP callers get the queue's VIP boost on top of their priority", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "longest_idle", vipPriorityBoost: 5 }],
    agents: plainAgents("q", "ann"),
  });
  h.engine.callEntered({ callId: "p4", queueId: "q", priority: 4 });
  h.engine.callEntered({ callId: "vip", queueId: "q", vip: true });
  assert.equal(h.engine.call("vip")?.effectivePriority, 5);
  assert.equal(h.engine.call("vip")?.position, 1);
});

Deno.test("priority ageing: a call gains 1 priority per step and overtakes newer urgent calls", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "longest_idle", priorityAgeingSeconds: 30 }],
    agents: plainAgents("q", "ann"),
  });
  h.engine.callEntered({ callId: "patient", queueId: "q", priority: 0 });
  h.clock.advance(90_000); // patient is now at 3
  h.engine.callEntered({ callId: "p2", queueId: "q", priority: 2 });
  h.engine.callEntered({ callId: "p4", queueId: "q", priority: 4 });
  assert.equal(h.engine.call("patient")?.effectivePriority, 3);
  assert.deepEqual(
    ["p4", "patient", "p2"].map((id) => h.engine.call(id)?.position),
    [1, 2, 3],
  );
  h.clock.advance(45_000); // patient 4.5, p4 5.5, p2 3.5
  assert.equal(h.engine.call("patient")?.effectivePriority, 4.5);
  h.readyInOrder("ann");
  assert.deepEqual(h.offersFor("ann"), ["p4"]);
  h.handle("p4", "ann", 1);
  assert.deepEqual(h.offersFor("ann"), ["p4", "patient"]);
});

Deno.test("without ageing, equal priorities are served first come, first served", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "longest_idle" }],
    agents: plainAgents("q", "ann"),
  });
  for (const id of ["a", "b", "c"]) {
    h.engine.callEntered({ callId: id, queueId: "q", priority: 1 });
    h.clock.advance(100);
  }
  assert.deepEqual(["a", "b", "c"].map((id) => h.engine.call(id)?.position), [1, 2, 3]);
});

Deno.test("a supervisor's priority change moves the call to its new place", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "longest_idle" }],
    agents: plainAgents("q", "ann"),
  });
  for (const id of ["a", "b", "c"]) h.engine.callEntered({ callId: id, queueId: "q" });
  assert.equal(h.engine.changePriority("c", 9), true);
  assert.deepEqual(["c", "a", "b"].map((id) => h.engine.call(id)?.position), [1, 2, 3]);
  assert.equal(h.events.at(-1)?.type, "call_priority_changed");
  assert.equal(h.events.at(-1)?.position, 1);
  assert.throws(() => h.engine.changePriority("a", 101), RangeError);
  assert.throws(() => h.engine.changePriority("a", -1), RangeError);
  assert.equal(h.engine.changePriority("nope", 3), false);
});

Deno.test("the waiting list orders thousands of mixed-priority calls correctly", () => {
  const h = setup({
    queues: [{ id: "q", strategy: "longest_idle", priorityAgeingSeconds: 10 }],
    agents: plainAgents("q", "ann"),
  });
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const ids: string[] = [];
  for (let i = 0; i < 2000; i++) {
    const id = `c${i}`;
    ids.push(id);
    h.engine.callEntered({ callId: id, queueId: "q", priority: Math.floor(rand() * 5) });
    h.clock.advance(Math.floor(rand() * 3000));
  }
  const views = ids.map((id) => h.engine.call(id)!);
  const byPosition = [...views].sort((a, b) => a.position - b.position);
  for (let i = 1; i < byPosition.length; i++) {
    const [a, b] = [byPosition[i - 1], byPosition[i]];
    assert.ok(
      a.effectivePriority > b.effectivePriority ||
        (a.effectivePriority === b.effectivePriority && a.enteredAt <= b.enteredAt),
      `position ${i} is out of order`,
    );
  }
});
