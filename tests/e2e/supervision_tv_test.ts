import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";
import { signInAgent, until } from "../support/desktop.ts";
import { LIVE_DEMO_PASSWORD, startLiveAppliance } from "../support/live_appliance.ts";
import { hasPeer } from "../support/peers.ts";

/**
 * How long the TV screen is watched before its link is revoked. The issue asks for ten
 * minutes; runs in CI use one, and `CC_E2E_TV_S=600` gives the full ten (raise
 * `CC_E2E_FILE_LIMIT_S` above it too).
 */
const WATCH_S = Number(Deno.env.get("CC_E2E_TV_S") ?? 60);
/** The center's TV refresh setting for this run: a revoked screen stops within it. */
const REFRESH_S = Number(Deno.env.get("CC_E2E_TV_REFRESH_S") ?? 2);
const ROTATE_S = 4;

interface Shown {
  queue: string;
  notReady: number;
  at: string;
  polls: number;
}

/** What the TV screen shows now: the queue on screen, one of its figures, and its freshness. */
async function shown(page: Page): Promise<Shown | undefined> {
  const updated = page.locator('[data-testid="tv-updated"]');
  const tile = page.locator('[data-testid="tv-wallboard"] [data-testid="wallboard-queue"]');
  if (await updated.count() === 0 || await tile.count() === 0) return undefined;
  return {
    queue: (await tile.getAttribute("data-queue"))!,
    notReady: Number(
      await tile.locator('[data-testid="wallboard-agents"][data-state="not_ready"] strong')
        .textContent(),
    ),
    at: (await updated.getAttribute("data-at"))!,
    polls: Number(await updated.getAttribute("data-polls")),
  };
}

