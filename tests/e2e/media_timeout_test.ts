/**
 * A caller whose PBX sends no audio at all (a lost call, a peer without media) is hung up
 * after the media timeout, so it cannot hold a trunk slot and two sockets forever.
 */
import assert from "node:assert/strict";
import { callFrom, dialDemo } from "../support/ivr_calls.ts";
import { startLiveAppliance } from "../support/live_appliance.ts";
import { hasPeer } from "../support/peers.ts";

Deno.test({
  name: "a caller who sends no RTP is hung up after the media timeout with cause media_timeout",
  ignore: !hasPeer("sipp"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance({ flags: { "media-timeout": "3" } });
    try {
      const caller = "+8613900000077";
      const started = performance.now();
      // No steps: the caller answers nothing and plays no audio, then waits for our BYE.
      const result = await dialDemo(live, caller, [], {
        untilBye: true,
        byeTimeoutMs: 20_000,
        timeoutS: 40,
      });
      const tookMs = performance.now() - started;
      assert.equal(result.code, 0, result.errors || result.output.slice(-1500));
      assert.ok(tookMs < 12_000, `the appliance hung up after ${Math.round(tookMs)} ms`);
      const call = await callFrom(live, caller);
      assert.equal(call.end_cause, "media_timeout");
      assert.equal(
        live.appliance.parts.trunks.list()[0].active_calls,
        0,
        "the trunk's slot is free again",
      );
    } finally {
      await live.stop();
    }
  },
});
