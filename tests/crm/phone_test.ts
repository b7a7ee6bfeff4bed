import assert from "node:assert/strict";
import {
  InvalidPhoneError,
  maskPhone,
  normaliseCaller,
  normalisePhone,
  parsePhone,
} from "../../src/crm/mod.ts";

Deno.test("normalisePhone() reads the spellings of one Chinese mobile as the same E.164 number", () => {
  for (
    const raw of [
      "+86 138-0013-8000",
      "008613800138000",
      "13800138000",
      "+86 (138) 0013 8000",
      "tel:+8613800138000",
      "8613800138000",
    ]
  ) {
    assert.equal(normalisePhone(raw, "86"), "+8613800138000", raw);
  }
});

Deno.test("normalisePhone() drops the trunk 0 of a Chinese landline", () => {
  assert.equal(normalisePhone("021 6123 4567", "86"), "+862161234567");
  assert.equal(normalisePhone("010-8888 6666", "86"), "+861088886666");
  assert.equal(normalisePhone("0755 2345 6789", "86"), "+8675523456789");
  assert.equal(normalisePhone("+86 (0)21 6123 4567", "86"), "+862161234567");
  assert.equal(normalisePhone("+86 021 6123 4567", "86"), "+862161234567");
  assert.equal(normalisePhone("400 800 1234", "86"), "+864008001234");
});

Deno.test("normalisePhone() reads US and UK numbers written with their country code", () => {
  assert.equal(normalisePhone("+1 (415) 555-0100", "86"), "+14155550100");
  assert.equal(normalisePhone("001 415 555 0100", "86"), "+14155550100");
  assert.equal(normalisePhone("+44 20 7946 0000", "86"), "+442079460000");
  assert.equal(normalisePhone("+44 (0)20 7946 0000", "86"), "+442079460000");
});

Deno.test("normalisePhone() reads national numbers in the default country", () => {
  assert.equal(normalisePhone("(415) 555-0100", "1"), "+14155550100");
  assert.equal(normalisePhone("1 415 555 0100", "1"), "+14155550100");
  assert.equal(normalisePhone("011 86 138 0013 8000", "1"), "+8613800138000");
  assert.equal(normalisePhone("020 7946 0000", "44"), "+442079460000");
  assert.equal(normalisePhone("030 1234567", "49"), "+49301234567");
});

Deno.test("normalisePhone() refuses garbage with a reason a person can act on", () => {
  const cases: [string, RegExp][] = [
    ["", /empty/],
    ["   ", /empty/],
    ["call me maybe", /letters/],
    ["138 0013 800", /11 digits/],
    ["6123 4567", /area code/],
    ["+1 (015) 555-0100", /area code/],
    ["+0 123 456 789", /never start with 0/],
    ["+86 138 0013 8000 1234 5678", /at most 15/],
    ["+49 123", /too short/],
    ["138#0013*8000", /characters other than digits/],
    ["12+3456789", /may only come first/],
  ];
  for (const [raw, reason] of cases) {
    assert.throws(() => normalisePhone(raw, "86"), (e: unknown) => {
      assert.ok(e instanceof InvalidPhoneError, raw);
      assert.match(e.message, reason, raw);
      assert.match(e.message, /^Phone number ".*" is not usable: /);
      return true;
    });
  }
});

Deno.test("parsePhone() answers with the reason instead of throwing", () => {
  assert.deepEqual(parsePhone("13800138000"), { ok: true, e164: "+8613800138000" });
  const bad = parsePhone("abc");
  assert.equal(bad.ok, false);
});

Deno.test("maskPhone() hides the middle digits but keeps the country and the last four", () => {
  assert.equal(maskPhone("+8613800138000"), "+86138****8000");
  assert.equal(maskPhone("+14155550100"), "+141****0100");
});

Deno.test("normaliseCaller() keeps a caller ID that is no phone number as presented", () => {
  assert.equal(normaliseCaller("13800138000", "86"), "+8613800138000");
  assert.equal(normaliseCaller("+39 06 1234 5678", "86"), "+390612345678");
  assert.equal(normaliseCaller("anonymous", "86"), "anonymous");
  assert.equal(normaliseCaller("1001", "86"), "1001", "an internal extension");
});
