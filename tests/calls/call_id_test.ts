import assert from "node:assert/strict";
import { newCallId } from "../../src/calls/call_id.ts";

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

Deno.test("newCallId() makes a version 7 UUID carrying the time in its first 48 bits", () => {
  const at = Date.UTC(2026, 10, 22, 14, 18, 48, 767);
  const id = newCallId(at);
  assert.match(id, UUID_V7);
  assert.equal(parseInt(id.replaceAll("-", "").slice(0, 12), 16), at);
});

Deno.test("newCallId() ids sort by the time they were made and never repeat", () => {
  const start = Date.UTC(2026, 0, 1);
  const ids = Array.from({ length: 1000 }, (_, i) => newCallId(start + Math.floor(i / 10)));
  const later = ids.filter((_, i) => i % 10 === 0);
  assert.deepEqual([...later].sort(), later);
  assert.equal(new Set(ids).size, ids.length);
});
