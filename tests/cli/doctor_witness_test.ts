import assert from "node:assert/strict";
import { witnessCheck } from "../../src/cli/doctor_witness.ts";
import { SystemClock } from "../../src/clock/mod.ts";
import { loadConfig } from "../../src/config/mod.ts";
import { LeaseWitness, witnessRoutes } from "../../src/replication/mod.ts";

const TOKEN = "doctor-witness-token-0";

Deno.test("doctor says nothing of a lease witness when none is set", async () => {
  assert.equal(await witnessCheck(loadConfig({}, {})), undefined);
});

Deno.test("doctor tells whether the lease witness answers", async () => {
  const app = witnessRoutes(new LeaseWitness(new SystemClock()), TOKEN);
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.fetch);
  const url = `http://127.0.0.1:${server.addr.port}`;
  try {
    const up = await witnessCheck(
      loadConfig({ "lease-witness": url, "witness-token": TOKEN }, {}),
    );
    assert.equal(up?.ok, true);
    assert.equal(up?.level, "required");
  } finally {
    await server.shutdown();
  }
  const down = await witnessCheck(
    loadConfig({ "lease-witness": url, "witness-token": TOKEN }, {}),
  );
  assert.equal(down?.ok, false);
  assert.match(down!.detail, /does not answer/);
});