Deno.test({
  name:
    "a wall screen on a read-only link keeps updating without a session, then stops within a refresh of being revoked",
  ignore: !hasPeer("chromium"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance({ logLevel: "warn" });
    const browser = await launchChromium();
    // The center's alert webhook: a receiver of our own that keeps what it is sent.
    const hooked: { event: string; alert: { kind: string } }[] = [];
    const receiver = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
      hooked.push(await req.json());
      return new Response(null, { status: 204 });
    });
    try {
      const base = `http://127.0.0.1:${live.httpPort}`;
      const api = await live.api("super1");
      const set = await api.send("PATCH", "/supervision/settings", {
        tv_refresh_s: REFRESH_S,
        tv_rotate_s: ROTATE_S,
        alert_webhook_url: `http://127.0.0.1:${receiver.addr.port}/alerts`,
      });
      assert.equal(set.status, 200, await set.text());

      // The supervisor makes the link in the supervision page.
      const supervisorContext = await browser.newContext({
        viewport: { width: 1366, height: 768 },
        locale: "en-US",
      });
      const supervisor = await supervisorContext.newPage();
      await supervisor.goto(`${base}/supervisor`);
      await supervisor.fill('input[name="username"]', "super1");
      await supervisor.fill('input[name="password"]', LIVE_DEMO_PASSWORD);
      await supervisor.click('button[type="submit"]');
      await supervisor.locator('[data-testid="wallboard-queue"]').first().waitFor();

      // Thresholds set in the page colour the figures: no caller may wait in Sales, and an
      // agent not ready for a second is worth an alert.
      await supervisor.locator('[data-testid="thresholds-panel"] summary').click();
      await supervisor.selectOption('[data-testid="threshold-queue"]', { label: "Sales" });
      await supervisor.fill('[data-testid="threshold-waiting_warn"]', "0");
      await supervisor.fill('[data-testid="threshold-waiting_alarm"]', "0");
      await supervisor.fill('[data-testid="threshold-state_not_ready"]', "1");
      await supervisor.click('[data-testid="threshold-save"]');
      const salesWaiting = supervisor.locator(
        '[data-testid="wallboard"] [data-queue="Sales"] [data-testid="figure-waiting"]',
      );
      await salesWaiting.and(supervisor.locator('[data-level="alarm"]')).waitFor({
        timeout: 10_000,
      });
      assert.equal(
        await supervisor.locator(
          '[data-testid="wallboard"] [data-queue="Support"] [data-testid="figure-waiting"]',
        ).getAttribute("data-level"),
        "ok",
        "other queues keep their own thresholds",
      );
      await supervisor.locator('[data-testid="thresholds-panel"] summary').click();
      await supervisor.locator('[data-testid="tv-links-panel"] summary').click();
      await supervisor.fill('[data-testid="tv-link-label"]', "Floor 2");
      await supervisor.click('[data-testid="tv-link-create"]');
      const link = await supervisor.locator('[data-testid="tv-link-new"]').getAttribute("href");
      assert.match(link!, new RegExp(`^${base}/tv/[\\w-]{43}$`));

      // The wall screen: its own browser context, never signed in.
      const tvContext = await browser.newContext({
        viewport: { width: 1920, height: 1080 },
        locale: "en-US",
      });
      const tv = await tvContext.newPage();
      const errors: string[] = [];
      tv.on("pageerror", (e) => errors.push(e.message));
      let tvRequests = 0;
      tv.on("request", (r) => {
        if (r.url().includes("/api/v1/tv/")) tvRequests++;
      });
      await tv.goto(link!);
      const first = await until("the TV screen's first figures", () => shown(tv), 15_000);
      assert.equal(
        await tv.locator("cc-tv-screen button, cc-tv-screen input, cc-tv-screen select").count(),
        0,
        "a wall screen has nothing to click",
      );
      await tv.screenshot({ path: `${ARTIFACTS}/supervision_tv.png` });

      // While watched, the screen stays fresh, turns through the queues, and follows a
      // change in the figures within a refresh and a turn.
      // agent2 (Sales and Support) signs in on the desktop, so the supervisor can move them
      // between ready and not ready and the figures on screen move with them.
      const agentContext = await browser.newContext({ locale: "en-US" });
      await agentContext.grantPermissions(["microphone"]);
      const agentPage = await agentContext.newPage();
      await signInAgent(agentPage, base, "agent2", LIVE_DEMO_PASSWORD);
      const agentIds = [live.appliance.parts.users.byUsername("agent2")!.id];
      const queuesSeen = new Set([first.queue]);
      const figuresSeen = new Set<number>();
      let toggles = 0;
      let lastPolls = first.polls;
      const endAt = Date.now() + WATCH_S * 1000;
      while (Date.now() < endAt) {
        const state = toggles % 2 === 0 ? "not_ready" : "ready";
        for (const id of agentIds) {
          const changed = await api.send("POST", `/agents/${id}/state`, {
            state,
            ...(state === "not_ready" ? { reason: "meeting" } : {}),
          });
          assert.equal(changed.status, 200, await changed.text());
        }
        toggles++;
        if (toggles === 1) {
          // Agents not ready past Sales' one second: an alert in the page and to the webhook.
          const notice = supervisor.locator(
            '[data-testid="alert-notice"][data-kind="agent_state"]',
          );
          await notice.waitFor({ timeout: 15_000 });
          await supervisor.evaluate(() => globalThis.scrollTo(0, 0));
          await supervisor.screenshot({ path: `${ARTIFACTS}/supervision_wallboard.png` });
          await supervisor.locator("cc-agents-board").screenshot({
            path: `${ARTIFACTS}/supervision_agents.png`,
          });
          await until(
            "the webhook to hear of the alert",
            () => hooked.some((h) => h.event === "alert.raised" && h.alert.kind === "agent_state"),
            10_000,
          );
        }
        await until("the TV screen to show the figures the API gives", async () => {
          const now = await shown(tv);
          if (!now || now.polls <= lastPolls) return undefined;
          queuesSeen.add(now.queue);
          // Only agent2's queues have a figure that moves.
          if (now.queue !== "Sales" && now.queue !== "Support") return undefined;
          const { queues } = await (await api.get("/queues/status")).json();
          const q = queues.find((x: { name: string }) => x.name === now.queue);
          if (!q || q.agents.not_ready !== now.notReady) return undefined;
          figuresSeen.add(now.notReady);
          return true;
        }, (REFRESH_S + 3 * ROTATE_S) * 1000 + 10_000);
        const now = (await shown(tv))!;
        const age = Date.now() - Date.parse(now.at);
        assert.ok(age < REFRESH_S * 1000 + 3000, `the screen is ${age} ms old`);
        assert.ok(now.polls > lastPolls, "the screen refreshed since the last look");
        lastPolls = now.polls;
        await new Promise((r) => setTimeout(r, Math.min(5000, Math.max(0, endAt - Date.now()))));
      }
      assert.ok(queuesSeen.size > 1, `the screen turned through queues: ${[...queuesSeen]}`);
      assert.ok(figuresSeen.size > 1, `the figure on screen moved: ${[...figuresSeen]}`);
      assert.deepEqual(await tvContext.cookies(), [], "the screen holds no session");

      // Revoked in the page: the screen says so within a refresh and asks no more.
      await supervisor.locator('[data-testid="tv-link-revoke"]').click();
      const revokedAt = Date.now();
      await tv.locator('[data-testid="tv-revoked"]').waitFor({ timeout: 60_000 });
      const stoppedAfter = Date.now() - revokedAt;
      assert.ok(stoppedAfter < REFRESH_S * 1000 + 3000, `stopped after ${stoppedAfter} ms`);
      const requestsThen = tvRequests;
      await new Promise((r) => setTimeout(r, REFRESH_S * 3000));
      assert.equal(tvRequests, requestsThen, "a revoked screen stops asking");
      await tv.screenshot({ path: `${ARTIFACTS}/supervision_tv_revoked.png` });
      assert.deepEqual(errors, []);
      console.log(
        `TV screen watched ${WATCH_S} s: ${lastPolls} refreshes, ${toggles} figure changes followed, ` +
          `${queuesSeen.size} queues shown; stopped ${stoppedAfter} ms after revocation`,
      );
    } finally {
      await browser.close();
      await live.stop();
      await receiver.shutdown();
    }
  },
});
