import assert from "node:assert/strict";
import { Hono } from "hono";
import { SystemClock } from "../../src/clock/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import {
  FILE_SETTLE_MS,
  FileFollower,
  isSyncedPath,
  listSyncedFiles,
} from "../../src/replication/mod.ts";

const clock = new SystemClock();
const log = createLogger("replication", { level: "error" });

async function write(path: string, text: string, ageMs = 60_000): Promise<void> {
  await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
  await Deno.writeTextFile(path, text);
  const when = new Date(clock.now() - ageMs);
  await Deno.utime(path, when, when);
}

Deno.test("the primary lists closed files of the synced folders, not the speech cache or unfinished ones", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await write(`${dir}/recordings/2026-12-06/a.wav`, "closed");
    await write(`${dir}/recordings/2026-12-06/b.wav`, "being written", FILE_SETTLE_MS / 4);
    await write(`${dir}/prompts/en/welcome.wav`, "prompt");
    await write(`${dir}/prompts/en/upload.wav.part`, "half");
    await write(`${dir}/prompts/cache/en/x.wav`, "cache");
    await write(`${dir}/voicemails/v.wav`, "message");
    await write(`${dir}/callcenter.db`, "not a file that syncs");
    const paths = (await listSyncedFiles(dir, clock.now())).map((f) => f.path).sort();
    assert.deepEqual(paths, [
      "prompts/en/welcome.wav",
      "recordings/2026-12-06/a.wav",
      "voicemails/v.wav",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("only paths inside a synced folder can be asked for", () => {
  assert.equal(isSyncedPath("recordings/2026-12-06/a.wav"), true);
  assert.equal(isSyncedPath("recordings/../callcenter.db"), false);
  assert.equal(isSyncedPath("tls/key.pem"), false);
  assert.equal(isSyncedPath("recordings"), false);
  assert.equal(isSyncedPath("/etc/passwd"), false);
});

Deno.test("the standby fetches files it lacks or holds changed, and leaves the same ones alone", async () => {
  const primary = await Deno.makeTempDir();
  const standby = await Deno.makeTempDir();
  try {
    await write(`${primary}/recordings/d/a.wav`, "first");
    await write(`${primary}/voicemails/v.wav`, "message");
    const app = new Hono();
    app.get(
      "/replication/files",
      async (c) => c.json({ files: await listSyncedFiles(primary, clock.now()) }),
    );
    app.get(
      "/replication/file",
      async (c) => c.body(await Deno.readFile(`${primary}/${c.req.query("path")}`)),
    );
    const follower = new FileFollower({
      dataDir: standby,
      clock,
      log,
      fetch: (path, init) => Promise.resolve(app.request(path, init)),
    });
    assert.equal(await follower.syncOnce(), 2);
    assert.equal(await Deno.readTextFile(`${standby}/recordings/d/a.wav`), "first");
    assert.equal(await follower.syncOnce(), 0, "nothing changed");
    await write(`${primary}/recordings/d/a.wav`, "second, longer", 30_000);
    assert.equal(await follower.syncOnce(), 1);
    assert.equal(await Deno.readTextFile(`${standby}/recordings/d/a.wav`), "second, longer");
    await follower.stop();
  } finally {
    await Deno.remove(primary, { recursive: true });
    await Deno.remove(standby, { recursive: true });
  }
});

Deno.test("stopping the follower does not wait for a primary that never answers", async () => {
  const standby = await Deno.makeTempDir();
  try {
    let asked = false;
    const follower = new FileFollower({
      dataDir: standby,
      clock,
      log,
      // A frozen primary: the request is taken and never answered, until aborted.
      fetch: (_path, init) =>
        new Promise((_resolve, reject) => {
          asked = true;
          init?.signal?.addEventListener("abort", () => reject(init.signal!.reason));
        }),
    });
    follower.start();
    while (!asked) await new Promise((resolve) => setTimeout(resolve, 5));
    const stopped = await Promise.race([
      follower.stop().then(() => true),
      new Promise((resolve) => setTimeout(() => resolve(false), 1000)),
    ]);
    assert.equal(stopped, true);
  } finally {
    await Deno.remove(standby, { recursive: true });
  }
});
