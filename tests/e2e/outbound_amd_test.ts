/**
 * Answering-machine detection, end to end: an agentless campaign with detection on calls
 * one contact behind a trunk whose phone is an answering machine (SIPp answering and
 * playing its long recorded speech); the appliance hears a machine within the first
 * seconds, hangs up before the greeting is over, and records the contact's outcome as
 * `machine`, to be retried later by the campaign's rule.
 */
import assert from "node:assert/strict";
import { until } from "../support/desktop.ts";
import { startLiveAppliance } from "../support/live_appliance.ts";
import { hasPeer } from "../support/peers.ts";
import { freeUdpPort, runSipp } from "../support/sipp.ts";
import { addCarrierTrunk } from "../support/carrier_trunk.ts";

const NUMBER = "+8613900002001";

Deno.test({
  name:
    "a machine playing a long greeting is detected and hung up on, and the contact is a machine",
  ignore: !hasPeer("sipp"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance({ logLevel: "warn" });
    try {
      const pbxPort = await freeUdpPort();
      const machine = runSipp({
        scenario: "amd_greeting_contact.xml",
        fill: { greeting: "/usr/share/sip-tester/g711a.pcap" },
        target: `127.0.0.1:${live.sipPort}`,
        localPort: pbxPort,
        calls: 1,
        rate: 1,
        timeoutS: 60,
      });
      const admin = await live.api("admin");
      const trunkId = await addCarrierTrunk(admin, pbxPort);
      const supervisor = await live.api("super1");
      const created = await supervisor.send("POST", "/campaigns", {
        name: "Parcel notices",
        mode: "agentless",
        trunk_id: trunkId,
        caller_id: "4008007777",
        options: {
          hours: { start: "00:00", end: "23:59", days: [1, 2, 3, 4, 5, 6, 7] },
          notice: { text: "Your parcel arrives tomorrow." },
          amd: { enabled: true, on_machine: "hang_up" },
        },
      });
      assert.equal(created.status, 201, await created.clone().text());
      const { campaign } = await created.json();
      await supervisor.send("POST", `/campaigns/${campaign.id}/contacts`, {
        contacts: [{ number: NUMBER }],
      });
      await supervisor.send("POST", `/campaigns/${campaign.id}/state`, { state: "running" });

      const result = await machine;
      assert.equal(result.code, 0, result.errors || result.output.slice(-1500));
      const contact = await until("the outcome recorded", async () => {
        const { contacts } = await (await supervisor.get(`/campaigns/${campaign.id}/contacts`))
          .json();
        return contacts[0]?.last_outcome ? contacts[0] : undefined;
      }, 15_000);
      assert.equal(contact.last_outcome, "machine");
      assert.equal(contact.state, "pending", "retried later by the machine rule");

      const db = live.appliance.parts.db;
      const attempt = db.get<{ call_id: string }>(
        "SELECT call_id FROM campaign_attempts WHERE campaign_id = ?",
        campaign.id,
      )!;
      const events = db.all<{ type: string; at: string; data: string }>(
        "SELECT type, at, data FROM call_events WHERE call_id = ? ORDER BY seq",
        attempt.call_id,
      );
      const amd = events.find((e) => e.type === "campaign.amd");
      assert.ok(amd, events.map((e) => e.type).join(", "));
      const verdict = JSON.parse(amd.data);
      assert.equal(verdict.result, "machine");
      const answered = Date.parse(events.find((e) => e.type === "call.answered")!.at);
      const ended = Date.parse(events.find((e) => e.type === "call.ended")!.at);
      assert.ok(ended - answered < 5000, `hung up ${ended - answered} ms after the answer`);
      const call = db.get<{ end_cause: string }>(
        "SELECT end_cause FROM calls WHERE id = ?",
        attempt.call_id,
      );
      assert.equal(call?.end_cause, "machine");
      console.log(
        `amd: ${verdict.cause} after ${verdict.after_ms} ms, ${verdict.words} words; ` +
          `hung up ${ended - answered} ms after the answer`,
      );
    } finally {
      await live.stop();
    }
  },
});
