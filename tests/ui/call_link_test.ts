import assert from "node:assert/strict";
import { callFromLink, callLink } from "../../ui/common/call_link.ts";

Deno.test("a call link carries the number and the customer, and reads back the same", () => {
  const link = callLink("+8613800138000", 12);
  assert.equal(link, "/agent?call=%2B8613800138000&customer=12");
  assert.deepEqual(callFromLink(link.slice("/agent".length)), {
    number: "+8613800138000",
    customerId: 12,
  });
  assert.deepEqual(callFromLink("?call=13800138000"), { number: "13800138000", customerId: null });
});

Deno.test("a link without a number, or with something else in its place, asks for no call", () => {
  assert.equal(callFromLink(""), null);
  assert.equal(callFromLink("?call=anonymous"), null);
  assert.equal(callFromLink("?call=%3Cscript%3E"), null);
  assert.deepEqual(callFromLink("?call=%2B861&customer=-3"), { number: "+861", customerId: null });
});
