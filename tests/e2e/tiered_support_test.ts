import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { Page } from "playwright-core";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";
import { goReadyInPage, openDeskPage, signInAgent, until } from "../support/desktop.ts";
import { openAllHours } from "../support/ivr_calls.ts";
import { LIVE_DEMO_PASSWORD, startLiveAppliance } from "../support/live_appliance.ts";
import { hasPeer } from "../support/peers.ts";
import { runSipp, type SippResult } from "../support/sipp.ts";

const CALLER = "+8613800138000"; // Zhou Xiaoming in the demo CRM
const SUBJECT = "Router drops every evening";
const HANDOVER = "Rebooted and reset the line; still drops at 8 pm. Needs a line test.";
const RESOLUTION = "Line card replaced at the exchange; customer confirmed stable.";

/** Sets the page's language the way the language switch does, and reloads. */
async function useLanguage(page: Page, lang: "en" | "zh-CN") {
  await page.evaluate((l) => localStorage.setItem("cc.lang", l), lang);
  await page.reload();
}

Deno.test({
  name:
    "tier 1 answers a call, opens and escalates a case with a note and a file; tier 2 finds it first in the queue, resolves and sends it back; the breach reaches owner and lead",
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
      const errors: string[] = [];
      const newPage = (locale: string) => openDeskPage(browser, errors, { locale });

      // Tier 1: agent3 (Zhang Min, Front line, support) answers a Support call.
      const tier1 = await newPage("en-US");
      await signInAgent(tier1, base, "agent3", LIVE_DEMO_PASSWORD);
      await goReadyInPage(tier1);
      sipp = runSipp({
        scenario: "desk_caller.xml",
        fill: { caller: CALLER, digit: "2", menu_after_ms: "7000" },
        target: `127.0.0.1:${live.sipPort}`,
        service: "1000",
        timeoutS: 120,
      });
      await tier1.locator('[data-testid="incoming-call"]').waitFor({ timeout: 30_000 });
      await tier1.click('[data-testid="answer"]');
      await tier1.locator('[data-testid="active-call"]').waitFor({ timeout: 15_000 });

      // A case for the caller, from the call's case panel, then its own page.
      await tier1.click('[data-testid="case-new"]');
      await tier1.fill('[data-testid="case-subject"]', SUBJECT);
      await tier1.selectOption("#new-priority", "urgent");
      await tier1.click('[data-testid="case-create"]');
      await tier1.click('[data-testid="case-open-page"]');
      await tier1.locator('[data-testid="case-page-title"]').filter({ hasText: SUBJECT }).waitFor();
      const caseId = Number(/\/agent\/cases\/(\d+)/.exec(tier1.url())![1]);
      await tier1.locator('[data-testid="sla-clock"][data-tone="ok"]').waitFor();
      // The workflow offers only its moves: a new case cannot be reopened.
      assert.equal(await tier1.locator('[data-move="reopened"]').count(), 0);

      // The file goes on the case first, then the handover to the Specialists team.
      await tier1.setInputFiles('[data-testid="attachment-input"]', {
        name: "line-test.pdf",
        mimeType: "application/pdf",
        buffer: Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
      });
      await tier1.locator('[data-testid="case-attachments"] li').filter({
        hasText: "line-test.pdf",
      })
        .waitFor();
      const specialists = await tier1.locator('[data-testid="escalate-team"] option').filter({
        hasText: "Specialists",
      }).getAttribute("value");
      await tier1.selectOption('[data-testid="escalate-team"]', specialists!);
      await tier1.fill('[data-testid="escalate-note"]', HANDOVER);
      await tier1.screenshot({ path: `${ARTIFACTS}/tiers_case_page_en.png` });
      await tier1.click('[data-testid="escalate-submit"]');
      await tier1.locator('[data-testid="case-status"][data-status="escalated"]').waitFor();
      await tier1.click('[data-testid="hangup"]');
      const result = await sipp;
      sipp = undefined;
      assert.equal(result.code, 0, result.errors || result.output.slice(-1500));

      // Tier 2: agent6 (Liu Yang, Specialists) opens the tier-2 queue: the case is first.
      const tier2 = await newPage("zh-CN");
      await signInAgent(tier2, base, "agent6", LIVE_DEMO_PASSWORD);
      await tier2.keyboard.press("Alt+KeyQ");
      await tier2.locator('[data-testid="case-row"]').first().waitFor();
      assert.equal(
        await tier2.locator('[data-testid="case-row"]').first().getAttribute("data-case-id"),
        String(caseId),
      );
      await useLanguage(tier2, "zh-CN");
      await tier2.click('[data-testid="open-tier2"]');
      await tier2.locator(`[data-testid="case-row"][data-case-id="${caseId}"]`).waitFor();
      await tier2.screenshot({ path: `${ARTIFACTS}/tiers_tier2_queue_zh-CN.png` });
      await tier2.locator(`[data-testid="case-row"][data-case-id="${caseId}"] a`).first().click();
      await tier2.locator('[data-testid="case-notes"] li').filter({ hasText: HANDOVER }).waitFor();
      await tier2.locator('[data-testid="case-attachments"] li').filter({
        hasText: "line-test.pdf",
      }).waitFor();
      await tier2.locator('[data-testid^="preview-"]').first().click();
      await tier2.locator('[data-testid="attachment-preview"] iframe[src^="blob:"]').waitFor();
      await tier2.screenshot({ path: `${ARTIFACTS}/tiers_case_page_zh-CN.png` });
      await tier2.fill('[data-testid="send-back-note"]', RESOLUTION);
      await tier2.click('[data-testid="send-back-submit"]');
      await tier2.locator('[data-testid="case-status"][data-status="resolved"]').waitFor();
      // Tier 2 calls the customer back from the case: the desk places the call, agent first,
      // for the customer's number and this case (what the trunk then does is outbound's test).
      const callOut = tier2.waitForRequest((r) =>
        r.method() === "POST" && new URL(r.url()).pathname === "/api/v1/calls"
      );
      await tier2.click('[data-testid="case-call-customer"]');
      const placed = JSON.parse((await callOut).postData() ?? "{}");
      assert.equal(placed.case_id, caseId);
      assert.match(String(placed.number), /^\+\d{8,15}$/);

      // Tier 1 sees the outcome on the customer's timeline.
      await tier1.click('[data-testid="case-customer-link"]');
      await tier1.locator('[data-testid="customer-timeline"] li').filter({ hasText: RESOLUTION })
        .waitFor({ timeout: 10_000 });
      await tier1.screenshot({ path: `${ARTIFACTS}/tiers_customer_page_en.png` });
      await tier1.click('[data-testid="open-tier2"]');
      await tier1.locator('[data-testid="work-heading"]').waitFor();
      await tier1.screenshot({ path: `${ARTIFACTS}/tiers_tier2_queue_en.png` });

      // A case owned by tier 1 whose resolution time passes: owner and lead are told.
      const agent = await live.api("agent3");
      const me = (await (await agent.get("/auth/me")).json()).user;
      const customerId = (await (await agent.get(`/cases/${caseId}`)).json()).case.customer_id;
      const late = (await (await agent.send("POST", "/cases", {
        customer_id: customerId,
        subject: "Callback about the bill",
        assignee_id: me.id,
      })).json()).case;
      // A short rule for this one case: due in two seconds.
      await agent.send("PATCH", `/cases/${late.id}`, {
        due_at: new Date(Date.now() + 2000).toISOString(),
      });
      await tier1.locator(`[data-testid="sla-notice"][data-case-id="${late.id}"]`).waitFor({
        timeout: 20_000,
      });
      await tier1.locator('[data-testid="count-breached"] strong').filter({ hasText: /^[1-9]/ })
        .waitFor();
      const lead = await newPage("en-US");
      await lead.goto(`${base}/supervisor`);
      await lead.fill('input[name="username"]', "lead1");
      await lead.fill('input[name="password"]', LIVE_DEMO_PASSWORD);
      await lead.click('button[type="submit"]');
      await lead.locator(`[data-kind="case_breached"][data-key="case_breached:${late.id}"]`)
        .waitFor({ timeout: 20_000 });
      await lead.screenshot({ path: `${ARTIFACTS}/tiers_lead_breach_en.png` });
      await tier1.goto(`${base}/agent/cases/${late.id}`);
      await tier1.locator('[data-testid="sla-clock"][data-tone="breached"]').waitFor();
      await until("the owner's breached list", async () => {
        const work = await (await agent.get("/cases/work?list=breached")).json();
        return work.cases.some((c: { id: number }) => c.id === late.id);
      });
      assert.deepEqual(errors, []);
    } finally {
      if (sipp) await sipp.catch(() => {});
      await browser.close();
      await live.stop();
    }
  },
});
