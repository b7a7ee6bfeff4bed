import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { CallRecorder, parseWav } from "../../src/media/mod.ts";

function frame(seed: number): Int16Array {
  return Int16Array.from({ length: 160 }, (_, i) => ((seed * 977 + i * 31) % 20000) - 10000);
}

Deno.test("recordings written off the event loop read back sample for sample, many at once", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cc-recorder-" });
  try {
    const recorders = await Promise.all(
      [0, 1, 2, 3].map((n) => CallRecorder.create(`${dir}/r${n}.wav`, { channels: 2 })),
    );
    // Writes of every recording made in the same turns travel together to the writer thread.
    for (let f = 0; f < 60; f++) {
      recorders.forEach((r, n) => r.write(frame(f + n * 100), frame(f + n * 100 + 50)));
      if (f % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const results = await Promise.all(recorders.map((r) => r.close()));
    for (const [n, result] of results.entries()) {
      const bytes = await Deno.readFile(result.path);
      assert.equal(result.bytes, bytes.length);
      assert.equal(result.sha256, createHash("sha256").update(bytes).digest("hex"));
      assert.equal(result.durationMs, 1200);
      const wav = parseWav(bytes);
      assert.equal(wav.channels, 2);
      const expected = new Int16Array(60 * 320);
      for (let f = 0; f < 60; f++) {
        const left = frame(f + n * 100);
        const right = frame(f + n * 100 + 50);
        for (let i = 0; i < 160; i++) {
          expected[(f * 160 + i) * 2] = left[i];
          expected[(f * 160 + i) * 2 + 1] = right[i];
        }
      }
      assert.deepEqual(wav.samples, expected);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a recording whose folder cannot be made fails to start", async () => {
  const file = await Deno.makeTempFile({ prefix: "cc-not-a-folder-" });
  try {
    // A file where the folder should be: no folder can be made there, even by root.
    await assert.rejects(() => CallRecorder.create(`${file}/x/call.wav`));
  } finally {
    await Deno.remove(file);
  }
});

Deno.test("a recording in a folder not made yet (a new day's) makes the folder", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cc-rec-day-" });
  try {
    const recorder = await CallRecorder.create(`${dir}/2026/12/07/call.wav`, { channels: 1 });
    recorder.write(new Int16Array(160).fill(1000));
    const result = await recorder.close();
    assert.ok(result.bytes > 44, `${result.bytes}`);
    assert.equal((await Deno.stat(`${dir}/2026/12/07/call.wav`)).size, result.bytes);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
