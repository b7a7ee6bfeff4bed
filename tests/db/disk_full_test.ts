import assert from "node:assert/strict";
import { Database, StorageError, WalCheckpoints } from "../../src/db/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import { canMountTmpfs, withTmpfs } from "../support/tmpfs.ts";
import { sleep, waitFor } from "../support/wait_for.ts";

Deno.test({
  name:
    "a disk that fills and empties while writes run: refused writes, one alarm, writes again within 5 s, nothing acknowledged lost",
  ignore: !canMountTmpfs(),
  fn: () =>
    withTmpfs(16 * 1024 * 1024, async (fs) => {
      const lines: string[] = [];
      const path = `${fs.dir}/callcenter.db`;
      const db = new Database(path, { log: createLogger("db", { sink: (l) => lines.push(l) }) });
      db.migrate();
      db.exec("CREATE TABLE acked (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
      // A WAL bound well inside the disk, so that the WAL alone cannot fill it again.
      const checkpoints = new WalCheckpoints(db, {
        everyMs: 50,
        soonMs: 20,
        limitBytes: 2 * 1024 * 1024,
      });
      checkpoints.start();
      const states: string[] = [];
      db.storage.listen((state) => states.push(state));

      const acked: number[] = [];
      const failures: unknown[] = [];
      let lastAckAt = 0;
      let stop = false;
      const writer = (async () => {
        for (let id = 1; !stop; id++) {
          try {
            // Nested, as the CRM's writes are.
            db.transaction(() => {
              db.run("INSERT INTO acked (id, body) VALUES (?, ?)", id, "x".repeat(3000));
              db.transaction(() =>
                db.run("UPDATE acked SET body = ? WHERE id = ?", "y".repeat(3000), id)
              );
            });
            acked.push(id);
            lastAckAt = performance.now();
          } catch (error) {
            failures.push(error);
          }
          // Call history alongside: never thrown at its writer, full disk or not.
          db.runGrouped(
            "INSERT INTO call_events (call_id, at, type) VALUES ('c1', ?, 'test.tick')",
            new Date().toISOString(),
          );
          await sleep(1);
        }
      })();

      try {
        await waitFor("writes before the disk fills", () => acked.length >= 50, 10_000);
        await fs.fill();
        await waitFor("a write refused for want of space", () => failures.length >= 20, 15_000);
        assert.equal(db.storage.state, "full");
        assert.ok(failures.every((e) => e instanceof StorageError), String(failures[0]));
        assert.ok(failures.every((e) => (e as StorageError).state === "full"));

        const before = acked.length;
        const freedAt = performance.now();
        await fs.free();
        await waitFor(
          "writes acknowledged again",
          () => acked.length > before + 20 && db.storage.state === "ok",
          5000,
        ).catch((error) => {
          throw new Error(
            `${error.message}: ${
              acked.length - before
            } acknowledged, storage ${db.storage.state}, ` +
              `last failure ${String(failures.at(-1))}, ${failures.length} failures`,
          );
        });
        assert.ok(lastAckAt - freedAt < 5000);
        assert.deepEqual(states, ["full", "ok"]);
        assert.equal(checkpoints.running, true, "the checkpoint thread outlived the full disk");
        // A checkpoint the disk refuses rejects; this one copies again.
        await checkpoints.now();
      } finally {
        stop = true;
        await writer;
        await checkpoints.stop();
        db.close();
      }

      const alarms = lines.filter((l) => l.includes("the data disk is full"));
      assert.equal(alarms.length, 1, lines.join("\n"));
      assert.match(alarms[0], /^\S+ ERROR db /);
      assert.equal(lines.filter((l) => l.includes("takes writes again")).length, 1);
      assert.equal(lines.filter((l) => l.includes("group commit failed")).length, 0);

      const reopened = new Database(path);
      try {
        const integrity = reopened.all<{ integrity_check: string }>("PRAGMA integrity_check");
        assert.deepEqual(integrity.map((r) => r.integrity_check), ["ok"]);
        const stored = new Set(
          reopened.all<{ id: number; body: string }>("SELECT id, body FROM acked").map((r) => {
            assert.equal(r.body, "y".repeat(3000), "each stored row has its whole transaction");
            return r.id;
          }),
        );
        const lost = acked.filter((id) => !stored.has(id));
        assert.deepEqual(lost, [], "every acknowledged write is stored");
      } finally {
        reopened.close();
      }
    }),
});
