/**
 * A progressive campaign, end to end: 20 contacts behind a trunk (SIPp answering as their
 * phones, one of them always busy) and two agents' SIPp desk phones. The dialler calls
 * one contact per free agent, agent first; it never dials a number put on the
 * do-not-call list after the campaign started, nor one whose local time is outside the
 * campaign's days; it retries the busy number once and records every outcome. Then the
 * campaign editor, the live board and an agent's preview card are photographed in
 * English and Chinese.
 */
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { goReady, phone, salesLine, userIds } from "../support/acd_line.ts";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";
import { signInAgent, until } from "../support/desktop.ts";
import {
  LIVE_DEMO_PASSWORD,
  type LiveAppliance,
  startLiveAppliance,
} from "../support/live_appliance.ts";
import { hasPeer } from "../support/peers.ts";
import type { SippPhone } from "../support/sipp_phones.ts";
import { freeUdpPort, runSipp } from "../support/sipp.ts";
import { addCarrierTrunk } from "../support/carrier_trunk.ts";

const number = (i: number) => `+86139000000${String(i).padStart(2, "0")}`;
const BUSY = number(7);
const LISTED = number(5);
const ELSEWHERE = number(19);

function weekday(zone: string): number {
  const name = new Intl.DateTimeFormat("en-GB", { timeZone: zone, weekday: "short" })
    .format(new Date());
  return ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(name) + 1;
}

/** Screenshots of the supervisor's campaigns and an agent's preview card, in both languages. */
async function screenshots(browser: Browser, live: LiveAppliance) {
  const base = `http://127.0.0.1:${live.httpPort}`;
  for (const lang of ["en", "zh-CN"]) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.addInitScript(`localStorage.setItem("cc.lang", ${JSON.stringify(lang)})`);
    await context.grantPermissions(["microphone"]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${base}/supervisor`);
    await page.fill('input[name="username"]', "super1");
    await page.fill('input[name="password"]', LIVE_DEMO_PASSWORD);
    await page.click('button[type="submit"]');
    const panel = page.locator('[data-testid="campaigns-panel"]');
    await panel.locator('[data-testid="campaign-board"]').waitFor({ timeout: 15_000 });
    await panel.locator('[data-testid="campaign-list"] button', { hasText: "Winter renewals" })
      .click();
    await panel.locator('[data-testid="campaign-list"] button[aria-current="true"]', {
      hasText: "Winter renewals",
    }).waitFor();
    await page.waitForTimeout(500);
    await panel.locator('[data-testid="campaign-controls"]').scrollIntoViewIfNeeded();
    await page.evaluate(() => globalThis.scrollBy(0, 200));
    await page.screenshot({ path: `${ARTIFACTS}/outbound_campaign_board.${lang}.png` });
    await panel.locator('[data-testid="campaign-editor"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}/outbound_campaign_editor.${lang}.png` });

    const agentContext = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await agentContext.addInitScript(`localStorage.setItem("cc.lang", ${JSON.stringify(lang)})`);
    await agentContext.grantPermissions(["microphone"]);
    const agent = await agentContext.newPage();
    agent.on("pageerror", (e) => errors.push(e.message));
    await signInAgent(agent, base, "agent1", LIVE_DEMO_PASSWORD);
    await agent.click('[data-testid="tab-outbound"]');
    await agent.locator('[data-testid="preview-number"]').waitFor({ timeout: 15_000 });
    await agent.locator('[data-testid="preview-card"]').scrollIntoViewIfNeeded();
    await agent.screenshot({ path: `${ARTIFACTS}/outbound_preview_card.${lang}.png` });
    // Hand the card back for the next language's run.
    await agent.selectOption('[data-testid="preview-card"] select >> nth=1', "later");
    await agent.click('[data-testid="preview-skip"]');
    await agentContext.close();
    await context.close();
    assert.deepEqual(errors, [], `${lang}: ${errors.join("; ")}`);
  }
}

