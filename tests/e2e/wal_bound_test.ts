/**
 * Sustained writes through the API on a running appliance, as a customer import by hand
 * would make them: the WAL beside the database must stay under its bound all along
 * (docs/decisions/020-storage-failures-and-wal-bound.md).
 */
import assert from "node:assert/strict";
import { Database, WAL_LIMIT_BYTES } from "../../src/db/mod.ts";
import { spawnAppliance } from "../support/spawn_appliance.ts";

const LOAD_MS = 30_000;
const WRITERS = 4;

Deno.test({
  name: "30 s of customer inserts keep the WAL under its bound",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const data = await Deno.makeTempDir({ prefix: "cc-wal-bound-" });
    const app = await spawnAppliance(data);
    const wal = `${data}/callcenter.db-wal`;
    try {
      const base = `http://127.0.0.1:${app.httpPort}/api/v1`;
      const login = await fetch(`${base}/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "admin", password: "admin-secret-1" }),
      });
      assert.equal(login.status, 200);
      const cookie = login.headers.get("set-cookie")!.split(";")[0];
      const { csrf_token } = await login.json();

      let largest = 0;
      let created = 0;
      const failures: string[] = [];
      const endAt = performance.now() + LOAD_MS;
      const sampler = (async () => {
        while (performance.now() < endAt) {
          const size = await Deno.stat(wal).then((s) => s.size, () => 0);
          largest = Math.max(largest, size);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      const writer = async (w: number) => {
        for (let i = 0; performance.now() < endAt; i++) {
          const response = await fetch(`${base}/customers`, {
            method: "POST",
            headers: { "content-type": "application/json", cookie, "x-csrf-token": csrf_token },
            body: JSON.stringify({
              name: `Load ${w}-${i}`,
              company: `Company ${i % 97}`,
              notes: `${"Customer notes. ".repeat(200)}${i}`,
              tags: ["load", `w${w}`],
            }),
          });
          const text = await response.text();
          if (response.status === 201) created++;
          else if (failures.length < 5) failures.push(`${response.status} ${text}`);
        }
      };
      await Promise.all([sampler, ...Array.from({ length: WRITERS }, (_, w) => writer(w))]);

      assert.deepEqual(failures, []);
      assert.ok(created > 1000, `only ${created} customers were created`);
      assert.ok(
        largest <= WAL_LIMIT_BYTES,
        `the WAL reached ${(largest / 2 ** 20).toFixed(1)} MiB after ${created} inserts`,
      );
      console.log(
        `${created} customers in ${LOAD_MS / 1000} s; largest WAL ${
          (largest / 2 ** 20).toFixed(1)
        } MiB`,
      );
    } finally {
      const status = await app.stop();
      assert.equal(status.code, 0, app.output());
    }
    const db = new Database(`${data}/callcenter.db`);
    try {
      const integrity = db.all<{ integrity_check: string }>("PRAGMA integrity_check");
      assert.deepEqual(integrity.map((r) => r.integrity_check), ["ok"]);
    } finally {
      db.close();
    }
    await Deno.remove(data, { recursive: true });
  },
});
