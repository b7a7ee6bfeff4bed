import assert from "node:assert/strict";
import { hashPassword, randomPassword, verifyPassword } from "../../src/auth/mod.ts";

Deno.test("a password verifies against its own hash and not against another", async () => {
  const hash = await hashPassword("correct horse");
  assert.match(hash, /^scrypt\$32768\$8\$1\$/);
  assert.equal(await verifyPassword("correct horse", hash), true);
  assert.equal(await verifyPassword("correct horsf", hash), false);
});

Deno.test("the same password hashes differently each time (salted)", async () => {
  assert.notEqual(await hashPassword("same"), await hashPassword("same"));
});

Deno.test("a malformed stored hash never verifies", async () => {
  assert.equal(await verifyPassword("x", "plain"), false);
  assert.equal(await verifyPassword("x", "scrypt$a$b$c$d$e"), false);
});

Deno.test("random passwords avoid look-alike characters", () => {
  const pw = randomPassword(200);
  assert.equal(pw.length, 200);
  assert.doesNotMatch(pw, /[0O1lI]/);
});
