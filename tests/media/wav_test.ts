import assert from "node:assert/strict";
import {
  fileSink,
  parseWav,
  WavFormatError,
  type WavSink,
  WavWriter,
} from "../../src/media/mod.ts";

/** An in-memory sink whose bytes can be inspected at any moment, like a file after a crash. */
class MemorySink implements WavSink {
  bytes = new Uint8Array(0);
  closed = false;
  write(chunk: Uint8Array): Promise<void> {
    return this.writeAt(this.bytes.length, chunk);
  }
  writeAt(offset: number, chunk: Uint8Array): Promise<void> {
    const end = Math.max(this.bytes.length, offset + chunk.length);
    if (end > this.bytes.length) {
      const grown = new Uint8Array(end);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes.set(chunk, offset);
    return Promise.resolve();
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

function ramp(n: number, from: number): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => ((from + i) % 2000) - 1000);
}

/** Builds a WAV file by hand with the given fmt fields and extra chunks. */
function handmade(opts: { tag?: number; bits?: number; channels?: number; extra?: Uint8Array }) {
  const data = new Uint8Array([1, 0, 2, 0, 3, 0, 0xff, 0xff]);
  const extra = opts.extra ?? new Uint8Array(0);
  const out = new Uint8Array(12 + 24 + extra.length + 8 + data.length);
  const v = new DataView(out.buffer);
  const ascii = (at: number, s: string) =>
    [...s].forEach((c, i) => (out[at + i] = c.charCodeAt(0)));
  ascii(0, "RIFF");
  v.setUint32(4, out.length - 8, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, opts.tag ?? 1, true);
  v.setUint16(22, opts.channels ?? 1, true);
  v.setUint32(24, 8000, true);
  v.setUint16(34, opts.bits ?? 16, true);
  out.set(extra, 36);
  ascii(36 + extra.length, "data");
  v.setUint32(40 + extra.length, data.length, true);
  out.set(data, 44 + extra.length);
  return out;
}

Deno.test("a mono file written frame by frame reads back identically", async () => {
  const sink = new MemorySink();
  const writer = new WavWriter(sink);
  const frames = Array.from({ length: 75 }, (_, i) => ramp(160, i * 160));
  for (const f of frames) await writer.writeFrame(f);
  await writer.close();
  assert.equal(sink.closed, true);
  assert.equal(sink.bytes.length, 44 + 75 * 320);
  const wav = parseWav(sink.bytes);
  assert.equal(wav.sampleRate, 8000);
  assert.equal(wav.channels, 1);
  assert.deepEqual(wav.samples, Int16Array.from(frames.flatMap((f) => [...f])));
  assert.equal(writer.durationMs, 1500);
});

Deno.test("a stereo file interleaves left and right channels", async () => {
  const sink = new MemorySink();
  const writer = new WavWriter(sink, { channels: 2 });
  writer.writeFrame(new Int16Array([1, 2, 3]), new Int16Array([-1, -2, -3]));
  assert.throws(() => writer.writeFrame(new Int16Array(3)), RangeError);
  await writer.close();
  const wav = parseWav(sink.bytes);
  assert.equal(wav.channels, 2);
  assert.deepEqual([...wav.samples], [1, -1, 2, -2, 3, -3]);
});

Deno.test("a recording that was never closed is readable up to its last header update", async () => {
  const sink = new MemorySink();
  const writer = new WavWriter(sink, { channels: 2 });
  // 3.5 s of audio, then the process "dies": no close().
  for (let i = 0; i < 175; i++) await writer.writeFrame(ramp(160, i), ramp(160, i + 7));
  const wav = parseWav(sink.bytes.slice());
  const seconds = wav.samples.length / 2 / 8000;
  assert.equal(seconds, 3);
  assert.ok(3.5 - seconds <= 1, "at most one second lost");
});

Deno.test("a recording in a real file survives a crash the same way", async () => {
  const path = await Deno.makeTempFile({ suffix: ".wav" });
  try {
    const file = await Deno.open(path, { write: true, create: true, truncate: true });
    const writer = new WavWriter(fileSink(file));
    for (let i = 0; i < 130; i++) writer.writeFrame(ramp(160, i)); // not awaited, as on a tick
    await writer.writeFrame(ramp(160, 0));
    const wav = parseWav(await Deno.readFile(path));
    assert.equal(wav.samples.length, 16000); // 2 s of the 2.62 s written
    await writer.close();
    assert.equal(parseWav(await Deno.readFile(path)).samples.length, 131 * 160);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("the reader skips unknown chunks, including odd-sized ones", () => {
  const list = new Uint8Array([0x4c, 0x49, 0x53, 0x54, 3, 0, 0, 0, 9, 9, 9, 0]); // "LIST", 3 + pad
  const wav = parseWav(handmade({ extra: list }));
  assert.deepEqual([...wav.samples], [1, 2, 3, -1]);
});

Deno.test("the reader explains unsupported files", () => {
  assert.throws(() => parseWav(new Uint8Array(10)), WavFormatError);
  assert.throws(() => parseWav(handmade({ tag: 7 })), /format tag 7/); // µ-law WAV
  assert.throws(() => parseWav(handmade({ bits: 8 })), /8 bits/);
  const noData = handmade({}).slice(0, 36);
  assert.throws(() => parseWav(noData), /no data chunk/);
});

Deno.test("a failing sink stops the writer without unhandled rejections", async () => {
  let calls = 0;
  let closed = false;
  const sink: WavSink = {
    write: () => (++calls > 2 ? Promise.reject(new Error("disk full")) : Promise.resolve()),
    writeAt: () => Promise.resolve(),
    close: () => {
      closed = true;
      return Promise.resolve();
    },
  };
  const writer = new WavWriter(sink);
  for (let i = 0; i < 5; i++) writer.writeFrame(new Int16Array(160));
  await assert.rejects(() => writer.close(), /disk full/);
  assert.match(String(writer.error), /disk full/);
  assert.equal(closed, true, "the sink is closed even after a failure");
});

Deno.test("a sink gets every write at once, and the file is whole when closed", async () => {
  const memory = new MemorySink();
  const pending: (() => void)[] = [];
  // Answers come only when released, like a thread that has not replied yet.
  const later = (run: () => Promise<void>) =>
    new Promise<void>((resolve) => pending.push(() => run().then(resolve)));
  const sink: WavSink = {
    write: (bytes) => later(() => memory.write(bytes)),
    writeAt: (offset, bytes) => later(() => memory.writeAt(offset, bytes)),
    close: () => later(() => memory.close()),
  };
  const writer = new WavWriter(sink, { headerIntervalMs: 20 });
  writer.writeFrame(ramp(160, 0));
  writer.writeFrame(ramp(160, 160));
  // Header, two frames, and after each frame one header update (both sizes in one write).
  assert.equal(pending.length, 1 + 2 * 2, "nothing waited for an answer");
  const closing = writer.close();
  for (const release of pending.splice(0)) release();
  await new Promise((r) => setTimeout(r, 0));
  for (const release of pending.splice(0)) release();
  await closing;
  assert.equal(memory.closed, true);
  assert.deepEqual(parseWav(memory.bytes).samples, ramp(320, 0));
});

Deno.test("a header update rewrites the header from the RIFF size to the data size in one write", async () => {
  const memory = new MemorySink();
  const updates: { offset: number; bytes: Uint8Array }[] = [];
  const sink: WavSink = {
    write: (bytes) => memory.write(bytes),
    writeAt: (offset, bytes) => {
      updates.push({ offset, bytes: bytes.slice() });
      return memory.writeAt(offset, bytes);
    },
    close: () => memory.close(),
  };
  const writer = new WavWriter(sink, { channels: 2, headerIntervalMs: 20 });
  const header = memory.bytes.slice(0, 44);
  writer.writeFrame(ramp(160, 0), ramp(160, 0));
  assert.equal(updates.length, 1);
  assert.equal(updates[0].offset, 4);
  assert.equal(updates[0].bytes.length, 40);
  const sizes = new DataView(updates[0].bytes.buffer);
  assert.equal(sizes.getUint32(0, true), 36 + 640, "RIFF size");
  assert.equal(sizes.getUint32(36, true), 640, "data size");
  // Everything between the two sizes is the format, written again unchanged.
  assert.deepEqual(updates[0].bytes.subarray(4, 36), header.subarray(8, 40));
  await writer.close();
});

Deno.test("after a failed write the writer refuses more and reports it", async () => {
  let closed = false;
  let writes = 0;
  const sink: WavSink = {
    write: () => (++writes === 2 ? Promise.reject(new Error("disk full")) : Promise.resolve()),
    writeAt: () => Promise.resolve(),
    close: () => {
      closed = true;
      return Promise.resolve();
    },
  };
  const writer = new WavWriter(sink);
  await assert.rejects(() => writer.writeFrame(new Int16Array(160)), /disk full/);
  await assert.rejects(() => writer.writeFrame(new Int16Array(160)), /disk full/);
  assert.equal(writes, 2, "the write after the failure was not issued");
  await assert.rejects(() => writer.close(), /disk full/);
  assert.equal(closed, true, "the sink is closed even after a failure");
});