Deno.test({
  name:
    "a progressive campaign of 20 contacts with 2 agents dials only allowed numbers within hours, retries a busy one once and records every outcome",
  ignore: !hasPeer("sipp") || !hasPeer("chromium"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance({ logLevel: "warn" });
    const phones: SippPhone[] = [];
    let browser: Browser | undefined;
    try {
      const salesId = await salesLine(live, { wrap_up_s: 0 });
      const ids = await userIds(live);
      phones.push(await phone(live, "1002", "agent_uas.xml", { calls: 30 }));
      phones.push(await phone(live, "1005", "agent_uas.xml", { calls: 30 }));
      await goReady(live, "agent2", ids.get("agent2")!);
      await goReady(live, "agent5", ids.get("agent5")!);

      // The contacts' phones behind the trunk: 17 answer once, the busy one twice.
      const pbxPort = await freeUdpPort();
      const contacts = runSipp({
        scenario: "outbound_contacts.xml",
        fill: { busy: BUSY, talk_ms: "1000" },
        target: `127.0.0.1:${live.sipPort}`,
        localPort: pbxPort,
        calls: 19,
        rate: 100,
        timeoutS: 240,
      });
      const admin = await live.api("admin");
      const trunkId = await addCarrierTrunk(admin, pbxPort);

      // Today in Shanghai is the only calling day; one contact lives where it is not today.
      const today = weekday("Asia/Shanghai");
      const elsewhere = ["Pacific/Kiritimati", "Pacific/Pago_Pago"].find((z) =>
        weekday(z) !== today
      )!;
      const supervisor = await live.api("super1");
      const created = await supervisor.send("POST", "/campaigns", {
        name: "Winter renewals",
        mode: "progressive",
        queue_id: salesId,
        trunk_id: trunkId,
        caller_id: "4008007777",
        options: {
          hours: { start: "00:00", end: "23:59", days: [today] },
          retries: { busy: { times: 1, after_s: 30 } },
          script: "Good afternoon, this is the winter renewal team.",
        },
      });
      assert.equal(created.status, 201, await created.clone().text());
      const { campaign } = await created.json();
      const rows = Array.from({ length: 20 }, (_, i) => ({
        number: number(i),
        name: `Contact ${i + 1}`,
        ...(i === 19 ? { time_zone: elsewhere } : {}),
      }));
      const loaded = await (await supervisor.send("POST", `/campaigns/${campaign.id}/contacts`, {
        contacts: rows,
      })).json();
      assert.equal(loaded.added, 20);
      assert.equal(
        (await supervisor.send("POST", `/campaigns/${campaign.id}/state`, { state: "running" }))
          .status,
        200,
      );
      // Listed after the campaign started: still never dialled.
      await supervisor.send("POST", "/dnc", { number: LISTED, reason: "opt_out" });

      const result = await contacts;
      assert.equal(result.code, 0, result.errors || result.output.slice(-1500));
      const dialled = result.messages;

      const board = await until("every outcome recorded", async () => {
        const b = await (await supervisor.get(`/campaigns/${campaign.id}/board`)).json();
        return b.outcomes_today.connected === 17 && b.outcomes_today.busy === 2 ? b : undefined;
      }, 30_000);
      const { contacts: list } = await (await supervisor.get(`/campaigns/${campaign.id}/contacts`))
        .json();
      const byNumber = new Map(
        list.map((c: { number: string }) => [c.number, c]),
      ) as Map<string, { state: string; attempts: number; last_outcome: string }>;
      assert.equal(byNumber.get(LISTED)?.state, "skipped");
      assert.equal(byNumber.get(LISTED)?.last_outcome, "do_not_call");
      assert.equal(byNumber.get(ELSEWHERE)?.state, "pending");
      assert.equal(byNumber.get(ELSEWHERE)?.last_outcome, "outside_hours");
      assert.equal(byNumber.get(BUSY)?.state, "failed");
      assert.equal(byNumber.get(BUSY)?.attempts, 2, "busy retried once");
      assert.equal(list.filter((c: { state: string }) => c.state === "done").length, 17);
      assert.equal(board.outcomes_today.do_not_call, 1);
      assert.ok(!dialled.includes(`INVITE sip:${LISTED}@`), "the listed number never rang");
      assert.ok(!dialled.includes(`INVITE sip:${ELSEWHERE}@`), "nobody rang outside hours");

      // A preview campaign for the agent's card, then the screenshots.
      const preview = await (await supervisor.send("POST", "/campaigns", {
        name: "Care calls",
        mode: "preview",
        queue_id: salesId,
        options: {
          hours: { start: "00:00", end: "23:59", days: [1, 2, 3, 4, 5, 6, 7] },
          script: "Hello, this is a courtesy call about your recent order.",
        },
      })).json();
      await supervisor.send("POST", `/campaigns/${preview.campaign.id}/contacts`, {
        contacts: [
          { number: "+8613800138000", name: "Zhou Xiaoming", time_zone: "Asia/Shanghai" },
          { number: "+8613900139001", name: "Li Lei", time_zone: "Asia/Shanghai" },
        ],
      });
      await supervisor.send("POST", `/campaigns/${preview.campaign.id}/state`, {
        state: "running",
      });
      browser = await launchChromium();
      await screenshots(browser, live);
    } finally {
      await browser?.close();
      for (const p of phones) await p.stop();
      await live.stop();
    }
  },
});
