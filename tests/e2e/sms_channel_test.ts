/**
 * SMS through the real HTTP server: a stand-in gateway on a free local port, the
 * gateway's signed webhook posted to the appliance, an agent's reply reaching the
 * gateway, a reply the gateway keeps refusing shown as not delivered; then the
 * customer's thread, reports by channel and the non-voice queue tiles photographed in
 * English and Chinese.
 */
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { signBody } from "../../src/sms/mod.ts";
import { gatewayStandIn } from "../sms/_gateway.ts";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";
import { signInAgent } from "../support/desktop.ts";
import {
  LIVE_ADMIN_PASSWORD,
  LIVE_DEMO_PASSWORD,
  type LiveAppliance,
  startLiveAppliance,
} from "../support/live_appliance.ts";
import { hasPeer } from "../support/peers.ts";

const SECRET = "gateway-webhook-secret-1";
const SENDER = "+8613512345678";
const SCREENSHOTS = new URL("../../docs/screenshots/", import.meta.url).pathname;

async function webhook(live: LiveAppliance, message: Record<string, unknown>) {
  const body = JSON.stringify(message);
  return await fetch(`http://127.0.0.1:${live.httpPort}/api/v1/sms/inbound`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-sms-signature": signBody(SECRET, body) },
    body,
    signal: AbortSignal.timeout(10_000),
  });
}

async function configure(live: LiveAppliance, url: string) {
  const admin = await live.api("admin");
  const saved = await admin.send("PUT", "/sms/gateway", {
    enabled: true,
    send_url: url,
    auth_header: "X-Api-Key",
    auth_token: "k-1",
    body_format: "form",
    body_template: "to={to}&from={from}&msg={text}",
    from: "10690001",
    inbound_secret: SECRET,
    send_attempts: 2,
  });
  assert.equal(saved.status, 200);
}

Deno.test({
  name:
    "an SMS from the gateway's webhook reaches the customer's thread and timeline, and the agent's reply reaches the gateway",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance({ logLevel: "warn" });
    const gateway = gatewayStandIn();
    try {
      await configure(live, gateway.url);
      const first = await webhook(live, {
        id: "gw-500",
        from: SENDER,
        text: "Has my order shipped?",
      });
      assert.equal(first.status, 200);
      assert.equal((await first.json()).outcome, "stored");
      const again = await webhook(live, {
        id: "gw-500",
        from: SENDER,
        text: "Has my order shipped?",
      });
      assert.equal((await again.json()).outcome, "duplicate");
      const forged = await fetch(`http://127.0.0.1:${live.httpPort}/api/v1/sms/inbound`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-sms-signature": "sha256=00" },
        body: JSON.stringify({ id: "x", from: SENDER, text: "forged" }),
      });
      assert.equal(forged.status, 401);
      await forged.body?.cancel();

      const agent = await live.api("agent1");
      const pop = await (await agent.get(`/customers/lookup?phone=${encodeURIComponent(SENDER)}`))
        .json();
      const customerId = pop.match.customer.id;
      const sent = await agent.send("POST", `/customers/${customerId}/sms`, {
        text: "Yes, it left today & arrives tomorrow",
      });
      assert.equal(sent.status, 201);
      await sent.body?.cancel();
      const delivered = new URLSearchParams(gateway.received[0].body);
      assert.equal(gateway.received[0].headers.get("x-api-key"), "k-1");
      assert.equal(delivered.get("to"), SENDER);
      assert.equal(delivered.get("from"), "10690001");
      assert.equal(delivered.get("msg"), "Yes, it left today & arrives tomorrow");

      gateway.answers.push(500, 500);
      const refused = await agent.send("POST", `/customers/${customerId}/sms`, { text: "again" });
      assert.equal(refused.status, 502);
      assert.equal((await refused.json()).error.details.message.status, "failed");

      const { threads } = await (await agent.get(`/customers/${customerId}/sms`)).json();
      assert.deepEqual(
        threads[0].messages.map((m: { status: string }) => m.status),
        ["received", "sent", "failed"],
      );
      const timeline = await (await agent.get(`/customers/${customerId}/interactions`)).json();
      const sms = timeline.interactions.find((i: { channel: string }) => i.channel === "sms");
      assert.match(sms.notes, /Has my order shipped\?[\s\S]*arrives tomorrow/);
    } finally {
      await gateway[Symbol.asyncDispose]();
      await live.stop();
    }
  },
});

