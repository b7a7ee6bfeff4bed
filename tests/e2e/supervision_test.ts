import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { ARTIFACTS, launchChromium } from "../support/browser.ts";
import { AudioTap, medianTone, speechLevel, toneWav } from "../support/audio_tap.ts";
import {
  browserPackets,
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
const SUPERVISOR_EXTENSION = "1090";
/** Each browser's microphone is a tone of its own, so each side can be told apart. */
const AGENT_HZ = 600;
const SUPERVISOR_HZ = 1400;
/** A tone that reaches a leg keeps its median level well above this; one that does not, below. */
const HEARD = 1500;
const NOT_HEARD = 400;

/** The raw microphone: no echo cancelling, noise suppression or gain control on the tones. */
const RAW_MICROPHONE = `
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = (constraints = {}) => {
    if (!constraints.audio) return original(constraints);
    const audio = typeof constraints.audio === "object" ? constraints.audio : {};
    return original({
      ...constraints,
      audio: { ...audio, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    });
  };
`;

async function openPage(browser: Browser) {
  const errors: string[] = [];
  const page = await openDeskPage(browser, errors, { initScripts: [RAW_MICROPHONE] });
  return { page, errors };
}

async function signInSupervisor(page: Page, base: string) {
  await page.goto(`${base}/supervisor`);
  await page.fill('input[name="username"]', "super1");
  await page.fill('input[name="password"]', LIVE_DEMO_PASSWORD);
  await page.click('button[type="submit"]');
  await page.locator('[data-testid="sip-status"][data-state="registered"]').waitFor({
    timeout: 15_000,
  });
}

const settle = (ms = 1200) => new Promise((r) => setTimeout(r, ms));

Deno.test({
  name:
    "a supervisor listens to both sides, whispers to the agent alone, barges in and takes the caller over from the browser",
  ignore: !hasPeer("chromium") || !hasPeer("sipp"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance({ logLevel: "warn" });
    const tones = await Deno.makeTempDir({ prefix: "cc-tones-" });
    await Deno.writeFile(`${tones}/agent.wav`, toneWav(AGENT_HZ));
    await Deno.writeFile(`${tones}/supervisor.wav`, toneWav(SUPERVISOR_HZ));
    const agentBrowser = await launchChromium([
      `--use-file-for-fake-audio-capture=${tones}/agent.wav`,
    ]);
    const supervisorBrowser = await launchChromium([
      `--use-file-for-fake-audio-capture=${tones}/supervisor.wav`,
    ]);
    let sipp: Promise<SippResult> | undefined;
    try {
      await openAllHours(live);
      const base = `http://127.0.0.1:${live.httpPort}`;
      const users = live.appliance.parts.users;
      const superId = users.byUsername("super1")!.id;
      const agentId = users.byUsername("agent3")!.id;
      const admin = await live.api("admin");
      const given = await admin.send("PATCH", `/users/${superId}`, {
        extension: SUPERVISOR_EXTENSION,
      });
      assert.equal(given.status, 200, await given.text());

      const agent = await openPage(agentBrowser);
      await signInAgent(agent.page, base, "agent3", LIVE_DEMO_PASSWORD);
      await goReadyInPage(agent.page);
      const supervisor = await openPage(supervisorBrowser);
      await signInSupervisor(supervisor.page, base);
      // This center tells agents when they are monitored (a center setting, off by default).
      await supervisor.page.locator('[data-testid="settings-panel"] summary').click();
      const tellAgents = supervisor.page.locator('[data-testid="agents-see-monitoring"]');
      await tellAgents.and(supervisor.page.locator(":enabled")).waitFor();
      assert.equal(await tellAgents.isChecked(), false, "silent monitoring by default");
      await tellAgents.check();
      await until("the setting to be saved", async () => {
        const { settings } = await (await (await live.api("super1")).get("/supervision/settings"))
          .json();
        return settings.agents_see_monitoring === true;
      });
      await supervisor.page.locator('[data-testid="settings-panel"] summary').click();
      const monitoredNotice = (mode: string) =>
        agent.page.locator(`[data-testid="monitored-notice"][data-mode="${mode}"]`).waitFor({
          timeout: 10_000,
        });

      sipp = runSipp({
        scenario: "desk_caller.xml",
        fill: { caller: CALLER, digit: "2", menu_after_ms: "7000" },
        target: `127.0.0.1:${live.sipPort}`,
        service: "1000",
        timeoutS: 150,
      });
      await agent.page.locator('[data-testid="incoming-call"]').waitFor({ timeout: 30_000 });
      await agent.page.click('[data-testid="answer"]');
      await agent.page.locator('[data-testid="active-call"]').waitFor({ timeout: 15_000 });
      const api = await live.api("super1");
      const callId = await until("the live call", async () => {
        const { calls } = await (await api.get("/calls?state=live")).json();
        return calls[0]?.id as string | undefined;
      });

      // The supervisor sees the call at agent3 on the agents board.
      const row = supervisor.page.locator('[data-testid="agent-row"][data-agent="agent3"]');
      await row.locator(`[data-testid="monitor-listen"][data-call="${callId}"]`).waitFor({
        timeout: 15_000,
      });
      await supervisor.page.screenshot({ path: `${ARTIFACTS}/supervision_board.png` });

      const call = live.appliance.parts.calls.get(callId)!;
      const callerTap = new AudioTap(call.media!.endpoint);
      const agentLeg = call.party(`agent:${agentId}`)!.media;
      const agentTap = new AudioTap(agentLeg);
      // The browser's audio starts once ICE and DTLS are through, which on a busy machine
      // can come well after the answer; what follows measures who hears whom, from then on.
      await until(
        "the agent's audio to reach the appliance",
        () => agentLeg.counters.packetsIn > 25,
      );
      const panel = supervisor.page.locator('[data-testid="monitor-panel"]');

      // Listen: both sides reach the supervisor; nobody hears the supervisor.
      await row.locator('[data-testid="monitor-listen"]').click();
      await panel.and(supervisor.page.locator('[data-state="joined"]')).waitFor({
        timeout: 15_000,
      });
      const supervisorLeg = call.party(`supervisor:${superId}`)!.media;
      const supervisorTap = new AudioTap(supervisorLeg);
      await monitoredNotice("listen");
      const measure = async () => {
        const [caller, agentHears, supervisorHears] = await Promise.all([
          callerTap.record(2000),
          agentTap.record(2000),
          supervisorTap.record(2000),
        ]);
        return { caller, agent: agentHears, supervisor: supervisorHears };
      };
      const packetsBefore = (await browserPackets(supervisor.page)).received;
      await settle();
      let heard = await measure();
      assert.ok(
        heard.supervisor.length > 50,
        `the supervisor is sent audio (${heard.supervisor.length} frames)`,
      );
      const agentHeard = medianTone(heard.supervisor, AGENT_HZ);
      const callerSent = medianTone(heard.caller, AGENT_HZ);
      assert.ok(
        agentHeard > HEARD,
        `the supervisor hears the agent (${agentHeard}; the caller is sent it at ${callerSent}; ` +
          `the agent's leg: ${JSON.stringify(agentLeg.counters)})`,
      );
      assert.ok(
        speechLevel(heard.supervisor, [AGENT_HZ, SUPERVISOR_HZ]) > 300,
        `the supervisor hears the caller (${
          speechLevel(heard.supervisor, [AGENT_HZ, SUPERVISOR_HZ])
        })`,
      );
      assert.ok(
        medianTone(heard.caller, SUPERVISOR_HZ) < NOT_HEARD,
        "the caller does not hear a listener",
      );
      // The control: what the caller is sent (the agent's tone alone) has no speech in it.
      assert.ok(
        speechLevel(heard.caller, [AGENT_HZ, SUPERVISOR_HZ]) < 150,
        `no speech is measured where there is none (${
          speechLevel(heard.caller, [AGENT_HZ, SUPERVISOR_HZ])
        })`,
      );
      assert.ok(
        medianTone(heard.agent, SUPERVISOR_HZ) < NOT_HEARD,
        "the agent does not hear a listener",
      );
      assert.ok(
        (await browserPackets(supervisor.page)).received - packetsBefore > 100,
        "the supervisor's browser receives the call's packets",
      );
      await supervisor.page.screenshot({ path: `${ARTIFACTS}/supervision_listening.png` });

      // Whisper: the agent hears the supervisor, the caller does not.
      await until(
        "the supervisor's audio to reach the appliance",
        () => supervisorLeg.counters.packetsIn > 25,
      );
      await row.locator('[data-testid="monitor-whisper"]').click();
      await panel.and(supervisor.page.locator('[data-mode="whisper"]')).waitFor();
      await monitoredNotice("whisper");
      await settle();
      heard = await measure();
      assert.ok(
        medianTone(heard.agent, SUPERVISOR_HZ) > HEARD,
        `the agent hears the whisper (${medianTone(heard.agent, SUPERVISOR_HZ)})`,
      );
      assert.ok(
        medianTone(heard.caller, SUPERVISOR_HZ) < NOT_HEARD,
        `the caller does not hear the whisper (${medianTone(heard.caller, SUPERVISOR_HZ)})`,
      );
      assert.ok(medianTone(heard.caller, AGENT_HZ) > HEARD, "the caller still hears the agent");

      // Barge: the caller hears the supervisor too.
      await row.locator('[data-testid="monitor-barge"]').click();
      await panel.and(supervisor.page.locator('[data-mode="barge"]')).waitFor();
      await monitoredNotice("barge");
      await settle();
      heard = await measure();
      assert.ok(
        medianTone(heard.caller, SUPERVISOR_HZ) > HEARD,
        `the caller hears the barge (${medianTone(heard.caller, SUPERVISOR_HZ)})`,
      );
      assert.ok(medianTone(heard.agent, SUPERVISOR_HZ) > HEARD, "so does the agent");

      // Take over: the agent's leg ends and they wrap up; caller and supervisor talk.
      await row.locator('[data-testid="monitor-take-over"]').click();
      await panel.and(supervisor.page.locator('[data-state="taken_over"]')).waitFor();
      await agent.page.locator('[data-testid="agent-state"][data-state="wrap_up"]').waitFor({
        timeout: 10_000,
      });
      assert.equal(call.party(`agent:${agentId}`), undefined, "the agent's party has left");
      await agent.page.locator('[data-testid="monitored-notice"]').waitFor({
        state: "detached",
        timeout: 10_000,
      });
      await settle();
      const callerIn = call.media!.endpoint.counters.packetsIn;
      const [caller, supervisorHears] = await Promise.all([
        callerTap.record(2000),
        supervisorTap.record(2000),
      ]);
      assert.ok(medianTone(caller, SUPERVISOR_HZ) > HEARD, "the caller hears the supervisor");
      assert.ok(medianTone(caller, AGENT_HZ) < NOT_HEARD, "and no longer the agent");
      assert.ok(
        speechLevel(supervisorHears, [AGENT_HZ, SUPERVISOR_HZ]) > 300,
        "the supervisor hears the caller",
      );
      await settle(1000);
      const callerTalked = call.media!.endpoint.counters.packetsIn - callerIn;
      assert.ok(callerTalked > 75, `the caller still talks (${callerTalked} packets in 3 s)`);
      await supervisor.page.screenshot({ path: `${ARTIFACTS}/supervision_taken_over.png` });

      // The supervisor hangs up: the call ends for the caller.
      await supervisor.page.click('[data-testid="monitor-stop"]');
      const result = await sipp;
      sipp = undefined;
      assert.equal(result.code, 0, result.errors || result.output.slice(-1500));

      const { call: row1, events } = await (await api.get(`/calls/${callId}`)).json();
      assert.equal(row1.end_cause, "supervisor_hangup");
      const monitorEvents = events
        .filter((e: { type: string }) => e.type.startsWith("monitor."))
        .map((e: { type: string; data: { mode?: string } }) =>
          e.data.mode ? `${e.type}:${e.data.mode}` : e.type
        );
      assert.deepEqual(monitorEvents, [
        "monitor.started:listen",
        "monitor.mode:whisper",
        "monitor.mode:barge",
        "monitor.take_over",
        "monitor.ended",
      ]);
      assert.deepEqual(agent.errors, []);
      assert.deepEqual(supervisor.errors, []);
    } catch (error) {
      await Promise.all(
        [...agentBrowser.contexts(), ...supervisorBrowser.contexts()].flatMap((c) => c.pages())
          .map((p, i) => p.screenshot({ path: `${ARTIFACTS}/supervision_failed_${i}.png` })),
      ).catch(() => {});
      console.error(live.logs.slice(-40).join("\n"));
      throw error;
    } finally {
      if (sipp) {
        live.appliance.parts.calls.live.forEach((c) => live.appliance.parts.calls.hangup(c.id));
      }
      if (sipp) await sipp.catch(() => {});
      await agentBrowser.close();
      await supervisorBrowser.close();
      await live.stop();
      await Deno.remove(tones, { recursive: true });
    }
  },
});
