/**
 * One E.164 normaliser: the number an agent types into the CRM, the caller ID the call
 * layer stores and the number the IVR looks up must come out the same. The IVR once had
 * its own rules, which read "14155550100" as +114155550100 and dropped the 0 of Italian
 * landlines (+39 06 … is dialled with its 0).
 */
import assert from "node:assert/strict";
import { normaliseCaller } from "../../src/crm/mod.ts";
import { flowDoc, ivrWorld, simulate } from "./_world.ts";

const CASES = [
  {
    country: "1",
    typed: "(415) 555-0100",
    e164: "+14155550100",
    callerIds: ["14155550100", "4155550100", "+14155550100", "01114155550100"],
  },
  {
    country: "39",
    typed: "06 1234 5678",
    e164: "+390612345678",
    callerIds: ["0612345678", "+390612345678", "00390612345678"],
  },
];

const lookupFlow = () =>
  flowDoc({
    who: { type: "crm_lookup", by: "caller", exits: { found: "bye", missing: "bye" } },
  });

for (const { country, typed, e164, callerIds } of CASES) {
  Deno.test(`a +${country} caller is the same E.164 number in the CRM, the call record and the IVR`, async () => {
    const world = ivrWorld();
    world.crm.settings.update({ default_country: country });
    const customer = world.crm.customers.create({
      name: `Caller from +${country}`,
      phones: [{ number: typed, label: "office" }],
    });
    assert.deepEqual(customer.phones.map((p) => p.e164), [e164], "stored by the CRM");
    for (const raw of callerIds) {
      assert.equal(normaliseCaller(raw, country), e164, `${raw} as the call layer keeps it`);
      assert.equal(world.crm.lookupByPhone(raw).match?.customer.id, customer.id, `${raw} popped`);
      const result = await simulate(world, lookupFlow(), { caller: raw });
      assert.equal(result.variables["customer.id"], customer.id, `${raw} found by the IVR`);
    }
  });
}

Deno.test("caller IDs that are no phone number are kept as presented and match no customer", async () => {
  const world = ivrWorld();
  for (const raw of ["anonymous", "1001", ""]) {
    assert.equal(normaliseCaller(raw, "86"), raw);
    const result = await simulate(world, lookupFlow(), { caller: raw });
    assert.equal(result.variables["customer.id"], undefined, JSON.stringify(raw));
  }
});
