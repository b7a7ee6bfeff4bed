/**
 * Pausing a recording on a live call: SIPp as the office PBX calls the demo menu and
 * presses 2 for Support, then talks without a break (SIPp's A-law speech, replayed); an
 * agent answers in Chromium, pauses the recording from the desktop for about three
 * seconds and resumes it, then hangs up. The stored stereo recording must hold digital
 * silence on both channels exactly where and as long as the pause was — A-law speech
 * never decodes to a zero sample, so a run of zeros on the caller's channel is the gap —
 * and the index and the call's events must mark it.
 */
import assert from "node:assert/strict";
import { parseWav } from "../../src/media/mod.ts";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";
import {
  browserPackets,
  channelRms,
  goReadyInPage,
  openDeskPage,
  signInAgent,
  until,
} from "../support/desktop.ts";
import { openAllHours } from "../support/ivr_calls.ts";
import { LIVE_DEMO_PASSWORD, startLiveAppliance } from "../support/live_appliance.ts";
import { hasPeer } from "../support/peers.ts";
import { runSipp, type SippResult } from "../support/sipp.ts";

const CALLER = "+8613800138000";
/** Samples per ms at 8 kHz. */
const PER_MS = 8;

/** The longest run of zero samples on one channel: where it starts and how long, in samples. */
function longestZeroRun(samples: Int16Array, channel: number, channels: number) {
  let best = { start: 0, length: 0 };
  let start = -1;
  const frames = samples.length / channels;
  for (let i = 0; i <= frames; i++) {
    const zero = i < frames && samples[i * channels + channel] === 0;
    if (zero && start < 0) start = i;
    if (!zero && start >= 0) {
      if (i - start > best.length) best = { start, length: i - start };
      start = -1;
    }
  }
  return best;
}