/**
 * Today's contacts for the by-channel report: calls answered and abandoned in the first
 * queue (as the call log records them), chats with one an hour the bot resolved, e-mails.
 */
function seedContacts(live: LiveAppliance) {
  const { db } = live.appliance.parts;
  const log = live.appliance.parts.crm.interactions;
  const queue = db.get<{ id: number }>("SELECT id FROM queues ORDER BY id LIMIT 1")!.id;
  const agentId = db.get<{ id: number }>("SELECT id FROM users WHERE username = 'agent1'")!.id;
  const event = (call: string, at: number, type: string, data: object = {}, agent = false) =>
    db.run(
      "INSERT INTO call_events (call_id, at, type, queue_id, agent_id, data) VALUES (?, ?, ?, ?, ?, ?)",
      call,
      new Date(at).toISOString(),
      type,
      type.startsWith("queue.") ? queue : null,
      agent ? agentId : null,
      JSON.stringify(data),
    );
  const now = Date.now();
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  const hours = Math.max(1, Math.floor((now - midnight.getTime()) / 3_600_000));
  const iso = (ms: number) => new Date(ms).toISOString();
  for (let h = 0; h < hours; h++) {
    const start = midnight.getTime() + h * 3_600_000;
    for (let i = 0; i < 3 + (h % 3); i++) {
      const call = `seed-${h}-${i}`;
      const at = start + i * 500_000;
      const wait = 8_000 + i * 9_000;
      event(call, at, "call.offered");
      event(call, at, "call.answered");
      event(call, at, "queue.entered");
      if (i === 4) {
        event(call, at + 45_000, "queue.abandoned", { wait_ms: 45_000, short: false });
        event(call, at + 45_000, "call.ended");
        continue;
      }
      event(call, at + wait, "queue.answered", { wait_ms: wait }, true);
      event(call, at + wait + 150_000, "call.ended");
      event(
        call,
        at + wait + 170_000,
        "agent.work_done",
        { talk_ms: 150_000, acw_ms: 20_000 },
        true,
      );
    }
    for (let i = 0; i < 2 + (h % 4); i++) {
      const at = start + i * 600_000;
      log.record({
        channel: "chat",
        direction: "inbound",
        started_at: iso(at),
        answered_at: iso(at + 20_000 + i * 15_000),
        first_response_at: iso(at + 30_000 + i * 15_000),
        ended_at: iso(at + 400_000),
      });
    }
    log.record({
      channel: "chat",
      direction: "inbound",
      started_at: iso(start + 300_000),
      resolved_by_bot: true,
    });
    if (h % 2 === 0) {
      log.record({
        channel: "email",
        direction: "inbound",
        started_at: iso(start + 120_000),
        first_response_at: iso(start + 120_000 + 5_400_000),
      });
    }
  }
}

