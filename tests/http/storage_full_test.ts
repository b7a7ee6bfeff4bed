import assert from "node:assert/strict";
import { compose, openStorage, prepareStorage } from "../../src/app.ts";
import { VirtualClock } from "../../src/clock/mod.ts";
import { loadConfig } from "../../src/config/mod.ts";
import { Database } from "../../src/db/mod.ts";
import type { HubEvent } from "../../src/events/mod.ts";
import { ErrorBodySchema } from "../../src/http/mod.ts";
import { createLogger } from "../../src/log/mod.ts";
import { ADMIN_PASSWORD, FAKE_UI, TestClient } from "../support/test_appliance.ts";
import { canMountTmpfs, withTmpfs } from "../support/tmpfs.ts";
import { sleep, waitFor } from "../support/wait_for.ts";

Deno.test({
  name:
    "a data disk that fills and empties: writes answer 507, /health says so, and writes work again within 5 s with nothing acknowledged lost",
  ignore: !canMountTmpfs(),
  sanitizeOps: false,
  sanitizeResources: false,
  fn: () =>
    withTmpfs(24 * 1024 * 1024, async (fs) => {
      const clock = new VirtualClock(Date.UTC(2026, 4, 1, 2));
      const lines: string[] = [];
      const log = createLogger("test", { sink: (l) => lines.push(l), now: () => clock.now() });
      const config = loadConfig({ data: fs.dir, "admin-password": ADMIN_PASSWORD }, {});
      const db = openStorage(config, log);
      const parts = await compose({
        config,
        db,
        clock,
        log,
        role: () => "primary",
        uiAssets: FAKE_UI,
      });
      await prepareStorage(parts, () => {});
      const health = async () =>
        (await (await parts.http.app.request("http://appliance.test/api/v1/health")).json())
          .storage;
      const heard: HubEvent[] = [];
      parts.hub.subscribe((e) => heard.push(e));

      const admin = new TestClient(parts, "192.0.2.10");
      assert.equal((await admin.login("admin", ADMIN_PASSWORD)).status, 200);
      assert.equal(await health(), "ok");

      const acked = new Map<number, string>();
      const refusals: { status: number; body: unknown }[] = [];
      let lastAckAt = 0;
      let stop = false;
      const writer = (async () => {
        for (let i = 0; !stop; i++) {
          const name = `Customer ${i} ${"n".repeat(60)}`;
          const response = await admin.post("/api/v1/customers", {
            name,
            notes: "x".repeat(3000),
          });
          if (response.status === 201) {
            acked.set((await response.json()).customer.id, name);
            lastAckAt = performance.now();
          } else {
            refusals.push({ status: response.status, body: await response.json() });
          }
          await sleep(1);
        }
      })();

      try {
        await waitFor("customers saved before the disk fills", () => acked.size >= 30, 20_000);
        await fs.fill();
        await waitFor("writes refused", () => refusals.length >= 10, 20_000);
        for (const refusal of refusals) {
          assert.equal(refusal.status, 507, JSON.stringify(refusal));
          assert.ok(ErrorBodySchema.safeParse(refusal.body).success);
          assert.equal((refusal.body as { error: { code: string } }).error.code, "storage_full");
        }
        assert.equal(await health(), "full");
        assert.equal((await admin.get("/api/v1/customers?q=Customer")).status, 200, "reads go on");

        const before = acked.size;
        const freedAt = performance.now();
        await fs.free();
        await waitFor("customers saved again", () => acked.size > before + 10, 5000);
        assert.ok(lastAckAt - freedAt < 5000);
        await waitFor("the health flag back to ok", () => parts.db.storage.state === "ok", 5000);
        assert.equal(await health(), "ok");
      } finally {
        stop = true;
        await writer;
        parts.db.close();
      }

      const states = heard.filter((e) => e.type === "storage.state").map((e) => e.data.state);
      assert.deepEqual(states, ["full", "ok"]);
      const alarms = lines.filter((l) => / ERROR .*the data disk is full/.test(l));
      assert.equal(alarms.length, 1, lines.filter((l) => l.includes("ERROR")).join("\n"));
      assert.deepEqual(lines.filter((l) => l.includes("request failed")), []);

      const reopened = new Database(`${fs.dir}/callcenter.db`);
      try {
        const integrity = reopened.all<{ integrity_check: string }>("PRAGMA integrity_check");
        assert.deepEqual(integrity.map((r) => r.integrity_check), ["ok"]);
        const stored = new Map(
          reopened.all<{ id: number; name: string }>("SELECT id, name FROM customers")
            .map((r) => [r.id, r.name]),
        );
        const lost = [...acked].filter(([id, name]) => stored.get(id) !== name);
        assert.deepEqual(lost, [], "every acknowledged customer is stored");
      } finally {
        reopened.close();
      }
    }),
});