Deno.test({
  name:
    "an agent pauses and resumes the recording in the browser: both channels are silent for the pause's length, and the gap is marked",
  ignore: !hasPeer("chromium") || !hasPeer("sipp"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance({ logLevel: "warn" });
    const browser = await launchChromium();
    let sipp: Promise<SippResult> | undefined;
    try {
      await openAllHours(live);
      const errors: string[] = [];
      const page = await openDeskPage(browser, errors);
      const base = `http://127.0.0.1:${live.httpPort}`;
      await signInAgent(page, base, "agent3", LIVE_DEMO_PASSWORD);
      await goReadyInPage(page);

      sipp = runSipp({
        scenario: "desk_caller.xml",
        fill: { caller: CALLER, digit: "2", menu_after_ms: "7000" },
        target: `127.0.0.1:${live.sipPort}`,
        service: "1000",
        timeoutS: 120,
      });
      await page.locator('[data-testid="incoming-call"]').waitFor({ timeout: 30_000 });
      await page.click('[data-testid="answer"]');
      await page.locator('[data-testid="active-call"]').waitFor({ timeout: 15_000 });
      const supervisor = await live.api("super1");
      const callId = await until("the live call", async () => {
        const { calls } = await (await supervisor.get("/calls?state=live")).json();
        return calls[0]?.id as string | undefined;
      });
      await until("audio both ways in the browser", async () => {
        const p = await browserPackets(page);
        return p.received > 0 && p.sent > 0;
      });
      await new Promise((r) => setTimeout(r, 2000));

      await page.click('[data-testid="recording-pause"]');
      await page.locator('[data-testid="recording-resume"]').waitFor({ timeout: 10_000 });
      const pausedAt = Date.now();
      await page.screenshot({ path: `${ARTIFACTS}/recording_paused.png` });
      await new Promise((r) => setTimeout(r, 3000));
      await page.click('[data-testid="recording-resume"]');
      await page.locator('[data-testid="recording-pause"]').waitFor({ timeout: 10_000 });
      const pauseWallMs = Date.now() - pausedAt;
      await new Promise((r) => setTimeout(r, 2000));
      await page.click('[data-testid="hangup"]');
      const result = await sipp;
      sipp = undefined;
      assert.equal(result.code, 0, result.errors || result.output.slice(-1500));

      const events = await until("the call's end", async () => {
        const { events } = await (await supervisor.get(`/calls/${callId}`)).json();
        return (events as { type: string }[]).some((e) => e.type === "call.ended")
          ? events as { type: string; data: Record<string, number | string> }[]
          : undefined;
      });
      const paused = events.find((e) => e.type === "recording.paused");
      const resumed = events.find((e) => e.type === "recording.resumed");
      assert.ok(paused && resumed, events.map((e) => e.type).join(", "));
      assert.equal(paused.data.by, "agent3");
      const gapMs = resumed.data.paused_ms as number;
      const atMs = paused.data.at_ms as number;
      // The pause lasted as long as the agent kept it (the clicks' round trips aside).
      assert.ok(Math.abs(gapMs - pauseWallMs) < 600, `gap ${gapMs} ms, clicks ${pauseWallMs} ms`);

      const stereo = await until("the recording closed", async () => {
        const { recordings } = await (await supervisor.get(`/recordings?call_id=${callId}`))
          .json();
        const row = recordings.find((r: { channels: number }) => r.channels === 2);
        return row?.duration_ms != null ? row : undefined;
      });
      assert.deepEqual(stereo.pauses, [{ at_ms: atMs, duration_ms: gapMs }]);
      // On disk the recording is sealed: not a WAV without the key.
      const disk = await Deno.readFile(live.appliance.parts.recordings.file(stereo));
      assert.notEqual(new TextDecoder().decode(disk.subarray(0, 4)), "RIFF");
      const wav = parseWav(
        new Uint8Array(
          await (await supervisor.get(`/recordings/${stereo.id}/audio`)).arrayBuffer(),
        ),
      );
      assert.equal(wav.channels, 2);
      // The caller's channel: zeros exactly where the pause was, for as long.
      const gap = longestZeroRun(wav.samples, 0, 2);
      assert.ok(
        Math.abs(gap.start / PER_MS - atMs) <= 20,
        `gap starts at ${gap.start / PER_MS} ms, paused at ${atMs} ms`,
      );
      assert.ok(
        Math.abs(gap.length / PER_MS - gapMs) <= 20,
        `gap of ${gap.length / PER_MS} ms, pause of ${gapMs} ms`,
      );
      // The agent's channel is silent all through the same stretch.
      const inGap = wav.samples.subarray(gap.start * 2, (gap.start + gap.length) * 2);
      assert.equal(channelRms(inGap, 1, 2), 0, "the agent's channel is silent in the gap");
      // Before and after, both sides were recorded.
      const around = (fromMs: number, toMs: number) =>
        wav.samples.subarray(fromMs * PER_MS * 2, toMs * PER_MS * 2);
      const before = around(Math.max(0, atMs - 1500), atMs - 100);
      const after = around(atMs + gapMs + 100, atMs + gapMs + 1500);
      for (const [name, part] of [["before", before], ["after", after]] as const) {
        assert.ok(channelRms(part, 0, 2) > 100, `caller audio ${name} the gap`);
      }
      assert.ok(channelRms(wav.samples, 1, 2) > 100, "the agent's channel has audio");
      assert.deepEqual(errors, []);
      await page.context().close();

      // QA finds the call by agent and day, plays it in the two-lane player and scores it on
      // a form with a critical question; the agent sees the evaluation and acknowledges it.
      const qaApi = await live.api("qa1");
      const formAnswer = await qaApi.send("POST", "/qa/forms", {
        name: "Card payments",
        pass_mark: 80,
        definition: {
          sections: [{
            title: "Payment",
            questions: [
              {
                id: "paused",
                text: "Paused recording for the card number",
                kind: "yes_no",
                critical: true,
              },
              { id: "clarity", text: "Explained the charge clearly", kind: "scale" },
            ],
          }],
        },
      });
      assert.equal(formAnswer.status, 201, await formAnswer.clone().text());
      const review = await browser.newContext({
        viewport: { width: 1366, height: 768 },
        locale: "en-US",
      });
      const qa = await review.newPage();
      const qaErrors: string[] = [];
      qa.on("pageerror", (e) => qaErrors.push(e.message));
      const ranges: string[] = [];
      qa.on("request", (request) => {
        if (request.url().endsWith(`/recordings/${stereo.id}/audio`)) {
          ranges.push(request.headers()["range"] ?? "(none)");
        }
      });
      await qa.goto(`${base}/recordings`);
      await qa.fill('input[name="username"]', "qa1");
      await qa.fill('input[name="password"]', LIVE_DEMO_PASSWORD);
      await qa.click('button[type="submit"]');
      await qa.locator('[data-testid="rec-agent"] option').nth(1).waitFor({ state: "attached" });
      const agent3 = (await (await supervisor.get("/agents")).json()).agents
        .find((a: { username: string }) => a.username === "agent3");
      await qa.selectOption('[data-testid="rec-agent"]', String(agent3.id));
      const today = new Date().toLocaleDateString("en-CA"); // yyyy-mm-dd, local
      await qa.fill('input[name="from"]', today);
      await qa.fill('input[name="to"]', today);
      await qa.click('[data-testid="rec-search-go"]');
      const row = qa.locator(`[data-testid="rec-row"][data-id="${stereo.id}"]`);
      await row.waitFor({ timeout: 10_000 });
      // agent3's only call today: its IVR part (mono) and its conversation (stereo).
      const callRecordings = (await (await supervisor.get(`/recordings?call_id=${callId}`))
        .json()).recordings.map((r: { id: number }) => String(r.id)).sort();
      const shown = await qa.locator('[data-testid="rec-row"]').evaluateAll((rows) =>
        rows.map((r) => (r as HTMLElement).dataset.id!).sort()
      );
      assert.deepEqual(shown, callRecordings);
      await row.locator("button").click();
      await qa.locator('[data-testid="rec-wave"] [data-mark="recording.paused"]').waitFor();
      const audio = qa.locator('[data-testid="rec-audio"]');
      await audio.evaluate((el) => {
        const a = el as HTMLAudioElement;
        a.muted = true;
        a.currentTime = 1;
        return a.play();
      });
      await new Promise((r) => setTimeout(r, 1000));
      assert.ok(ranges.some((r) => r.startsWith("bytes=")), `ranges: ${ranges.join(", ")}`);
      await qa.click('[data-testid="qa-question"][data-id="paused"] input[data-value="yes"]');
      await qa.click('[data-testid="qa-question"][data-id="clarity"] input[data-value="5"]');
      await qa.fill('[data-testid="qa-comment"]', "Paused before the card number, well done");
      await qa.click('[data-testid="qa-pin"]');
      await qa.screenshot({ path: `${ARTIFACTS}/recordings_player.png` });
      await qa.click('[data-testid="qa-submit"]');
      await qa.locator('[data-testid="qa-evaluation"][data-status="submitted"]').waitFor();
      assert.deepEqual(qaErrors, []);
      await review.close();

      const desk = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      const agentPage = await desk.newPage();
      await agentPage.goto(`${base}/recordings`);
      await agentPage.fill('input[name="username"]', "agent3");
      await agentPage.fill('input[name="password"]', LIVE_DEMO_PASSWORD);
      await agentPage.click('button[type="submit"]');
      const evaluation = agentPage.locator('[data-testid="qa-evaluation"]');
      await evaluation.waitFor({ timeout: 10_000 });
      assert.match((await evaluation.textContent()) ?? "", /Card payments[\s\S]*100/);
      await agentPage.click('[data-testid="qa-acknowledge"]');
      await agentPage.locator('[data-testid="qa-evaluation"][data-status="acknowledged"]')
        .waitFor();
      await desk.close();
      const rate = (await (await qaApi.get(`/qa/pass-rate?by=agent&agent_id=${agent3.id}`)).json())
        .rows;
      assert.deepEqual(
        rate.map((r: { evaluations: number; pass_rate_pct: number }) => [
          r.evaluations,
          r.pass_rate_pct,
        ]),
        [[1, 100]],
      );
    } finally {
      if (sipp) await sipp.catch(() => {});
      await browser.close();
      await live.stop();
    }
  },
});
