import assert from "node:assert/strict";
import { BlendRuleSchema, outboundAgents } from "../../src/campaigns/mod.ts";

const state = { readyAgents: 4, onOutbound: 0, inboundWaiting: 0, serviceLevel: 90 };

Deno.test("by default callers come first: any caller waiting stops outbound, otherwise every ready agent may call", () => {
  const rule = BlendRuleSchema.parse({});
  assert.deepEqual(outboundAgents(rule, state), { agents: 4, held: null });
  assert.deepEqual(outboundAgents(rule, { ...state, inboundWaiting: 1 }), {
    agents: 0,
    held: "inbound_waiting",
  });
});

Deno.test("outbound goes on while fewer than N callers wait", () => {
  const rule = BlendRuleSchema.parse({ max_inbound_waiting: 2 });
  assert.equal(outboundAgents(rule, { ...state, inboundWaiting: 2 }).agents, 4);
  assert.equal(outboundAgents(rule, { ...state, inboundWaiting: 3 }).held, "inbound_waiting");
});

Deno.test("a service level under its floor stops outbound; an unknown one does not", () => {
  const rule = BlendRuleSchema.parse({ max_inbound_waiting: 5, min_service_level: 80 });
  assert.deepEqual(outboundAgents(rule, { ...state, serviceLevel: 79.9 }), {
    agents: 0,
    held: "service_level",
  });
  assert.equal(outboundAgents(rule, { ...state, serviceLevel: 80 }).agents, 4);
  assert.equal(outboundAgents(rule, { ...state, serviceLevel: null }).agents, 4);
});

Deno.test("the outbound share bounds how many working agents are on calls out", () => {
  const rule = BlendRuleSchema.parse({ outbound_share: 0.5 });
  // 4 ready, none out: half of 4 may go.
  assert.deepEqual(outboundAgents(rule, state), { agents: 2, held: "outbound_share" });
  // 3 ready and 3 already out: half of 6 is out already.
  assert.deepEqual(outboundAgents(rule, { ...state, readyAgents: 3, onOutbound: 3 }), {
    agents: 0,
    held: "outbound_share",
  });
  assert.equal(outboundAgents(BlendRuleSchema.parse({ outbound_share: 0 }), state).agents, 0);
  assert.throws(() => BlendRuleSchema.parse({ outbound_share: 1.5 }));
});
