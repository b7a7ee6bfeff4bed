import assert from "node:assert/strict";
import { RequestRing, requestRingReader } from "../../src/net/_udp_host_ring.ts";

type Heard = { send: [number, number, number[]] } | { control: unknown };

function readAll(reader: ReturnType<typeof requestRingReader>): Heard[] {
  const heard: Heard[] = [];
  reader.read(
    (at, spread, records) => heard.push({ send: [at, spread, [...records]] }),
    (request) => heard.push({ control: request }),
  );
  return heard;
}

Deno.test("requests written to the ring are read in the order written, byte arrays included", () => {
  const ring = new RequestRing(4096);
  const reader = requestRingReader(ring.buffer);
  assert.equal(ring.control({ op: "bind", id: 1, name: Uint8Array.of(2, 0, 1, 2) }), true);
  assert.equal(ring.send(1234.5, 20, Uint8Array.of(9, 8, 7)), true);
  assert.equal(ring.send(0, 0, Uint8Array.of(1)), true);
  assert.deepEqual(readAll(reader), [
    { control: { op: "bind", id: 1, name: [2, 0, 1, 2] } },
    { send: [1234.5, 20, [9, 8, 7]] },
    { send: [0, 0, [1]] },
  ]);
  assert.deepEqual(readAll(reader), [], "what was read is not read again");
});

Deno.test("a full ring refuses a request, loses nothing already in it and takes more once read", () => {
  const ring = new RequestRing(256);
  const reader = requestRingReader(ring.buffer);
  const records = new Uint8Array(40);
  let written = 0;
  while (ring.send(written, 0, records.fill(written))) written++;
  assert.ok(written >= 3, `${written} sends fitted`);
  const heard = readAll(reader);
  assert.deepEqual(heard.map((h) => "send" in h && h.send[0]), [...Array(written).keys()]);
  assert.ok(heard.every((h) => "send" in h && h.send[2].every((b) => b === h.send[0])));
  assert.equal(ring.send(99, 0, records), true);
});

Deno.test("records that would cross the ring's end start again at its beginning, in order", () => {
  const ring = new RequestRing(512);
  const reader = requestRingReader(ring.buffer);
  const seen: number[] = [];
  // Sizes that do not divide the ring, so the wrap falls inside a record many times over.
  for (let n = 0; n < 200; n++) {
    assert.equal(ring.send(n, 0, new Uint8Array(13 + (n % 7) * 11).fill(n & 0xff)), true);
    if (n % 3 === 2) {
      for (const h of readAll(reader)) {
        assert.ok("send" in h);
        assert.ok(h.send[2].every((b) => b === (h.send[0] & 0xff)), `record ${h.send[0]} intact`);
        seen.push(h.send[0]);
      }
    }
  }
  for (const h of readAll(reader)) if ("send" in h) seen.push(h.send[0]);
  assert.deepEqual(seen, [...Array(200).keys()]);
});
