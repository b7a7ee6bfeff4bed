import assert from "node:assert/strict";
import { parseWav } from "../../src/media/mod.ts";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";
import {
  browserPackets,
  callerCounters,
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

const CALLER = "+8613800138000"; // Zhou Xiaoming in the demo CRM
const LAST_CASE = "Delivery delayed for order 88231";

Deno.test({
  name:
    "an agent answers a PBX call in the browser: screen pop, two-way audio, hold, hang-up, disposition, ready again",
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

      // agent3 (Zhang Min, support level 7) is the only Support agent who goes ready.
      await signInAgent(page, base, "agent3", LIVE_DEMO_PASSWORD);
      await goReadyInPage(page);

      // The PBX calls DID 1000; the caller presses 2 for Support and keeps talking.
      sipp = runSipp({
        scenario: "desk_caller.xml",
        // The welcome prompt cannot be interrupted; the key goes in while the menu plays.
        fill: { caller: CALLER, digit: "2", menu_after_ms: "7000" },
        target: `127.0.0.1:${live.sipPort}`,
        service: "1000",
        timeoutS: 120,
      });

      await page.locator('[data-testid="incoming-call"]').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="pop-customer-name"]').filter({ hasText: "Zhou Xiaoming" })
        .waitFor();
      const firstCase = page.locator('[data-testid="pop-case"]').first();
      assert.match((await firstCase.textContent()) ?? "", new RegExp(LAST_CASE));
      await page.screenshot({ path: `${ARTIFACTS}/agent_desktop_ringing.png` });

      await page.click('[data-testid="answer"]');
      await page.locator('[data-testid="active-call"]').waitFor({ timeout: 15_000 });
      const supervisor = await live.api("super1");
      const callId = await until("the live call", async () => {
        const { calls } = await (await supervisor.get("/calls?state=live")).json();
        return calls[0]?.id as string | undefined;
      });

      // Media starts once ICE and DTLS are through (slower on a busy machine); from then on,
      // several seconds of talk: packets counted in the browser and at the caller's RTP leg.
      await until("audio both ways in the browser", async () => {
        const p = await browserPackets(page);
        return p.received > 0 && p.sent > 0;
      });
      const before = {
        browser: await browserPackets(page),
        caller: { ...callerCounters(live, callId)! },
      };
      await new Promise((r) => setTimeout(r, 4000));
      const after = {
        browser: await browserPackets(page),
        caller: { ...callerCounters(live, callId)! },
      };
      assert.ok(
        after.browser.received - before.browser.received > 100,
        `browser received ${JSON.stringify(after.browser)}`,
      );
      assert.ok(
        after.browser.sent - before.browser.sent > 100,
        `browser sent ${JSON.stringify(after.browser)}`,
      );
      assert.ok(
        after.caller.packetsIn - before.caller.packetsIn > 100,
        "the caller's audio reached the appliance",
      );
      assert.ok(
        after.caller.packetsOut - before.caller.packetsOut > 100,
        "the agent's audio reached the caller",
      );
      await page.screenshot({ path: `${ARTIFACTS}/agent_desktop_talking.png` });

      // Hold and resume through the softphone (re-INVITEs on the agent's leg).
      await page.click('[data-testid="hold"]');
      await page.locator('[data-testid="hold"][aria-pressed="true"]').waitFor({ timeout: 10_000 });
      await new Promise((r) => setTimeout(r, 1000));
      await page.click('[data-testid="hold"]');
      await page.locator('[data-testid="hold"][aria-pressed="false"]').waitFor({ timeout: 10_000 });
      // The resume's re-INVITE is done once audio reaches the browser again.
      const resumedFrom = (await browserPackets(page)).received;
      await until(
        "audio after resume",
        async () => (await browserPackets(page)).received > resumedFrom + 25,
      );

      await page.click('[data-testid="hangup"]');
      await page.locator('[data-testid="agent-state"][data-state="wrap_up"]').waitFor({
        timeout: 10_000,
      });
      await page.locator('[data-testid="wrap-up"]').waitFor();
      const resolved = await page.locator('[data-testid="disposition"] option').filter({
        hasText: /Resolved/,
      }).first()
        .getAttribute("value");
      await page.selectOption('[data-testid="disposition"]', resolved!);
      await page.fill('[data-testid="wrap-notes"]', "Delivery confirmed for tomorrow.");
      await page.screenshot({ path: `${ARTIFACTS}/agent_desktop_wrap_up.png` });
      await page.click('[data-testid="wrap-up-submit"]');
      await page.locator('[data-testid="agent-state"][data-state="ready"]').waitFor({
        timeout: 15_000,
      });

      const result = await sipp;
      sipp = undefined;
      assert.equal(result.code, 0, result.errors || result.output.slice(-1500));

      // The API tells the same story: events in order, the interaction, the stereo recording.
      const { call, events } = await (await supervisor.get(`/calls/${callId}`)).json();
      const types: string[] = events.map((e: { type: string }) => e.type);
      const order = [
        "call.offered",
        "call.answered",
        "queue.entered",
        "queue.offered",
        "call.connected",
        "call.ended",
      ];
      let at = -1;
      for (const type of order) {
        const next = types.indexOf(type, at + 1);
        assert.ok(
          next > at,
          `${type} after ${order[order.indexOf(type) - 1]} in ${types.join(", ")}`,
        );
        at = next;
      }
      assert.ok(call.customer_id, "the call is linked to the caller's customer");
      const timeline = await (await supervisor.get(`/customers/${call.customer_id}/interactions`))
        .json();
      const contact = (timeline.interactions ?? timeline.items ?? []).find((
        i: { call_id: string },
      ) => i.call_id === callId);
      assert.ok(contact, `an interaction for the call: ${JSON.stringify(timeline).slice(0, 500)}`);
      assert.equal(contact.disposition, "resolved", JSON.stringify(contact));
      assert.match(contact.notes, /Delivery confirmed/);

      const { recordings } = await (await supervisor.get(`/recordings?call_id=${callId}`)).json();
      const stereo = recordings.find((r: { channels: number }) => r.channels === 2);
      assert.ok(stereo, `a stereo recording: ${JSON.stringify(recordings)}`);
      const audio = new Uint8Array(
        await (await supervisor.get(`/recordings/${stereo.id}/audio`)).arrayBuffer(),
      );
      const wav = parseWav(audio);
      assert.equal(wav.channels, 2);
      const left = channelRms(wav.samples, 0, 2);
      const right = channelRms(wav.samples, 1, 2);
      assert.ok(left > 100, `caller channel has audio (rms ${left})`);
      assert.ok(right > 100, `agent channel has audio (rms ${right})`);
      assert.deepEqual(errors, []);
      await page.context().close();
    } finally {
      if (sipp) await sipp.catch(() => {});
      await browser.close();
      await live.stop();
    }
  },
});
