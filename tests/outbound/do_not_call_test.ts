import assert from "node:assert/strict";
import { VirtualClock } from "../../src/clock/mod.ts";
import { Database } from "../../src/db/mod.ts";
import { DoNotCallList } from "../../src/outbound/mod.ts";

Deno.test("the do-not-call list answers at once for a number added, and forgets it when removed", () => {
  const db = new Database(":memory:");
  db.migrate();
  const clock = new VirtualClock(Date.UTC(2026, 11, 6, 9));
  const dnc = new DoNotCallList(db, clock);
  assert.equal(dnc.has("+8613800138000"), false);
  const entry = dnc.add("+8613800138000", { reason: "opt_out", source: "campaign 3" });
  assert.equal(entry.reason, "opt_out");
  assert.equal(entry.added_at, "2026-12-06T09:00:00.000Z");
  assert.equal(dnc.has("+8613800138000"), true);
  dnc.add("+8613800138000", { reason: "complaint" });
  assert.equal(dnc.count(), 1);
  assert.equal(dnc.get("+8613800138000")?.reason, "complaint");
  dnc.add("+447700900123", {});
  assert.deepEqual(dnc.list({ prefix: "+44" }).map((e) => e.number), ["+447700900123"]);
  assert.equal(dnc.remove("+8613800138000"), true);
  assert.equal(dnc.remove("+8613800138000"), false);
  assert.equal(dnc.has("+8613800138000"), false);
  db.close();
});
