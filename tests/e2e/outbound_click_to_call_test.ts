/**
 * Click-to-call, end to end: an agent signed in to the desktop in Chromium dials a
 * customer's number; the appliance rings the agent's browser first (it answers by itself,
 * since the agent asked for the call), then the number on a trunk whose PBX (SIPp)
 * challenges the INVITE with a 401 and checks the digest answer; the customer answers and
 * speaks, and audio flows both ways. The agent hangs up, and the call is an outbound
 * contact on the customer's timeline with every step in the call's events.
 */
import assert from "node:assert/strict";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";
import {
  browserPackets,
  callerCounters,
  openDeskPage,
  signInAgent,
  until,
} from "../support/desktop.ts";
import { LIVE_DEMO_PASSWORD, startLiveAppliance } from "../support/live_appliance.ts";
import { hasPeer } from "../support/peers.ts";
import { freeUdpPort, runSipp, type SippResult } from "../support/sipp.ts";

const CUSTOMER = "+8613800138000"; // Zhou Xiaoming in the demo CRM
const ACCOUNT = "4008005678";
const SECRET = "out-secret-7";

Deno.test({
  name:
    "click-to-call rings the agent's browser, then the customer through a trunk that checks digest, with audio both ways and the contact logged",
  ignore: !hasPeer("chromium") || !hasPeer("sipp"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance({ logLevel: "warn" });
    const browser = await launchChromium();
    let sipp: Promise<SippResult> | undefined;
    try {
      const pbxPort = await freeUdpPort();
      const admin = await live.api("admin");
      const created = await admin.send("POST", "/trunks", {
        name: "Carrier",
        host: "127.0.0.1",
        port: pbxPort,
        allow_cidrs: ["127.0.0.1/32"],
        username: ACCOUNT,
        password: SECRET,
        options_interval_s: 0,
      });
      assert.equal(created.status, 201, await created.clone().text());
      const { trunk } = await created.json();
      const policy = await admin.send("PUT", "/outbound/policy", {
        trunk_id: trunk.id,
        caller_id: ACCOUNT,
      });
      assert.equal(policy.status, 200, await policy.text());

      // The customer's phone behind the PBX, waiting for the call.
      sipp = runSipp({
        scenario: "outbound_customer.xml",
        fill: { user: ACCOUNT, password: SECRET, ring_ms: "1500" },
        target: `127.0.0.1:${live.sipPort}`,
        localPort: pbxPort,
        timeoutS: 120,
      });

      const errors: string[] = [];
      const page = await openDeskPage(browser, errors);
      const base = `http://127.0.0.1:${live.httpPort}`;
      await signInAgent(page, base, "agent1", LIVE_DEMO_PASSWORD);

      await page.fill('[data-testid="outbound-number"]', "138 0013 8000");
      await page.screenshot({ path: `${ARTIFACTS}/outbound_dialer.en.png` });
      await page.click('[data-testid="outbound-call"]');
      // The browser answers the appliance's ring by itself; the customer's card pops.
      await page.locator('[data-testid="active-call"]').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="pop-customer-name"]').filter({ hasText: "Zhou Xiaoming" })
        .waitFor({ timeout: 15_000 });

      const supervisor = await live.api("super1");
      const callId = await until("the outbound call connected", async () => {
        const { calls } = await (await supervisor.get("/calls?state=live")).json();
        const call = calls.find((c: { direction: string; state: string }) =>
          c.direction === "outbound" && c.state === "connected"
        );
        return call?.id as string | undefined;
      }).catch(async (error) => {
        const { calls } = await (await supervisor.get("/calls")).json();
        console.error(JSON.stringify(calls, null, 1), live.logs.slice(-30).join("\n"));
        throw error;
      });

      await until("audio both ways in the browser", async () => {
        const p = await browserPackets(page);
        return p.received > 25 && p.sent > 25;
      });
      const before = {
        browser: await browserPackets(page),
        customer: { ...callerCounters(live, callId)! },
      };
      await new Promise((r) => setTimeout(r, 4000));
      const after = {
        browser: await browserPackets(page),
        customer: { ...callerCounters(live, callId)! },
      };
      assert.ok(after.browser.received - before.browser.received > 100, "the agent hears");
      assert.ok(after.browser.sent - before.browser.sent > 100, "the agent speaks");
      assert.ok(
        after.customer.packetsIn - before.customer.packetsIn > 100,
        "the customer's audio reached the appliance",
      );
      assert.ok(
        after.customer.packetsOut - before.customer.packetsOut > 100,
        "the agent's audio reached the customer",
      );
      await page.screenshot({ path: `${ARTIFACTS}/outbound_click_to_call_talking.en.png` });

      await page.click('[data-testid="hangup"]');
      const result = await sipp;
      sipp = undefined;
      assert.equal(result.code, 0, result.errors || result.output.slice(-1500));
      assert.equal(result.successful, 1);

      const events = await until("the call's end in its events", async () => {
        const { events } = await (await supervisor.get(`/calls/${callId}`)).json();
        const types = events.map((e: { type: string }) => e.type);
        return types.includes("call.ended") ? types : undefined;
      });
      for (const type of ["call.dialing", "call.agent_answered", "call.answered", "call.ended"]) {
        assert.ok(events.includes(type), `${type} in ${events}`);
      }
      const lookup = await (await supervisor.get(
        `/customers/lookup?phone=${encodeURIComponent(CUSTOMER)}`,
      )).json();
      const customerId = lookup.match?.customer?.id ?? lookup.customer?.id;
      const timeline = await (await supervisor.get(`/customers/${customerId}/interactions`))
        .json();
      const contact = (timeline.interactions ?? timeline.timeline ?? []).find((
        i: { call_id: string },
      ) => i.call_id === callId);
      assert.ok(contact, JSON.stringify(timeline).slice(0, 500));
      assert.equal(contact.direction, "outbound");
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      if (sipp) await sipp.catch(() => {});
      await live.stop();
    }
  },
});