async function screenshots(browser: Browser, live: LiveAppliance, customerId: number) {
  const base = `http://127.0.0.1:${live.httpPort}`;
  const errors: string[] = [];
  for (const lang of ["en", "zh-CN"]) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.addInitScript(`localStorage.setItem("cc.lang", ${JSON.stringify(lang)})`);
    await context.grantPermissions(["microphone"]);
    const page = await context.newPage();
    page.on("pageerror", (e) => errors.push(`${lang}: ${e.message}`));
    await page.goto(`${base}/reports`);
    await page.fill('input[name="username"]', "super1");
    await page.fill('input[name="password"]', LIVE_DEMO_PASSWORD);
    await page.click('button[type="submit"]');
    await page.locator('button[data-tab="channels"]').click();
    const table = page.locator('[data-testid="channel-table"]');
    await table.locator('tr[data-channel="sms"]').waitFor({ timeout: 15_000 });
    assert.equal(await table.locator("tbody tr").count(), 4);
    await page.locator("cc-channel-report canvas").first().waitFor();
    await page.waitForTimeout(300);
    await page.locator('[data-testid="channel-filter"]').evaluate((e) => e.scrollIntoView());
    const file = lang === "en"
      ? `${SCREENSHOTS}/reports-by-channel.png`
      : `${ARTIFACTS}/reports-by-channel.${lang}.png`;
    await page.screenshot({ path: file });
    // The filter asks for one channel only.
    await page.selectOption('[data-testid="channel-filter"]', "chat");
    await table.locator("tbody tr").nth(1).waitFor({ state: "detached", timeout: 10_000 });
    assert.equal(await table.locator('tr[data-channel="chat"]').count(), 1);

    await page.goto(`${base}/supervisor`);
    const tile = page.locator('[data-testid="channel-queue"][data-key="sms"]');
    await tile.waitFor({ timeout: 15_000 });
    await tile.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}/supervision-channel-queues.${lang}.png` });
    await context.close();

    const adminContext = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await adminContext.addInitScript(`localStorage.setItem("cc.lang", ${JSON.stringify(lang)})`);
    const admin = await adminContext.newPage();
    admin.on("pageerror", (e) => errors.push(`${lang}: ${e.message}`));
    await admin.goto(`${base}/admin`);
    await admin.fill('input[name="username"]', "admin");
    await admin.fill('input[name="password"]', LIVE_ADMIN_PASSWORD);
    await admin.click('button[type="submit"]');
    await admin.click('[data-section="sms"]');
    await admin.locator('[data-testid="admin-sms-gateway"] input[name="send_url"]').waitFor({
      timeout: 15_000,
    });
    await admin.screenshot({ path: `${ARTIFACTS}/admin-sms-gateway.${lang}.png` });
    await adminContext.close();

    const agentContext = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await agentContext.addInitScript(`localStorage.setItem("cc.lang", ${JSON.stringify(lang)})`);
    await agentContext.grantPermissions(["microphone"]);
    const agent = await agentContext.newPage();
    agent.on("pageerror", (e) => errors.push(`${lang}: ${e.message}`));
    await signInAgent(agent, base, "agent1", LIVE_DEMO_PASSWORD);
    await agent.goto(`${base}/agent/customers/${customerId}`);
    const thread = agent.locator('[data-testid="sms-messages"]');
    await thread.locator('li[data-status="failed"]').waitFor({ timeout: 15_000 });
    await thread.scrollIntoViewIfNeeded();
    await agent.screenshot({
      path: lang === "zh-CN"
        ? `${SCREENSHOTS}/sms-thread.zh-CN.png`
        : `${ARTIFACTS}/sms-thread.${lang}.png`,
    });
    // A text arriving while the page is open shows without a reload.
    await (await webhook(live, { id: `live-${lang}`, from: SENDER, text: `Thanks! (${lang})` }))
      .body?.cancel();
    await thread.locator("li", { hasText: `Thanks! (${lang})` }).waitFor({ timeout: 10_000 });
    await agentContext.close();
  }
  assert.deepEqual(errors, []);
}

Deno.test({
  name: "the customer's SMS thread, reports by channel and the SMS tile in English and Chinese",
  ignore: !hasPeer("chromium"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance({ logLevel: "warn" });
    const gateway = gatewayStandIn();
    let browser: Browser | undefined;
    try {
      await configure(live, gateway.url);
      await (await webhook(live, { id: "s1", from: SENDER, text: "Has my order shipped?" })).body
        ?.cancel();
      const agent = await live.api("agent1");
      const pop = await (await agent.get(`/customers/lookup?phone=${encodeURIComponent(SENDER)}`))
        .json();
      const customerId = pop.match.customer.id;
      await (await agent.send("POST", `/customers/${customerId}/sms`, {
        text: "Yes, it left this morning; the tracking number is SF1234567890.",
      })).body?.cancel();
      gateway.answers.push(503, 503);
      await (await agent.send("POST", `/customers/${customerId}/sms`, {
        text: "Anything else I can help with?",
      })).body?.cancel();
      await (await webhook(live, {
        id: "s2",
        from: "+8613698765432",
        text: "Do you open on Sunday?",
      }))
        .body?.cancel();
      seedContacts(live);
      browser = await launchChromium();
      await screenshots(browser, live, customerId);
    } finally {
      await browser?.close();
      await gateway[Symbol.asyncDispose]();
      await live.stop();
    }
  },
});
