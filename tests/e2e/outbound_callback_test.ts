/**
 * A callback returned, end to end: a SIPp caller waits in the Sales queue with no agent
 * ready; a supervisor turns the wait into a callback request (the caller's call ends,
 * keeping their place). When an agent's SIPp desk phone goes ready, the appliance rings
 * the agent first, then the caller's number on the trunk, where a SIPp phone answers; the
 * request is done and the attempt is a callback contact on the caller's timeline.
 */
import assert from "node:assert/strict";
import { goReady, phone, QUEUE_NUMBER, salesLine, userIds } from "../support/acd_line.ts";
import { until } from "../support/desktop.ts";
import { startLiveAppliance } from "../support/live_appliance.ts";
import { hasPeer } from "../support/peers.ts";
import type { SippPhone } from "../support/sipp_phones.ts";
import { freeUdpPort, runSipp } from "../support/sipp.ts";
import { addCarrierTrunk } from "../support/carrier_trunk.ts";

const CALLER = "+8613800138000"; // Zhou Xiaoming in the demo CRM

Deno.test({
  name:
    "a caller's callback request is returned by the appliance when an agent of the queue frees up: agent first, then the caller's phone",
  ignore: !hasPeer("sipp"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance({ logLevel: "warn" });
    const phones: SippPhone[] = [];
    try {
      const salesId = await salesLine(live, { wrap_up_s: 0 });
      const ids = await userIds(live);
      phones.push(await phone(live, "1002", "agent_uas.xml", { calls: 1 }));

      // The caller's phone, reached back through the trunk.
      const pbxPort = await freeUdpPort();
      const callerPhone = runSipp({
        scenario: "outbound_contacts.xml",
        fill: { busy: "+0", talk_ms: "1500" },
        target: `127.0.0.1:${live.sipPort}`,
        localPort: pbxPort,
        calls: 1,
        timeoutS: 120,
      });
      const admin = await live.api("admin");
      const trunkId = await addCarrierTrunk(admin, pbxPort);
      await admin.send("PUT", "/outbound/policy", {
        trunk_id: trunkId,
        hours: { start: "00:00", end: "23:59", days: [1, 2, 3, 4, 5, 6, 7] },
      });

      // The caller waits in Sales; nobody is ready.
      const waiting = runSipp({
        scenario: "acd_caller.xml",
        fill: { caller: CALLER, rtp_port: String(await freeUdpPort()) },
        target: `127.0.0.1:${live.sipPort}`,
        service: QUEUE_NUMBER,
        durationMs: 60_000,
        timeoutS: 90,
      }).catch(() => undefined);
      const supervisor = await live.api("super1");
      const callId = await until("the caller waiting", async () => {
        const { calls } = await (await supervisor.get("/calls?state=live")).json();
        return calls.find((c: { state: string }) => c.state === "queued")?.id as
          | string
          | undefined;
      });
      const sent = await supervisor.send("POST", `/calls/${callId}/callback`);
      assert.equal(sent.status, 202, await sent.text());
      await waiting;

      // An agent of the queue frees up: the callback goes out, agent first.
      await goReady(live, "agent2", ids.get("agent2")!);
      const result = await callerPhone;
      assert.equal(result.code, 0, result.errors || result.output.slice(-1500));
      assert.equal(result.successful, 1);
      assert.match(result.messages, /INVITE sip:\+8613800138000@/);

      const row = await until("the callback done", () => {
        const r = live.appliance.parts.db.get<
          { status: string; attempts: number; last_outcome: string; queue_id: number }
        >(
          "SELECT status, attempts, last_outcome, queue_id FROM callbacks WHERE call_id = ?",
          callId,
        );
        return Promise.resolve(r?.status === "done" ? r : undefined);
      }, 30_000);
      assert.deepEqual({ ...row }, {
        status: "done",
        attempts: 1,
        last_outcome: "connected",
        queue_id: salesId,
      });
      const contact = live.appliance.parts.db.get<{ channel: string; direction: string }>(
        `SELECT channel, direction FROM interactions
         WHERE channel = 'callback' AND customer_id IS NOT NULL ORDER BY id DESC LIMIT 1`,
      );
      assert.deepEqual({ ...contact }, { channel: "callback", direction: "outbound" });
    } finally {
      for (const p of phones) await p.stop();
      await live.stop();
    }
  },
});
