import assert from "node:assert/strict";
import { getHeapSpaceStatistics } from "node:v8";
import { ADMIN_PASSWORD, DEMO_PASSWORD, testAppliance } from "../support/test_appliance.ts";

Deno.test("media stats tell an admin the process's memory and the size of V8's young generation", async () => {
  await using app = await testAppliance();
  const admin = app.client();
  await admin.login("admin", ADMIN_PASSWORD);
  const young = () =>
    getHeapSpaceStatistics().find((s) => s.space_name === "new_space")!.space_size;
  // A scavenge may resize the young generation mid-request; ask again until it held still.
  for (let attempt = 1;; attempt++) {
    const before = young();
    const res = await admin.get("/api/v1/media/stats");
    assert.equal(res.status, 200);
    const { memory, live_calls } = await res.json();
    if (young() !== before && attempt < 5) continue;
    assert.equal(live_calls, 0);
    assert.ok(memory.rss_bytes > memory.heap_used_bytes && memory.heap_used_bytes > 0);
    assert.equal(memory.young_generation_bytes, before);
    return;
  }
});

Deno.test("media stats are for admins only", async () => {
  await using app = await testAppliance({ demo: true });
  const agent = app.client();
  await agent.login("agent1", DEMO_PASSWORD);
  assert.equal((await agent.get("/api/v1/media/stats")).status, 403);
});
