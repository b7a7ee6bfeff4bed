import assert from "node:assert/strict";
import { OutboundLines, trunkDialString } from "../../src/outbound/mod.ts";
import { type Trunk, TrunkDialPlanSchema } from "../../src/sip/mod.ts";

const trunk = (plan: Record<string, unknown> | undefined, maxCalls = 10) =>
  ({
    id: 1,
    name: "pbx",
    defaultCountry: "86",
    maxCalls,
    enabled: true,
    dialPlan: plan && TrunkDialPlanSchema.parse(plan),
  }) as Trunk;

Deno.test("a trunk without a dial plan gets E.164 as it is", () => {
  assert.deepEqual(trunkDialString("+8613800138000", trunk(undefined)), {
    ok: true,
    number: "+8613800138000",
  });
  assert.deepEqual(trunkDialString("+8613800138000", trunk({})), {
    ok: true,
    number: "+8613800138000",
  });
});

Deno.test("the dial plan formats the number, then strips and adds its prefixes", () => {
  const digits = trunk({ format: "digits" });
  assert.deepEqual(trunkDialString("+8613800138000", digits), {
    ok: true,
    number: "8613800138000",
  });
  const national = trunk({ format: "national", add_prefix: "9" });
  assert.deepEqual(trunkDialString("+8613800138000", national), {
    ok: true,
    number: "913800138000",
  });
  assert.deepEqual(trunkDialString("+14155550100", national), {
    ok: true,
    number: "90014155550100",
  });
  const stripped = trunk({ format: "digits", strip_prefix: "86", add_prefix: "0" });
  assert.deepEqual(trunkDialString("+8602161234567", stripped), {
    ok: true,
    number: "002161234567",
  });
  assert.deepEqual(trunkDialString("+14155550100", stripped), { ok: true, number: "014155550100" });
});

Deno.test("a number outside the plan's allowed prefixes is refused with a reason", () => {
  const local = trunk({ allowed_prefixes: ["+86"] });
  const refused = trunkDialString("+14155550100", local);
  assert.equal(refused.ok, false);
  assert.equal(!refused.ok && refused.reason, "not_allowed_on_trunk");
  assert.match(!refused.ok ? refused.message : "", /does not allow \+14155550100/);
  assert.equal(trunkDialString("+8613800138000", local).ok, true);
  assert.throws(() => TrunkDialPlanSchema.parse({ allowed_prefixes: ["86"] }));
});

Deno.test("calls out wait at the trunk's outbound limit, and at its shared limit, each with its reason", () => {
  let shared = 0;
  const directory = {
    byId: () => undefined,
    list: () => [],
    acquire: (t: Trunk) => shared < t.maxCalls && ++shared > 0,
    release: () => void shared--,
  };
  const lines = new OutboundLines(directory);
  const limited = trunk({ max_outbound: 2 }, 10);
  assert.equal(lines.acquire(limited), true);
  assert.equal(lines.acquire(limited), true);
  assert.equal(lines.acquire(limited), false);
  assert.equal(lines.refusal(1), "trunk_outbound_full");
  assert.deepEqual(lines.load(limited), { trunk_id: 1, name: "pbx", outbound: 2, max_outbound: 2 });
  lines.release(limited);
  assert.equal(lines.acquire(limited), true);
  assert.equal(lines.refusal(1), undefined, "a slot taken clears the reason");

  shared = 10; // inbound calls fill the trunk
  const open = trunk({}, 10);
  assert.equal(lines.acquire(open), false);
  assert.equal(lines.refusal(1), "trunk_full");
});
