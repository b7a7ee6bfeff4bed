/**
 * INVITEs whose From has no tag (RFC 2543 callers) from the trunk's address: each is a
 * call that ends, none holds a trunk slot afterwards, and real calls still connect.
 */
import assert from "node:assert/strict";
import { DEFAULT_SIP_LIMITS } from "../../src/sip/mod.ts";
import { type LiveAppliance, startLiveAppliance } from "../support/live_appliance.ts";
import { hasPeer } from "../support/peers.ts";
import { runSipp } from "../support/sipp.ts";

async function activeCalls(live: LiveAppliance): Promise<number> {
  const admin = await live.api("admin");
  const { trunks } = await (await admin.get("/trunks")).json();
  return trunks.find((t: { name: string }) => t.name === "Office PBX").active_calls;
}

Deno.test({
  name:
    "600 INVITEs without a From tag from the trunk's address leave no call up, and a real call then connects",
  ignore: !hasPeer("sipp"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance({ logLevel: "warn" });
    try {
      // The demo trunk carries 500 calls: before calls without a From tag ended, 500 of
      // them filled it for good and every later call got 503.
      const tagless = await runSipp({
        scenario: "trunk_call_no_from_tag.xml",
        fill: { caller: "+8613800138000" },
        target: `127.0.0.1:${live.sipPort}`,
        service: "1000",
        calls: 600,
        rate: 50,
        durationMs: 200,
        extra: ["-l", "25", "-recv_timeout", "10000"],
        timeoutS: 90,
      });
      assert.equal(tagless.successful, 600, tagless.errors || tagless.output.slice(-2000));
      assert.equal(tagless.failed, 0);

      const deadline = Date.now() + DEFAULT_SIP_LIMITS.setupTimeoutMs;
      let active = await activeCalls(live);
      while (active > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        active = await activeCalls(live);
      }
      assert.equal(active, 0, "every call without a From tag gave its trunk slot back");

      const real = await runSipp({
        scenario: "trunk_call.xml",
        fill: { caller: "+8613911112222" },
        target: `127.0.0.1:${live.sipPort}`,
        service: "1000",
        durationMs: 200,
      });
      assert.equal(real.code, 0, real.errors || real.messages);
      assert.equal(real.successful, 1);
      assert.equal(await activeCalls(live), 0);
    } finally {
      await live.stop();
    }
  },
});
