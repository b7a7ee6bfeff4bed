import assert from "node:assert/strict";
import { parseRange } from "../../src/http/routes/byte_range.ts";

Deno.test("parseRange reads the byte ranges browsers' audio players ask for", () => {
  assert.deepEqual(parseRange("bytes=0-", 1000), { start: 0, end: 999 });
  assert.deepEqual(parseRange("bytes=100-199", 1000), { start: 100, end: 199 });
  assert.deepEqual(parseRange("bytes=900-5000", 1000), { start: 900, end: 999 });
  assert.deepEqual(parseRange("bytes=-100", 1000), { start: 900, end: 999 });
  assert.deepEqual(parseRange("bytes=-5000", 1000), { start: 0, end: 999 });
  // Several ranges: the first is served.
  assert.deepEqual(parseRange("bytes=0-9, 20-29", 1000), { start: 0, end: 9 });
});

Deno.test("parseRange refuses ranges outside the file and ignores what is not a byte range", () => {
  assert.equal(parseRange("bytes=1000-", 1000), "unsatisfiable");
  assert.equal(parseRange("bytes=500-100", 1000), "unsatisfiable");
  assert.equal(parseRange("bytes=-0", 1000), "unsatisfiable");
  assert.equal(parseRange("items=0-10", 1000), undefined);
  assert.equal(parseRange("bytes=-", 1000), undefined);
});
