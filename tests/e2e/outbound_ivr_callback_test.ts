/**
 * A callback asked for in the IVR, returned end to end: the demo's office is on holiday,
 * so a SIPp caller known to the CRM hears the after-hours menu and presses 2 (typed ahead
 * during the holiday message) for a callback from Support; the IVR takes the request and
 * hangs up. When an agent of Support goes ready on their SIPp desk phone, the appliance
 * rings the agent first, then the caller's number on the trunk, where a SIPp phone
 * answers; the request ends done and the attempt is a callback contact on the caller's
 * timeline.
 */
import assert from "node:assert/strict";
import { goReady, phone, userIds } from "../support/acd_line.ts";
import { until } from "../support/desktop.ts";
import { callFrom, dialDemo, eventsOf, keys, pause } from "../support/ivr_calls.ts";
import { startLiveAppliance } from "../support/live_appliance.ts";
import { hasPeer } from "../support/peers.ts";
import type { SippPhone } from "../support/sipp_phones.ts";
import { freeUdpPort, runSipp } from "../support/sipp.ts";
import { addCarrierTrunk } from "../support/carrier_trunk.ts";

const CALLER = "+8613800138000"; // Zhou Xiaoming in the demo CRM

/** Today in the demo flow's time zone, as a holiday date. */
function todayInShanghai(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
}

Deno.test({
  name:
    "a callback asked for in the IVR is returned by the appliance when an agent of the queue frees up: agent first, then the caller's phone",
  ignore: !hasPeer("sipp") || !hasPeer("espeak-ng"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance({ logLevel: "warn" });
    const phones: SippPhone[] = [];
    try {
      const admin = await live.api("admin");
      const hours = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
        weekday,
        opens: "00:00",
        closes: "24:00",
      }));
      const schedule = await admin.send("PUT", "/ivr/schedules/office", {
        hours,
        holidays: [{ date: todayInShanghai(), name: "Test holiday" }],
      });
      assert.equal(schedule.status, 200, await schedule.text());

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
      const trunkId = await addCarrierTrunk(admin, pbxPort);
      const policy = await admin.send("PUT", "/outbound/policy", {
        trunk_id: trunkId,
        hours: { start: "00:00", end: "23:59", days: [1, 2, 3, 4, 5, 6, 7] },
      });
      assert.equal(policy.status, 200, await policy.text());
      const ids = await userIds(live);
      phones.push(await phone(live, "1002", "agent_uas.xml", { calls: 1 }));

      // Nobody is ready; the caller asks for a callback and the IVR hangs up.
      const asked = await dialDemo(live, CALLER, [pause(1500), keys("2")], {
        untilBye: true,
        byeTimeoutMs: 30_000,
      });
      assert.equal(asked.code, 0, asked.errors || asked.output.slice(-1500));
      const call = await callFrom(live, CALLER);
      const events = await eventsOf(live, call.id);
      const request = events.find((e) => e.type === "ivr.callback");
      assert.ok(request, events.map((e) => e.type).join(", "));
      assert.equal(request.data.queue, "Support");
      const pending = live.appliance.parts.db.get<{ status: string; number: string }>(
        "SELECT status, number FROM callbacks WHERE call_id = ?",
        call.id,
      );
      assert.deepEqual({ ...pending }, { status: "pending", number: CALLER });

      // An agent of Support frees up: the callback goes out, agent first.
      await goReady(live, "agent2", ids.get("agent2")!);
      const result = await callerPhone;
      assert.equal(result.code, 0, result.errors || result.output.slice(-1500));
      assert.equal(result.successful, 1);
      assert.match(result.messages, /INVITE sip:\+8613800138000@/);

      const row = await until("the callback done", () => {
        const r = live.appliance.parts.db.get<
          { status: string; attempts: number; last_outcome: string; customer_id: number | null }
        >(
          "SELECT status, attempts, last_outcome, customer_id FROM callbacks WHERE call_id = ?",
          call.id,
        );
        return Promise.resolve(r?.status === "done" ? r : undefined);
      }, 30_000);
      assert.deepEqual({ ...row }, {
        status: "done",
        attempts: 1,
        last_outcome: "connected",
        customer_id: call.customer_id,
      });
      assert.ok(call.customer_id, "the caller is known to the CRM");
      // The contact is closed once the call's end has been handled, just after the BYE.
      const contacts = await until("the callback contact closed", () => {
        const rows = live.appliance.parts.db.all<
          { direction: string; agent_id: number; answered: number; ended: number }
        >(
          `SELECT direction, agent_id, answered_at IS NOT NULL AS answered,
                  ended_at IS NOT NULL AS ended
           FROM interactions WHERE channel = 'callback' AND customer_id = ?`,
          call.customer_id,
        );
        return Promise.resolve(rows.every((r) => r.ended) ? rows : undefined);
      });
      assert.deepEqual(contacts.map((c) => ({ ...c })), [
        { direction: "outbound", agent_id: ids.get("agent2"), answered: 1, ended: 1 },
      ]);
    } catch (error) {
      console.error(live.logs.slice(-30).join("\n"));
      throw error;
    } finally {
      for (const p of phones) await p.stop();
      await live.stop();
    }
  },
});
