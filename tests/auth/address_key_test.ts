import assert from "node:assert/strict";
import { addressKey } from "../../src/auth/address_key.ts";

Deno.test("an IPv4 address is counted as itself, also when it arrives IPv4-mapped", () => {
  assert.equal(addressKey("192.0.2.7"), "192.0.2.7");
  assert.equal(addressKey("::ffff:192.0.2.7"), "192.0.2.7");
});

Deno.test("IPv6 addresses are counted by their /64, however they are written", () => {
  const key = "2001:db8:1:2::/64";
  for (
    const address of [
      "2001:db8:1:2::1",
      "[2001:0DB8:0001:0002:0:0:0:9]",
      "2001:db8:1:2:a:b:c:d%eth0",
    ]
  ) {
    assert.equal(addressKey(address), key, address);
  }
  assert.equal(addressKey("::1"), "0:0:0:0::/64");
});

Deno.test("text that is not an address is used as it is", () => {
  assert.equal(addressKey("unknown"), "unknown");
  assert.equal(addressKey("1::2::3"), "1::2::3");
  assert.equal(addressKey("1:2:3:4:5:6:7:8:9"), "1:2:3:4:5:6:7:8:9");
});
