import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { assertInOrder, TRANSFER_EVENTS } from "../support/acd_line.ts";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";
import {
  browserPackets,
  callerCounters,
  goReadyInPage,
  openDeskPage,
  signInAgent,
  until,
} from "../support/desktop.ts";
import { openAllHours } from "../support/ivr_calls.ts";
import { LIVE_DEMO_PASSWORD, startLiveAppliance } from "../support/live_appliance.ts";
import { hasPeer } from "../support/peers.ts";
import { runSipp, type SippResult } from "../support/sipp.ts";

const CALLER = "+8613800138000"; // Zhou Xiaoming in the demo CRM
const LAST_CASE = "Delivery delayed for order 88231";
const NOTE = "Wants a refund instead of a new delivery date";

async function agentPage(browser: Browser, base: string, username: string) {
  const errors: string[] = [];
  const page = await openDeskPage(browser, errors);
  await signInAgent(page, base, username, LIVE_DEMO_PASSWORD);
  return { page, errors };
}

async function state(page: Page, wanted: string, timeout = 15_000) {
  await page.locator(`[data-testid="agent-state"][data-state="${wanted}"]`).waitFor({ timeout });
}

Deno.test({
  name:
    "a consulted transfer from one browser agent to another keeps the caller connected and hands the case over",
  ignore: !hasPeer("chromium") || !hasPeer("sipp"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance({ logLevel: "warn" });
    const browser = await launchChromium();
    let sipp: Promise<SippResult> | undefined;
    try {
      await openAllHours(live);
      const base = `http://127.0.0.1:${live.httpPort}`;
      // agent3 takes the Support call; agent4 (also Support) is busy elsewhere until asked.
      const first = await agentPage(browser, base, "agent3");
      const second = await agentPage(browser, base, "agent4");
      await goReadyInPage(first.page);

      sipp = runSipp({
        scenario: "desk_caller.xml",
        fill: { caller: CALLER, digit: "2", menu_after_ms: "7000" },
        target: `127.0.0.1:${live.sipPort}`,
        service: "1000",
        timeoutS: 150,
      });
      await first.page.locator('[data-testid="incoming-call"]').waitFor({ timeout: 30_000 });
      await first.page.locator('[data-testid="pop-customer-name"]').filter({
        hasText: "Zhou Xiaoming",
      }).waitFor();
      await first.page.click('[data-testid="answer"]');
      await first.page.locator('[data-testid="active-call"]').waitFor({ timeout: 15_000 });
      const supervisor = await live.api("super1");
      const callId = await until("the live call", async () => {
        const { calls } = await (await supervisor.get("/calls?state=live")).json();
        return calls[0]?.id as string | undefined;
      });
      const caseId = (await supervisor.get(`/calls/${callId}/context`).then((r) => r.json()))
        .customer.match.open_cases.find((k: { subject: string }) => k.subject === LAST_CASE)?.id;
      assert.ok(caseId, "the demo customer's last case");

      // agent4 is free now; agent3 consults them with a note.
      await goReadyInPage(second.page);
      await first.page.click('[data-testid="transfer"]');
      await first.page.fill('[data-testid="feature-form"] input[name="target"]', "1004");
      await first.page.fill('[data-testid="handover-note"]', NOTE);
      await first.page.selectOption('[data-testid="feature-form"] select[name="mode"]', "consult");
      await first.page.click('[data-testid="feature-form"] button[type="submit"]');
      await first.page.locator('[data-testid="transfer-bar"][data-state="ringing"]').waitFor({
        timeout: 10_000,
      });

      // The call rings at agent4 with the same customer, the handed-over case and the note.
      await second.page.locator('[data-testid="incoming-call"]').waitFor({ timeout: 15_000 });
      await second.page.locator('[data-testid="pop-transfer"]').filter({ hasText: "Zhang Min" })
        .waitFor({ timeout: 10_000 });
      assert.equal(
        (await second.page.locator('[data-testid="pop-transfer-note"]').textContent())?.includes(
          NOTE,
        ),
        true,
      );
      await second.page.locator('[data-testid="pop-customer-name"]').filter({
        hasText: "Zhou Xiaoming",
      }).waitFor();
      const chosen = second.page.locator('[data-testid="pop-case"][aria-pressed="true"]');
      assert.match((await chosen.textContent()) ?? "", new RegExp(LAST_CASE));
      await second.page.screenshot({ path: `${ARTIFACTS}/agent_transfer_received.png` });

      await second.page.click('[data-testid="answer"]');
      await second.page.locator('[data-testid="active-call"]').waitFor({ timeout: 15_000 });
      await first.page.locator('[data-testid="transfer-bar"][data-state="answered"]').waitFor({
        timeout: 10_000,
      });
      // The two agents hear each other while the caller waits.
      const consultFrom = (await browserPackets(second.page)).received;
      await until(
        "agent4 hears agent3",
        async () => (await browserPackets(second.page)).received > consultFrom + 50,
      );
      await first.page.screenshot({ path: `${ARTIFACTS}/agent_transfer_consulting.png` });

      await first.page.click('[data-testid="transfer-complete"]');
      await state(first.page, "wrap_up");
      await state(second.page, "on_call");

      // The caller is still on the line, now talking with agent4 both ways.
      const before = {
        browser: await browserPackets(second.page),
        caller: { ...callerCounters(live, callId)! },
      };
      await new Promise((r) => setTimeout(r, 3000));
      const after = {
        browser: await browserPackets(second.page),
        caller: { ...callerCounters(live, callId)! },
      };
      assert.ok(after.browser.received - before.browser.received > 75, "agent4 hears the caller");
      assert.ok(after.caller.packetsOut - before.caller.packetsOut > 75, "the caller hears agent4");
      assert.ok(after.caller.packetsIn - before.caller.packetsIn > 75, "the caller still talks");
      const live1 = (await (await supervisor.get("/calls?state=live")).json()).calls;
      assert.equal(live1.length, 1, "still the one call");
      assert.equal(live1[0].id, callId);

      // agent4 finishes the call and wraps it up against the handed-over case.
      await second.page.click('[data-testid="hangup"]');
      await state(second.page, "wrap_up");
      await second.page.locator('[data-testid="tab-wrap"]').click();
      await second.page.locator('[data-testid="wrap-up"]').waitFor();
      const resolved = await second.page.locator('[data-testid="disposition"] option').filter({
        hasText: /Resolved/,
      }).first().getAttribute("value");
      await second.page.selectOption('[data-testid="disposition"]', resolved!);
      await second.page.click('[data-testid="wrap-up-submit"]');
      await state(second.page, "ready");
      const result = await sipp;
      sipp = undefined;
      assert.equal(result.code, 0, result.errors || result.output.slice(-1500));

      const { call, events } = await (await supervisor.get(`/calls/${callId}`)).json();
      assert.equal(call.end_cause, "agent_hangup");
      const types: string[] = events.map((e: { type: string }) => e.type);
      assertInOrder(types, TRANSFER_EVENTS);
      const contacts = live.appliance.parts.db.all<
        { agent: string; case_id: number | null; disposition_id: number | null }
      >(
        `SELECT u.username AS agent, i.case_id, i.disposition_id FROM interactions i
         JOIN users u ON u.id = i.agent_id WHERE i.call_id = ? ORDER BY i.id`,
        callId,
      );
      assert.deepEqual(contacts.map((c) => c.agent), ["agent3", "agent4"]);
      assert.equal(contacts[1].case_id, caseId, "agent4's contact is on the handed-over case");
      assert.ok(contacts[1].disposition_id, "agent4 saved a disposition");
      assert.deepEqual(first.errors, []);
      assert.deepEqual(second.errors, []);
    } finally {
      if (sipp) await sipp.catch(() => {});
      await browser.close();
      await live.stop();
    }
  },
});
