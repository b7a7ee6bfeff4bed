import assert from "node:assert/strict";
import { setup } from "./harness.ts";

function experts(expertFirst: { seconds: number; level?: number }) {
  return setup({
    queues: [{
      id: "q",
      strategy: "longest_idle",
      skills: [{ skill: "tax", minLevel: 1 }],
      expertFirst,
    }],
    agents: [
      { id: "novice", skills: { tax: 2 }, queues: [{ queueId: "q" }] },
      { id: "senior", skills: { tax: 4 }, queues: [{ queueId: "q" }] },
      { id: "guru", skills: { tax: 5 }, queues: [{ queueId: "q" }] },
    ],
  });
}

Deno.test("expert-first: only the highest-level logged-in agents may take a new call", () => {
  const h = experts({ seconds: 30 });
  h.readyInOrder("novice", "senior");
  h.engine.agentLoggedIn("guru", "not_ready");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  assert.deepEqual(h.offers, [], "guru (5) is logged in, so 2 and 4 must wait");
  h.clock.advance(10_000);
  h.engine.agentReady("guru");
  assert.deepEqual(h.offeredTo("c1"), ["guru"]);
});

Deno.test("expert-first: after N seconds the call widens to every qualified agent", () => {
  const h = experts({ seconds: 30 });
  h.readyInOrder("novice", "senior");
  h.engine.agentLoggedIn("guru", "not_ready");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  h.clock.advance(29_999);
  assert.deepEqual(h.offers, []);
  h.clock.advance(1);
  assert.deepEqual(h.offeredTo("c1"), ["novice"], "widened: longest idle among all");
});

Deno.test("expert-first: the expert level follows who is logged in", () => {
  const h = experts({ seconds: 30 });
  h.readyInOrder("novice", "senior");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  assert.deepEqual(h.offeredTo("c1"), ["senior"], "guru is logged out: senior is the best");
});

Deno.test("expert-first: when the last expert logs out the waiting call widens at once", () => {
  const h = experts({ seconds: 30 });
  h.readyInOrder("novice");
  h.engine.agentLoggedIn("guru", "not_ready");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  assert.deepEqual(h.offers, []);
  h.engine.agentLoggedOut("guru");
  assert.deepEqual(h.offeredTo("c1"), ["novice"]);
});

Deno.test("expert-first with a configured level accepts every agent at or above it", () => {
  const h = experts({ seconds: 30, level: 4 });
  h.readyInOrder("novice", "senior");
  h.engine.agentLoggedIn("guru", "not_ready");
  h.engine.callEntered({ callId: "c1", queueId: "q" });
  assert.deepEqual(h.offeredTo("c1"), ["senior"]);
  h.engine.callEntered({ callId: "c2", queueId: "q" });
  assert.deepEqual(h.offeredTo("c2"), []);
});
