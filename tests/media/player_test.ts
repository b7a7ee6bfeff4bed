import assert from "node:assert/strict";
import {
  loopSource,
  pcmSource,
  type PlayEnd,
  Player,
  silenceSource,
  WavFormatError,
  wavSamples,
  type WavSink,
  WavWriter,
} from "../../src/media/mod.ts";

function drain(player: Player, limit = 1000): Int16Array[] {
  const frames: Int16Array[] = [];
  for (let i = 0; i < limit; i++) {
    const f = player.nextFrame();
    if (!f) break;
    frames.push(f);
  }
  return frames;
}

async function wavBytes(samples: Int16Array, channels: 1 | 2 = 1): Promise<Uint8Array> {
  let bytes = new Uint8Array(0);
  const sink: WavSink = {
    write(b) {
      bytes = new Uint8Array([...bytes, ...b]);
      return Promise.resolve();
    },
    writeAt(offset, b) {
      bytes.set(b, offset);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
  const writer = new WavWriter(sink, { channels });
  if (channels === 1) await writer.writeFrame(samples);
  else await writer.writeFrame(samples, samples.map((v) => v + 2));
  await writer.close();
  return bytes;
}

Deno.test("a prompt is played in 160-sample frames with the last one padded", () => {
  const player = new Player();
  player.enqueue({ source: pcmSource(new Int16Array(400).fill(5)) });
  const frames = drain(player);
  assert.equal(frames.length, 3);
  assert.ok(frames.every((f) => f.length === 160));
  assert.equal(frames[2][79], 5);
  assert.equal(frames[2][80], 0);
  assert.equal(player.playing, false);
});

Deno.test("parts play back to back as one stream, frames straddling their joins", () => {
  const ramp = (from: number, n: number) => Int16Array.from({ length: n }, (_, i) => from + i);
  // 100 + 30 + 0 + 250 samples: joins fall inside the first and third frames.
  const parts = [ramp(0, 100), ramp(100, 30), new Int16Array(0), ramp(130, 250)];
  const player = new Player();
  player.enqueue({ source: pcmSource(parts) });
  const frames = drain(player);
  assert.equal(frames.length, 3);
  const played = frames.flatMap((f) => [...f]);
  assert.deepEqual(played.slice(0, 380), [...ramp(0, 380)]);
  assert.ok(played.slice(380).every((v) => v === 0));
  // A frame inside one part is that part's own audio, not a copy.
  assert.equal(frames[1].buffer, parts[3].buffer);
});

Deno.test("items play in order and report their end", () => {
  const player = new Player();
  const ends: string[] = [];
  player.enqueue(
    { source: pcmSource(new Int16Array(160).fill(1)), onEnd: (r) => ends.push(`a:${r}`) },
    { source: silenceSource(40), onEnd: (r) => ends.push(`b:${r}`) },
    { source: pcmSource(new Int16Array(160).fill(2)), onEnd: (r) => ends.push(`c:${r}`) },
  );
  const frames = drain(player);
  assert.deepEqual(frames.map((f) => f[0]), [1, 0, 0, 2]);
  assert.deepEqual(ends, ["a:done", "b:done", "c:done"]);
});

Deno.test("music on hold loops seamlessly and a counted loop stops", () => {
  const tune = Int16Array.from({ length: 100 }, (_, i) => i);
  const forever = loopSource(tune);
  const a = forever.nextFrame()!;
  const b = forever.nextFrame()!;
  assert.equal(a[99], 99);
  assert.equal(a[100], 0);
  assert.equal(b[0], 60);
  const twice = loopSource(tune, 2);
  assert.ok(twice.nextFrame());
  assert.ok(twice.nextFrame());
  assert.equal(twice.nextFrame(), undefined);
  assert.equal(loopSource(new Int16Array(0)).nextFrame(), undefined);
});

Deno.test("barge-in cuts interruptible items up to the first that is not", () => {
  const player = new Player();
  const ends: [string, PlayEnd][] = [];
  const item = (name: string, bargeIn = true) => ({
    source: loopSource(new Int16Array(160).fill(1)),
    bargeIn,
    onEnd: (r: PlayEnd) => ends.push([name, r]),
  });
  player.enqueue(item("menu"), item("options"), item("legal", false), item("after"));
  player.nextFrame();
  assert.equal(player.bargeIn(), true);
  assert.deepEqual(ends, [["menu", "barged"], ["options", "barged"]]);
  assert.equal(player.bargeIn(), false, "the legal notice cannot be skipped");
  player.stop();
  assert.deepEqual(ends.slice(2), [["legal", "stopped"], ["after", "stopped"]]);
  assert.equal(player.nextFrame(), undefined);
});

Deno.test("WAV prompts decode to 8 kHz mono, with stereo averaged", async () => {
  const samples = Int16Array.from({ length: 320 }, (_, i) => i);
  assert.deepEqual(wavSamples(await wavBytes(samples)), samples);
  const mono = wavSamples(await wavBytes(samples, 2));
  assert.equal(mono.length, 320);
  assert.equal(mono[10], 11);
});

Deno.test("WAV prompts at other sample rates are refused with a clear error", async () => {
  const bytes = await wavBytes(new Int16Array(10));
  new DataView(bytes.buffer).setUint32(24, 16000, true);
  assert.throws(() => wavSamples(bytes), WavFormatError);
  assert.throws(() => wavSamples(bytes), /16000 Hz/);
});
