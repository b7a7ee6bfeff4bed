import assert from "node:assert/strict";
import { StorageError, StorageHealth, type StorageState } from "../../src/db/mod.ts";
import { createLogger } from "../../src/log/mod.ts";

Deno.test("the storage flag turns back to ok after the quiet time even when writes stopped right after the disk came back", async () => {
  let now = 0;
  const health = new StorageHealth(createLogger("db", { sink: () => {} }), "test.db", () => now);
  const heard: StorageState[] = [];
  health.listen((state) => heard.push(state));
  health.failed(new StorageError("full", "The data disk refused"));
  now = 200;
  health.wrote(); // the last write there is, inside the quiet time
  assert.equal(health.state, "full");
  now = 1300;
  await new Promise((resolve) => setTimeout(resolve, 1100));
  assert.equal(health.state, "ok");
  assert.deepEqual(heard, ["full", "ok"]);
  health.close();
});

Deno.test("a refusal during the quiet time keeps the flag raised", async () => {
  let now = 0;
  const health = new StorageHealth(createLogger("db", { sink: () => {} }), "test.db", () => now);
  health.failed(new StorageError("full", "The data disk refused"));
  now = 100;
  health.wrote();
  now = 900;
  health.failed(new StorageError("full", "The data disk refused"));
  now = 1200;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal(health.state, "full", "only 300 ms since the last refusal");
  health.close();
});
