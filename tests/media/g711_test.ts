import assert from "node:assert/strict";
import {
  decodeAlaw,
  decodeG711,
  decodeUlaw,
  encodeAlaw,
  encodeG711,
  encodeUlaw,
  g711Silence,
  transcodeG711,
} from "../../src/media/mod.ts";

// Reference reconstruction values written from the G.711 tables' formulas, independent
// of the implementation: µ-law ((2m + 33) · 2^e − 33) · 4, A-law (2m + 1) · 8 in
// segment 0 and (2m + 33) · 2^(e − 1) · 8 above, with bits inverted as transmitted.
function referenceUlaw(byte: number): number {
  const u = ~byte & 0xff;
  const e = (u >> 4) & 7;
  const m = u & 15;
  const v = ((2 * m + 33) * 2 ** e - 33) * 4;
  return u & 0x80 ? 0 - v || 0 : v; // both zero codes compare equal to +0
}

function referenceAlaw(byte: number): number {
  const a = byte ^ 0x55;
  const e = (a >> 4) & 7;
  const m = a & 15;
  const v = e === 0 ? (2 * m + 1) * 8 : (2 * m + 33) * 2 ** (e - 1) * 8;
  return a & 0x80 ? v : -v;
}

Deno.test("µ-law decodes the G.711 table's known values", () => {
  assert.equal(decodeUlaw(0xff), 0);
  assert.equal(decodeUlaw(0x7f), 0);
  assert.equal(decodeUlaw(0x00), -32124);
  assert.equal(decodeUlaw(0x80), 32124);
  assert.equal(decodeUlaw(0xfe), 8);
  assert.equal(decodeUlaw(0x7e), -8);
});

Deno.test("A-law decodes the G.711 table's known values", () => {
  assert.equal(decodeAlaw(0xd5), 8);
  assert.equal(decodeAlaw(0x55), -8);
  assert.equal(decodeAlaw(0xaa), 32256);
  assert.equal(decodeAlaw(0x2a), -32256);
});

Deno.test("every code of both laws decodes to the value the standard's formula gives", () => {
  for (let b = 0; b < 256; b++) {
    assert.equal(decodeUlaw(b), referenceUlaw(b), `µ-law 0x${b.toString(16)}`);
    assert.equal(decodeAlaw(b), referenceAlaw(b), `A-law 0x${b.toString(16)}`);
  }
});

Deno.test("silence and full scale encode to the expected codes", () => {
  assert.equal(encodeUlaw(0), 0xff);
  assert.equal(encodeUlaw(32767), 0x80);
  assert.equal(encodeUlaw(-32768), 0x00);
  assert.equal(encodeAlaw(0), 0xd5);
  assert.equal(encodeAlaw(-1), 0x55);
  assert.equal(encodeAlaw(32767), 0xaa);
  assert.equal(encodeAlaw(-32768), 0x2a);
  assert.equal(g711Silence("PCMU"), 0xff);
  assert.equal(g711Silence("PCMA"), 0xd5);
});

Deno.test("out-of-range samples are clamped rather than wrapped", () => {
  assert.equal(encodeUlaw(100000), encodeUlaw(32767));
  assert.equal(encodeAlaw(-100000), encodeAlaw(-32768));
});

Deno.test("every A-law code survives decode then encode unchanged", () => {
  for (let b = 0; b < 256; b++) assert.equal(encodeAlaw(decodeAlaw(b)), b);
});

Deno.test("every µ-law code survives decode then encode, except negative zero which becomes zero", () => {
  for (let b = 0; b < 256; b++) {
    const expected = b === 0x7f ? 0xff : b;
    assert.equal(encodeUlaw(decodeUlaw(b)), expected);
  }
});

Deno.test("quantisation error stays within half a step of each segment", () => {
  for (let x = -32768; x <= 32767; x += 7) {
    const bound = Math.max(8, Math.abs(x) / 16);
    assert.ok(Math.abs(decodeUlaw(encodeUlaw(x)) - x) <= bound, `µ-law ${x}`);
    assert.ok(Math.abs(decodeAlaw(encodeAlaw(x)) - x) <= bound, `A-law ${x}`);
  }
});

Deno.test("decoding is monotonic in the linear value across each law's codes", () => {
  const ulaw = Array.from({ length: 256 }, (_, b) => decodeUlaw(b)).sort((a, b) => a - b);
  const alaw = Array.from({ length: 256 }, (_, b) => decodeAlaw(b)).sort((a, b) => a - b);
  // 255 distinct µ-law values (±0 coincide) and 256 distinct A-law values.
  assert.equal(new Set(ulaw).size, 255);
  assert.equal(new Set(alaw).size, 256);
});

Deno.test("frame helpers encode and decode a 160-sample frame for both laws", () => {
  const pcm = new Int16Array(160);
  for (let i = 0; i < pcm.length; i++) pcm[i] = Math.round(8000 * Math.sin(i / 5));
  for (const law of ["PCMU", "PCMA"] as const) {
    const bytes = encodeG711(law, pcm);
    assert.equal(bytes.length, 160);
    const back = decodeG711(law, bytes);
    assert.equal(back.length, 160);
    for (let i = 0; i < pcm.length; i++) assert.ok(Math.abs(back[i] - pcm[i]) <= 512);
    const out = new Int16Array(160);
    assert.equal(decodeG711(law, bytes, out), out);
  }
  assert.throws(() => encodeG711("PCMU", pcm, new Uint8Array(10)), RangeError);
});

Deno.test("transcoding between laws matches decoding and re-encoding", () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const toA = transcodeG711("PCMU", "PCMA", all);
  const toU = transcodeG711("PCMA", "PCMU", all);
  for (let b = 0; b < 256; b++) {
    assert.equal(toA[b], encodeAlaw(decodeUlaw(b)));
    assert.equal(toU[b], encodeUlaw(decodeAlaw(b)));
  }
  assert.deepEqual(transcodeG711("PCMA", "PCMA", all), all);
});
