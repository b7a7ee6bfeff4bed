import assert from "node:assert/strict";
import { readTar, safeArchiveName, TarWriter } from "../../src/backups/mod.ts";

async function roundTrip(files: Record<string, Uint8Array>): Promise<Map<string, Uint8Array>> {
  const dir = await Deno.makeTempDir({ prefix: "cc-tar-" });
  try {
    const out = await Deno.open(`${dir}/a.tar`, { write: true, create: true });
    const tar = new TarWriter(out);
    for (const [name, bytes] of Object.entries(files)) {
      const path = `${dir}/${crypto.randomUUID()}`;
      await Deno.writeFile(path, bytes);
      await tar.addFile(name, path, Date.UTC(2026, 0, 1));
    }
    await tar.finish();
    out.close();
    const read = new Map<string, Uint8Array>();
    const file = await Deno.open(`${dir}/a.tar`);
    for await (const entry of readTar(file)) {
      const pieces = await Array.fromAsync(entry.read());
      read.set(
        entry.name,
        new Uint8Array(await new Blob(pieces as Uint8Array<ArrayBuffer>[]).arrayBuffer()),
      );
    }
    file.close();
    return read;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("an archive gives back every file byte for byte, sizes off the block boundary included", async () => {
  const big = new Uint8Array(200_001).map((_, i) => i % 251);
  const long = `recordings/${"d".repeat(60)}/${"f".repeat(70)}.wav.enc`;
  const files = {
    "callcenter.db": big,
    "empty": new Uint8Array(0),
    [long]: new Uint8Array([1, 2]),
  };
  const read = await roundTrip(files);
  assert.deepEqual([...read.keys()], Object.keys(files));
  for (const [name, bytes] of Object.entries(files)) assert.deepEqual(read.get(name), bytes);
});

Deno.test("the system tar program reads what the writer writes", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cc-tar-" });
  try {
    await Deno.writeTextFile(`${dir}/in.txt`, "hello");
    const out = await Deno.open(`${dir}/a.tar`, { write: true, create: true });
    const tar = new TarWriter(out);
    await tar.addFile("keys/recording-1.key", `${dir}/in.txt`, 0);
    await tar.finish();
    out.close();
    const listed = new Deno.Command("tar", { args: ["-tf", `${dir}/a.tar`] }).outputSync();
    assert.equal(new TextDecoder().decode(listed.stdout).trim(), "keys/recording-1.key");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("names that would leave the restore folder are refused", () => {
  for (const bad of ["/etc/passwd", "../x", "a/../../b", "a//b", "", "a\\b"]) {
    assert.equal(safeArchiveName(bad), false, bad);
  }
  assert.equal(safeArchiveName("recordings/2026/05/01/x.wav.enc"), true);
});

Deno.test("a damaged header is refused instead of read as a file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cc-tar-" });
  try {
    await Deno.writeTextFile(`${dir}/in.txt`, "hello");
    const out = await Deno.open(`${dir}/a.tar`, { write: true, create: true });
    const tar = new TarWriter(out);
    await tar.addFile("in.txt", `${dir}/in.txt`, 0);
    await tar.finish();
    out.close();
    const bytes = await Deno.readFile(`${dir}/a.tar`);
    bytes[3] ^= 0xff;
    await Deno.writeFile(`${dir}/a.tar`, bytes);
    const file = await Deno.open(`${dir}/a.tar`);
    await assert.rejects(() => Array.fromAsync(readTar(file)), /damaged header/);
    file.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
