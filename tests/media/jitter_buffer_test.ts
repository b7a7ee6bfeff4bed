import assert from "node:assert/strict";
import { JitterBuffer } from "../../src/media/mod.ts";

/** Frame k is filled with the value k + 1, so output frames name their source. */
function frame(k: number, n = 160): Int16Array {
  return new Int16Array(n).fill(k + 1);
}

function label(pcm: Int16Array): number {
  return pcm.every((v) => v === pcm[0]) ? pcm[0] - 1 : NaN;
}

Deno.test("in-order packets come out unchanged after the initial playout delay", () => {
  const jb = new JitterBuffer({ minDepthMs: 40 });
  const out: number[] = [];
  for (let k = 0; k < 10; k++) {
    jb.push(1000 + k * 160, frame(k));
    out.push(label(jb.pop()));
  }
  // Nothing plays until 40 ms are buffered; then one frame per pop, in order.
  assert.deepEqual(out, [-1, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(jb.stats.played, 9);
  assert.equal(jb.stats.concealed, 0);
});

Deno.test("reordered packets are played in timestamp order", () => {
  const jb = new JitterBuffer({ minDepthMs: 60 });
  const order = [0, 2, 1, 3, 5, 4, 6, 7, 9, 8, 10, 11];
  const out: number[] = [];
  for (const k of order) {
    jb.push(k * 160, frame(k));
    out.push(label(jb.pop()));
  }
  const played = out.filter((k) => k >= 0);
  assert.ok(played.length >= 9);
  played.forEach((k, i) => assert.equal(k, i));
  assert.equal(jb.stats.late, 0);
  assert.equal(jb.stats.concealed, 0);
});

Deno.test("a lost packet is concealed by a faded repeat, a longer loss by silence", () => {
  const jb = new JitterBuffer({ minDepthMs: 40, fixed: true });
  const lost = new Set([4, 7, 8]);
  const frames: Int16Array[] = [];
  for (let k = 0; k < 12; k++) {
    if (!lost.has(k)) jb.push(k * 160, frame(k, 160).map(() => 1000));
    // A popped frame lasts until the next pop: kept frames are copies.
    frames.push(jb.pop().slice());
  }
  assert.equal(jb.stats.concealed, 3);
  // frames[0] was taken while buffering, so frame k of the stream is frames[k + 1].
  const concealed = [4, 7, 8].map((k) => frames[k + 1]);
  assert.equal(concealed.length, 3);
  assert.ok(concealed[0][0] > 0 && concealed[0][159] < concealed[0][0], "faded repeat");
  assert.ok(concealed[1][0] > 0, "first of a run repeats");
  assert.ok(concealed[2].every((v) => v === 0), "then silence");
});

Deno.test("late and duplicate packets are dropped and counted", () => {
  const jb = new JitterBuffer({ minDepthMs: 40, fixed: true });
  for (let k = 0; k < 4; k++) jb.push(k * 160, frame(k));
  for (let k = 0; k < 3; k++) jb.pop();
  jb.push(0, frame(0)); // already played
  jb.push(3 * 160, frame(3)); // already buffered
  assert.equal(jb.stats.late, 1);
  assert.equal(jb.stats.duplicate, 1);
  assert.equal(label(jb.pop()), 3);
  assert.equal(jb.stats.depthMs, 40);
});

Deno.test("an adaptive buffer deepens after late packets and stays within its maximum", () => {
  const jb = new JitterBuffer({ minDepthMs: 40, maxDepthMs: 100 });
  for (let k = 0; k < 3; k++) jb.push(k * 160, frame(k));
  for (let k = 0; k < 3; k++) jb.pop();
  for (let i = 0; i < 10; i++) jb.push(0, frame(0));
  assert.equal(jb.stats.depthMs, 100);
});

Deno.test("an adaptive buffer gives back delay after ten calm seconds", () => {
  const jb = new JitterBuffer({ minDepthMs: 40, maxDepthMs: 100 });
  jb.push(0, frame(0));
  jb.push(160, frame(1));
  jb.pop();
  jb.push(0, frame(0)); // late: depth 60
  assert.equal(jb.stats.depthMs, 60);
  for (let k = 2; k < 2 + 600; k++) {
    jb.push(k * 160, frame(k));
    jb.pop();
  }
  assert.equal(jb.stats.depthMs, 40);
});

Deno.test("30 ms packets come out as continuous 20 ms frames", () => {
  const jb = new JitterBuffer({ minDepthMs: 40 });
  const out: number[] = [];
  // Simulated time in 10 ms steps: a packet arrives every 30 ms, a frame is taken every 20.
  for (let ms = 0; ms < 240; ms += 10) {
    if (ms % 30 === 0) {
      const k = ms / 30;
      jb.push(k * 240, Int16Array.from({ length: 240 }, (_, i) => k * 240 + i + 1));
    }
    if (ms % 20 === 0) out.push(...jb.pop());
  }
  const played = out.slice(out.indexOf(1));
  assert.ok(played.length >= 160 * 9);
  played.forEach((v, i) => assert.equal(v, i + 1));
  assert.equal(jb.stats.concealed, 0);
});

Deno.test("timestamps wrapping past 2^32 keep their order", () => {
  const jb = new JitterBuffer({ minDepthMs: 40 });
  const out: number[] = [];
  for (let k = 0; k < 6; k++) {
    jb.push((0xffffff00 + k * 160) >>> 0, frame(k));
    out.push(label(jb.pop()));
  }
  assert.deepEqual(out, [-1, 0, 1, 2, 3, 4]);
});

Deno.test("a burst beyond the maximum depth skips the oldest audio", () => {
  const jb = new JitterBuffer({ minDepthMs: 40, maxDepthMs: 100 });
  for (let k = 0; k < 20; k++) jb.push(k * 160, frame(k));
  assert.ok(jb.bufferedMs <= 100);
  assert.ok(jb.stats.skipped > 0);
  assert.ok(label(jb.pop()) > 5);
});

Deno.test("after a pause the buffer refills before playing, and a new timestamp base resyncs", () => {
  const jb = new JitterBuffer({ minDepthMs: 40, idleResetMs: 100 });
  jb.push(0, frame(0));
  jb.push(160, frame(1));
  for (let i = 0; i < 10; i++) jb.pop();
  jb.push(5_000_000, frame(7));
  assert.equal(label(jb.pop()), -1, "still buffering after a single packet");
  jb.push(5_000_160, frame(8));
  assert.equal(label(jb.pop()), 7);
  assert.equal(label(jb.pop()), 8);
});

Deno.test("a steady stream reuses the buffer's own frames instead of allocating per packet", () => {
  const jb = new JitterBuffer({ minDepthMs: 40, fixed: true });
  const seen = new Set<Int16Array>();
  const received = new Int16Array(160);
  for (let k = 0; k < 200; k++) {
    // One array for every packet, as an RTP leg decodes them: the buffer keeps copies.
    received.fill(k + 1);
    jb.push(k * 160, received);
    const out = jb.pop();
    // Playout starts at 40 ms buffered: packet k - 1 (filled with k) comes out at step k.
    if (k >= 1) assert.equal(out[0], k, "frames come out as they went in, one tick behind");
    seen.add(out);
  }
  assert.ok(seen.size <= 5, `${seen.size} distinct frames for 200 packets`);
});

Deno.test("30 ms packets are buffered in reused arrays too", () => {
  const jb = new JitterBuffer({ minDepthMs: 40, fixed: true });
  const seen = new Set<Int16Array>();
  const received = new Int16Array(240);
  const played: number[] = [];
  for (let ms = 0; ms < 3000; ms += 10) {
    if (ms % 30 === 0) {
      received.forEach((_, i) => (received[i] = (ms / 30) * 240 + i + 1));
      jb.push((ms / 30) * 240, received);
    }
    if (ms % 20 === 0) {
      const frame = jb.pop();
      seen.add(frame);
      played.push(...frame);
    }
  }
  const start = played.findIndex((v) => v !== 0);
  const stream = played.slice(start, start + 4000);
  assert.deepEqual(stream, stream.map((_, i) => stream[0] + i), "samples in order, none lost");
  assert.ok(seen.size <= 6, `${seen.size} distinct frames for 150 ticks`);
});
