import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { readWav } from "../../src/ivr/mod.ts";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";
import { LIVE_ADMIN_PASSWORD, startLiveAppliance } from "../support/live_appliance.ts";
import { hasPeer } from "../support/peers.ts";

const SCREEN = '[data-testid="admin-prompts"]';
const FORM = `${SCREEN} [data-testid="prompt-form"]`;

/** Loudness of 16-bit samples, 0…1. */
function rms(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

/** The row of a prompt in the list. */
const row = (page: Page, key: string) => page.locator(`${SCREEN} tr[data-prompt="${key}"]`);

Deno.test({
  name:
    "an admin records a prompt with the browser's microphone, it is stored converted and plays in the page",
  ignore: !hasPeer("chromium"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance({ logLevel: "warn" });
    // The fake microphone plays a beep; pages may start playback without a click.
    const browser = await launchChromium(["--autoplay-policy=no-user-gesture-required"]);
    try {
      const base = `http://127.0.0.1:${live.httpPort}`;
      const context = await browser.newContext({
        viewport: { width: 1366, height: 768 },
        locale: "en-US",
        permissions: ["microphone"],
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("dialog", (d) => d.accept());

      await page.goto(`${base}/admin`);
      await page.fill('input[name="username"]', "admin");
      await page.fill('input[name="password"]', LIVE_ADMIN_PASSWORD);
      await page.click('button[type="submit"]');
      await page.waitForURL(/\/admin$/);
      await page.click('[data-testid="admin-nav"] button[data-section="prompts"]');
      await page.locator(`${SCREEN} [data-testid="list"] tbody tr`).first().waitFor();

      // Record about two seconds from the microphone, listen, save.
      await page.selectOption(`${FORM} select[name="source"]`, "mic");
      await page.fill(`${FORM} input[name="name"]`, "thanks_recorded");
      await page.selectOption(`${FORM} select[name="language"]`, "en");
      await page.fill(`${FORM} input[name="description"]`, "Thanks for waiting");
      await page.click(`${FORM} [data-testid="recorder"] button`);
      await page.locator(`${FORM} [data-testid="recorder"] [role="status"]`).waitFor();
      await page.waitForTimeout(2200);
      await page.click(`${FORM} [data-testid="recorder"] button`);
      await page.locator(`${FORM} [data-testid="recording-preview"]`).waitFor();
      await page.click(`${FORM} button[type="submit"]`);
      await row(page, "en/thanks_recorded").waitFor({ timeout: 15_000 });

      // Stored as the appliance's prompt format: 8 kHz mono, about as long as recorded, not silent.
      const admin = await live.api("admin");
      const listed = await (await admin.get("/ivr/prompts")).json();
      const stored = listed.prompts.find((p: { name: string; language: string }) =>
        p.name === "thanks_recorded" && p.language === "en"
      );
      assert.ok(stored, "the recording is listed");
      assert.equal(stored.description, "Thanks for waiting");
      assert.ok(
        stored.duration_ms >= 1500 && stored.duration_ms <= 4000,
        `recorded ${stored.duration_ms} ms`,
      );
      const wav = readWav(new Uint8Array(await Deno.readFile(`${live.dir}/${stored.path}`)));
      assert.deepEqual([wav.sampleRate, wav.channels], [8000, 1]);
      assert.ok(
        rms(wav.data[0]) > 0.01,
        `the fake microphone's beep is heard (${rms(wav.data[0])})`,
      );

      // It plays in the page.
      const played = await row(page, "en/thanks_recorded").locator("audio").evaluate(
        async (audio: HTMLAudioElement) => {
          await audio.play();
          await new Promise((resolve) => setTimeout(resolve, 700));
          return { time: audio.currentTime, duration: audio.duration, error: audio.error?.code };
        },
      );
      assert.equal(played.error, undefined);
      assert.ok(played.time > 0.2, `played to ${played.time} s`);
      assert.ok(Math.abs(played.duration - stored.duration_ms / 1000) < 0.1);

      // Typed text becomes a spoken prompt too.
      await page.selectOption(`${FORM} select[name="source"]`, "text");
      await page.fill(`${FORM} input[name="name"]`, "closed_today");
      await page.selectOption(`${FORM} select[name="language"]`, "zh-CN");
      await page.fill(`${FORM} textarea[name="text"]`, "今天休息，请明天再来电。");
      await page.click(`${FORM} button[type="submit"]`);
      await row(page, "zh-CN/closed_today").waitFor({ timeout: 15_000 });

      // A queue plays the recording while callers wait: the list says so, and it cannot go.
      const queues = (await (await admin.get("/queues")).json()).queues as {
        id: number;
        version: number;
      }[];
      const queue = (await (await admin.get(`/queues/${queues[0].id}`)).json()).queue;
      const saved = await admin.send("PUT", `/queues/${queue.id}`, {
        name: queue.name,
        strategy: queue.strategy,
        service_level_s: queue.service_level_s,
        short_abandon_s: queue.short_abandon_s,
        skills: queue.skills,
        members: queue.members,
        options: { ...queue.options, music_on_hold: "thanks_recorded" },
      });
      assert.equal(saved.status, 200, await saved.text());
      await page.reload();
      await page.click('[data-testid="admin-nav"] button[data-section="prompts"]');
      await row(page, "en/thanks_recorded").locator('[data-testid="used-by"]')
        .filter({ hasText: queue.name }).waitFor();
      await row(page, "en/thanks_recorded").locator("button").click();
      const refusal = page.locator(`${SCREEN} [data-testid="list-problem"]`);
      await refusal.waitFor();
      assert.match((await refusal.textContent())!, new RegExp(`queue ${queue.name}`));
      assert.ok(await Deno.stat(`${live.dir}/${stored.path}`), "the refused recording is kept");

      for (const lang of ["en", "zh-CN"]) {
        await page.selectOption('select[data-testid="lang-switch"]', lang);
        await page.evaluate(() => globalThis.scrollTo(0, 0));
        await page.waitForTimeout(300);
        await page.screenshot({ path: `${ARTIFACTS}/admin_prompts_recorded_${lang}.png` });
        // The list where the recording is, with what plays it and its player.
        await row(page, "en/thanks_recorded").scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${ARTIFACTS}/admin_prompts_list_${lang}.png` });
      }
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await live.stop();
    }
  },
});
