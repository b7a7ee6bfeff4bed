import assert from "node:assert/strict";
import { threadFileSink } from "../../src/media/_file_writer.ts";

Deno.test("the writer thread answers each write in order, failures with their reason", async () => {
  const dir = await Deno.makeTempDir({ prefix: "file_writer_" });
  try {
    const sink = await threadFileSink(`${dir}/a.bin`);
    const chunk = new Uint8Array(1000);
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 300; i++) {
      // One array filled again for every write: the sink is done with it on return.
      chunk.fill(i % 251);
      writes.push(sink.write(chunk));
    }
    writes.push(sink.writeAt(0, new Uint8Array([7, 7])));
    const digest = await sink.digest();
    await Promise.all(writes);
    assert.equal(digest.bytes, 300_000);
    await sink.close();
    const bytes = await Deno.readFile(`${dir}/a.bin`);
    assert.deepEqual([...bytes.subarray(0, 3)], [7, 7, 0]);
    for (let i = 1; i < 300; i++) assert.equal(bytes[i * 1000 + 500], i % 251);

    const late = sink.write(chunk);
    await assert.rejects(late, /not open/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
