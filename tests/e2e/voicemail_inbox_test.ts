/**
 * A voicemail from the IVR to "handled": SIPp as the office PBX calls the demo menu as
 * Zhou Xiaoming, presses 9, talks after the tone (SIPp's speech capture) and hangs up.
 * An agent opens the voicemail inbox in Chromium, finds the message, plays it (the
 * player fetches the audio in ranges), links it to the customer's case and marks it
 * handled; the customer's timeline shows the voicemail with that case.
 */
import assert from "node:assert/strict";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";
import { until } from "../support/desktop.ts";
import { dialDemo, keys, openAllHours, pause, speech } from "../support/ivr_calls.ts";
import { LIVE_DEMO_PASSWORD, startLiveAppliance } from "../support/live_appliance.ts";
import { hasPeer } from "../support/peers.ts";

const ZHOU = "+8613800138000";
/** Into the main menu: past the welcome, which keys cannot interrupt. */
const MENU_MS = 6500;

Deno.test({
  name:
    "a voicemail left through the IVR appears in the inbox, plays in ranges, is linked to a case and marked handled",
  ignore: !hasPeer("chromium") || !hasPeer("sipp"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance({ logLevel: "warn" });
    const browser = await launchChromium(["--autoplay-policy=no-user-gesture-required"]);
    try {
      await openAllHours(live);
      const result = await dialDemo(live, ZHOU, [
        pause(MENU_MS),
        keys("9"),
        pause(4500),
        speech(),
        pause(6000),
      ]);
      assert.equal(result.code, 0, result.errors || result.output.slice(-1500));
      const lead = await live.api("super1");
      const stored = await until("the voicemail stored", async () => {
        const { voicemails } = await (await lead.get("/voicemails")).json();
        return voicemails[0] as
          | { id: number; customer_id: number; duration_ms: number }
          | undefined;
      });
      assert.ok(stored.customer_id, "the caller is known in the CRM");
      assert.ok(stored.duration_ms > 2000, `a message of ${stored.duration_ms} ms`);

      const context = await browser.newContext({
        viewport: { width: 1366, height: 768 },
        locale: "en-US",
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      const ranges: string[] = [];
      page.on("request", (request) => {
        if (request.url().endsWith(`/voicemails/${stored.id}/audio`)) {
          ranges.push(request.headers()["range"] ?? "(none)");
        }
      });
      const base = `http://127.0.0.1:${live.httpPort}`;
      await page.goto(`${base}/voicemail`);
      await page.fill('input[name="username"]', "agent3");
      await page.fill('input[name="password"]', LIVE_DEMO_PASSWORD);
      await page.click('button[type="submit"]');
      const item = page.locator(`[data-testid="vm-item"][data-id="${stored.id}"]`);
      await item.waitFor({ timeout: 15_000 });
      assert.match((await item.textContent()) ?? "", /Zhou Xiaoming/);
      await item.click();
      const player = page.locator('[data-testid="vm-player"]');
      await player.waitFor();
      // Play it: the element fetches the WAV with Range requests and plays it through.
      const played = await player.evaluate(async (el) => {
        const audio = el as HTMLAudioElement;
        audio.muted = true;
        await audio.play();
        await new Promise((r) => setTimeout(r, 1500));
        return { time: audio.currentTime, duration: audio.duration, error: audio.error?.code };
      });
      assert.equal(played.error, undefined);
      assert.ok(played.time > 0.5, `played ${JSON.stringify(played)}`);
      assert.ok(
        Math.abs(played.duration * 1000 - stored.duration_ms) < 300,
        JSON.stringify(played),
      );
      assert.ok(ranges.some((r) => r.startsWith("bytes=")), `ranges asked: ${ranges.join(", ")}`);

      const caseSelect = page.locator('[data-testid="vm-case"]');
      await page.locator('[data-testid="vm-case"] option').nth(1).waitFor({ state: "attached" });
      const caseId = Number(
        await page.locator('[data-testid="vm-case"] option').nth(1).getAttribute("value"),
      );
      await caseSelect.selectOption(String(caseId));
      await page.locator('[data-testid="vm-linked"]').waitFor();
      await page.click('[data-testid="vm-take"]');
      await page.screenshot({ path: `${ARTIFACTS}/voicemail_inbox.png` });
      await page.click('[data-testid="vm-handle"]');
      await page.locator('[data-testid="vm-handled"]').waitFor();

      const voicemail = (await (await lead.get(`/voicemails/${stored.id}`)).json()).voicemail;
      assert.equal(voicemail.case_id, caseId);
      assert.ok(voicemail.handled_at);
      assert.equal(voicemail.assigned_name, "Zhang Min");
      const timeline = await (await lead.get(`/customers/${stored.customer_id}/interactions`))
        .json();
      const contact = (timeline.interactions ?? timeline.items ?? []).find((
        i: { channel: string },
      ) => i.channel === "voicemail");
      assert.ok(contact, `a voicemail in the timeline: ${JSON.stringify(timeline).slice(0, 400)}`);
      assert.equal(contact.case_id, caseId);
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await browser.close();
      await live.stop();
    }
  },
});
