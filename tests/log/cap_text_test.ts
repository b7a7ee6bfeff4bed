import assert from "node:assert/strict";
import { capText, MAX_LOGGED_CHARS } from "../../src/log/mod.ts";

Deno.test("text up to the cap is left alone", () => {
  const text = "v".repeat(MAX_LOGGED_CHARS);
  assert.equal(capText(text), text);
});

Deno.test("longer text keeps its first 512 characters and says how long it was", () => {
  assert.equal(capText("abcdefgh", 3), "abc…[8 chars]");
  assert.equal(capText("x".repeat(65_536)), "x".repeat(512) + "…[65536 chars]");
});

Deno.test("a cut never leaves half of a surrogate pair", () => {
  const capped = capText("ab😀cd", 3);
  assert.equal(capped, "ab…[6 chars]");
  assert.ok(capped.isWellFormed());
});
