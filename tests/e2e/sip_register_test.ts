import assert from "node:assert/strict";
import { hasPeer } from "../support/peers.ts";
import { LIVE_DEMO_PASSWORD, startLiveAppliance } from "../support/live_appliance.ts";
import { runSipp } from "../support/sipp.ts";

Deno.test({
  name: "SIPp desk phones register demo extensions with digest; a wrong password gets 403",
  ignore: !hasPeer("sipp"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance();
    try {
      const target = `127.0.0.1:${live.sipPort}`;
      const good = await runSipp({
        scenario: "register.xml",
        fill: { expect: "200", username: "1001", password: LIVE_DEMO_PASSWORD },
        target,
        service: "1001",
      });
      assert.equal(good.code, 0, good.errors || good.messages);
      const wrong = await runSipp({
        scenario: "register.xml",
        fill: { expect: "403", username: "1002", password: "not-it" },
        target,
        service: "1002",
      });
      assert.equal(wrong.code, 0, wrong.errors || wrong.messages);

      const api = await live.api("super1");
      const { registrations } = await (await api.get("/registrations")).json();
      assert.deepEqual(registrations.map((r: { extension: string }) => r.extension), ["1001"]);
      assert.equal(registrations[0].user_agent, "SIPp desk phone");
    } finally {
      await live.stop();
    }
  },
});
