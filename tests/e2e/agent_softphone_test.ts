import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";
import { LIVE_DEMO_PASSWORD, startLiveAppliance } from "../support/live_appliance.ts";
import { hasPeer } from "../support/peers.ts";

/** Signs in through the login page and waits for the agent desktop. */
async function signIn(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/agent`);
  await page.locator('input[name="username"]').waitFor();
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', LIVE_DEMO_PASSWORD);
  await page.click('button[type="submit"]');
  await page.waitForURL(/\/agent$/);
  await page.locator('[data-testid="softphone"]').waitFor();
}

Deno.test({
  name: "the agent desktop registers its softphone over WebSocket and shows the agent's state",
  ignore: !hasPeer("chromium"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance({ logLevel: "warn" });
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({
        viewport: { width: 1366, height: 768 },
        locale: "en-US",
      });
      await context.grantPermissions(["microphone"]);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      const base = `http://127.0.0.1:${live.httpPort}`;
      await signIn(page, base, "agent3");

      // The browser registers extension 1003 over /sip; the registrar lists it.
      const status = page.locator('[data-testid="sip-status"]');
      await page.locator('[data-testid="sip-status"][data-state="registered"]').waitFor({
        timeout: 15_000,
      });
      assert.match((await status.textContent()) ?? "", /Registered/);
      assert.match(
        (await page.locator('[data-testid="sip-extension"]').textContent()) ?? "",
        /1003/,
      );
      const supervisor = await live.api("super1");
      const registrations = await (await supervisor.get("/registrations")).json() as {
        registrations: { extension: string; transport: string }[];
      };
      const mine = registrations.registrations.find((r) => r.extension === "1003");
      assert.ok(mine, `extension 1003 registered: ${JSON.stringify(registrations)}`);
      assert.match(mine.transport.toLowerCase(), /ws/);
      assert.equal(await page.locator('[data-testid="phone-problem"]').count(), 0);

      // The state bar shows what /agents/me says, or says plainly that it is not there.
      const me = await page.evaluate(async () => {
        const response = await fetch("/api/v1/agents/me");
        return { status: response.status, body: await response.json() };
      });
      const stateBadge = page.locator('[data-testid="agent-state"]');
      await stateBadge.waitFor();
      if (me.status === 404) {
        await page.locator('[data-testid="state-unavailable"]').waitFor();
        assert.equal(await stateBadge.getAttribute("data-state"), "unknown");
      } else {
        assert.equal(me.status, 200, JSON.stringify(me.body));
        const state = me.body.agent.state as string;
        await page.locator(`[data-testid="agent-state"][data-state="${state}"]`).waitFor();
        await page.screenshot({ path: `${ARTIFACTS}/agent_desktop_idle.png` });

        // Going ready from the state bar reaches the ACD and comes back on the bar.
        if (state !== "ready") {
          await page.click('[data-testid="state-ready"]');
          await page.locator('[data-testid="agent-state"][data-state="ready"]').waitFor({
            timeout: 10_000,
          });
        }
        const after = await (await supervisor.get("/agents")).json() as {
          agents: { username: string; state: string }[];
        };
        assert.equal(after.agents.find((a) => a.username === "agent3")?.state, "ready");

        // Not ready with a reason, by keyboard: Alt + R brings the agent back.
        await page.selectOption('[data-testid="state-reason"]', "lunch");
        await page.click('[data-testid="state-not-ready"]');
        await page.locator('[data-testid="agent-state"][data-state="not_ready"]').waitFor();
        assert.match((await stateBadge.textContent()) ?? "", /Lunch/);
        await page.keyboard.press("Alt+KeyR");
        await page.locator('[data-testid="agent-state"][data-state="ready"]').waitFor();
      }
      await page.screenshot({ path: `${ARTIFACTS}/agent_desktop_ready.png` });

      // The shortcut help opens with "?" and lists the call shortcuts.
      await page.locator("body").click({ position: { x: 5, y: 740 } });
      await page.keyboard.press("Shift+Slash");
      const help = page.locator('[data-testid="shortcut-list"]');
      await help.waitFor();
      assert.match((await help.textContent()) ?? "", /Alt \+ A/);
      await page.screenshot({ path: `${ARTIFACTS}/agent_desktop_shortcuts.png` });
      await page.keyboard.press("Escape");
      await help.waitFor({ state: "detached" });

      // In Chinese the desktop keeps working and every label changes.
      await page.selectOption('select[data-testid="lang-switch"]', "zh-CN");
      await page.locator('[data-testid="sip-status"]').filter({ hasText: /已注册/ }).waitFor();
      await page.screenshot({ path: `${ARTIFACTS}/agent_desktop_zh.png` });
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await browser.close();
      await live.stop();
    }
  },
});
