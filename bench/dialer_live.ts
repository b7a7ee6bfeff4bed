/**
 * The campaign dialler live: the appliance runs in this process with the demo center plus
 * two more agents; ten agents' SIPp desk phones answer whatever rings them, and one SIPp
 * behind a trunk plays the contacts' phones (some busy, some never answered, the rest
 * answering after 1 to 6 s and talking 3 to 8 s). A predictive campaign over `contacts`
 * numbers runs until every number was rung. Reported: the outcomes, calls placed per
 * minute, the most lines out at once, the abandon rate against the cap, how busy the
 * agents' phones were, and the event loop's lag while it ran (the appliance shares the
 * loop, so lag is what delays its RTP pacing).
 *
 * The campaign rings customers first (docs/decisions/039): an answered customer is joined
 * by a free agent, whose SIPp phone answers at once, or after 2 s without one hears the
 * abandon message and counts against the cap; lines beyond the free agents are bounded so
 * that the day's abandon rate cannot pass the cap.
 *
 * Run alone: `deno run -A bench/dialer_live.ts [contacts]`.
 */
import { goReady } from "../tests/support/acd_line.ts";
import { LIVE_DEMO_PASSWORD, startLiveAppliance } from "../tests/support/live_appliance.ts";
import { type SippPhone, startPhone } from "../tests/support/sipp_phones.ts";
import { freeUdpPort, runSipp } from "../tests/support/sipp.ts";
import { addCarrierTrunk } from "../tests/support/carrier_trunk.ts";
import type { MediaStats } from "./_sipp_load.ts";

const AGENTS = 10;
const BUSY_PCT = 15;
const SILENT_PCT = 15;

export interface DialerLiveResult {
  agents: number;
  contacts: number;
  seconds: number;
  calls_per_minute: number;
  outcomes: Record<string, number>;
  max_lines: number;
  abandon_rate: number;
  abandon_cap: number;
  agent_talk_share: number;
  loop_lag_ms: { p50: number; p99: number; max: number };
  /**
   * The appliance's send pacing p99 (`/media/stats`, a minute's window), read every ten
   * seconds while calls were up: the median and the worst of those readings.
   */
  send_pacing_p99_ms: { median: number; worst: number; readings: number };
  sipp_contacts: { successful: number; failed: number; stopped_early: boolean };
  /** RTP pairs still held once every call had ended (a leak when above 0). */
  rtp_pairs_left_in_use: number;
  met: boolean;
}

function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const round = (x: number) => Math.round(x * 100) / 100;
  return { p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1]) };
}

export async function benchDialerLive(contacts = 200): Promise<DialerLiveResult> {
  const live = await startLiveAppliance({ logLevel: "warn" });
  const phones: SippPhone[] = [];
  try {
    const admin = await live.api("admin");
    for (const n of [9, 10]) {
      const created = await admin.send("POST", "/users", {
        username: `agent${n}`,
        role: "agent",
        password: LIVE_DEMO_PASSWORD,
        sip_password: LIVE_DEMO_PASSWORD,
        extension: String(1000 + n),
      });
      if (created.status !== 201) throw new Error(`Adding agent${n}: ${await created.text()}`);
    }
    const users = (await (await admin.get("/users")).json()).users as {
      id: number;
      username: string;
      extension: string | null;
    }[];
    const agents = users.filter((u) => /^agent\d+$/.test(u.username)).slice(0, AGENTS);
    const queue = await admin.send("POST", "/queues", {
      name: "Outbound",
      members: agents.map((a) => ({ user_id: a.id })),
      options: { wrap_up_s: 0 },
    });
    const queueText = await queue.text();
    if (queue.status !== 201) throw new Error(`Adding the queue: ${queueText}`);
    const queueId = JSON.parse(queueText).queue.id as number;
    for (const a of agents) {
      phones.push(
        await startPhone({
          target: `127.0.0.1:${live.sipPort}`,
          extension: a.extension!,
          password: LIVE_DEMO_PASSWORD,
          scenario: "agent_uas.xml",
          fill: { ring_ms: "300", after_answer: "" },
          calls: contacts,
          timeoutS: 1800,
        }),
      );
      await goReady(live, a.username, a.id);
    }

    console.error(`dialer_live: ${agents.length} agents ready`);
    const pbxPort = await freeUdpPort();
    // A contact that never reached SIPp (a call that failed on our side) would leave it
    // waiting for its last call: once the campaign has rung everyone, it is stopped.
    const stopContacts = new AbortController();
    let sippStoppedEarly = false;
    const phonesBehindTrunk = runSipp({
      signal: stopContacts.signal,
      scenario: "dialer_load_contacts.xml",
      fill: {
        busy_pct: String(BUSY_PCT),
        answer_below: String(100 - SILENT_PCT),
        no_answer_ms: "8000",
        talk_min_ms: "3000",
        talk_max_ms: "8000",
      },
      target: `127.0.0.1:${live.sipPort}`,
      localPort: pbxPort,
      calls: contacts,
      rate: 100,
      timeoutS: 1800,
    });
    let sippDone = false;
    void phonesBehindTrunk.finally(() => sippDone = true);
    const trunkId = await addCarrierTrunk(admin, pbxPort);
    const supervisor = await live.api("super1");
    const created = await supervisor.send("POST", "/campaigns", {
      name: "Load",
      mode: "predictive",
      queue_id: queueId,
      trunk_id: trunkId,
      caller_id: "4008007777",
      options: {
        hours: { start: "00:00", end: "23:59", days: [1, 2, 3, 4, 5, 6, 7] },
        retries: {
          busy: { times: 0, after_s: 60 },
          no_answer: { times: 0, after_s: 60 },
          failed: { times: 0, after_s: 60 },
        },
      },
    });
    const createdText = await created.text();
    if (created.status !== 201) throw new Error(`Adding the campaign: ${createdText}`);
    const campaignId = JSON.parse(createdText).campaign.id as number;
    const rows = Array.from({ length: contacts }, (_, i) => ({
      number: `+86139${String(i).padStart(8, "0")}`,
      time_zone: "Asia/Shanghai",
    }));
    const loaded = await supervisor.send("POST", `/campaigns/${campaignId}/contacts`, {
      contacts: rows,
    });
    const loadedText = await loaded.text();
    if (JSON.parse(loadedText).added !== contacts) throw new Error(`Loading: ${loadedText}`);

    // RTP pairs held by calls: the pool's pairs in use less the idle ones bound ahead.
    const reserve = live.appliance.parts.rtpReserve;
    const pairsOnCalls = () => reserve.ports.inUse - reserve.ready;
    // The loop's lag: a 10 ms timer's lateness, all run long.
    const lags: number[] = [];
    let expected = performance.now() + 10;
    const ticker = setInterval(() => {
      const now = performance.now();
      lags.push(Math.max(0, now - expected));
      expected = now + 10;
    }, 10);
    let maxLines = 0;
    let board: Record<string, unknown> = {};
    let busySamples = 0;
    let samples = 0;
    let running = true;
    let idleSince: number | undefined;
    const pacingP99s: number[] = [];
    const watch = (async () => {
      while (running) {
        board = await (await supervisor.get(`/campaigns/${campaignId}/board`)).json();
        maxLines = Math.max(maxLines, board.lines as number);
        if (board.contacts_left === 0 && board.lines === 0 && !sippDone) {
          idleSince ??= performance.now();
          if (performance.now() - idleSince > 10_000) {
            sippStoppedEarly = true;
            stopContacts.abort();
          }
        } else idleSince = undefined;
        const { calls } = await (await supervisor.get("/calls?state=live")).json();
        busySamples += (calls as { state: string }[]).filter((c) => c.state === "connected")
          .length;
        samples++;
        if (samples % 10 === 0 && (calls as unknown[]).length > 0) {
          const stats = await (await admin.get("/media/stats")).json() as MediaStats;
          pacingP99s.push(stats.pacing.p99Ms);
        }
        if (samples % 10 === 0) {
          const progress = JSON.stringify(board.outcomes_today);
          console.error(
            `dialer_live: ${progress}, ${board.lines} lines out, ${calls.length} live calls, ` +
              `${pairsOnCalls()} RTP pairs on calls`,
          );
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
    })();

    const t0 = performance.now();
    console.error("dialer_live: campaign running");
    await supervisor.send("POST", `/campaigns/${campaignId}/state`, { state: "running" });
    const result = await phonesBehindTrunk;
    const seconds = (performance.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 2000)); // the last outcomes are written
    running = false;
    await watch;
    clearInterval(ticker);
    board = await (await supervisor.get(`/campaigns/${campaignId}/board`)).json();
    const outcomes = board.outcomes_today as Record<string, number>;
    const lag = percentiles(lags);
    const abandonRate = board.abandon_rate as number;
    const abandonCap = board.abandon_cap as number;
    const rung = Object.values(outcomes).reduce((a, b) => a + b, 0);
    // Every call has ended: whatever pair is still held was lost by a call.
    const pairsLeft = pairsOnCalls();
    return {
      agents: agents.length,
      contacts,
      seconds: Math.round(seconds),
      calls_per_minute: Math.round((rung / seconds) * 60 * 10) / 10,
      outcomes,
      max_lines: maxLines,
      abandon_rate: abandonRate,
      abandon_cap: abandonCap,
      agent_talk_share: Math.round((busySamples / Math.max(1, samples) / agents.length) * 100) /
        100,
      loop_lag_ms: lag,
      send_pacing_p99_ms: {
        median: percentiles(pacingP99s.length ? pacingP99s : [NaN]).p50,
        worst: Math.max(...pacingP99s),
        readings: pacingP99s.length,
      },
      sipp_contacts: {
        successful: result.successful,
        failed: result.failed,
        stopped_early: sippStoppedEarly,
      },
      rtp_pairs_left_in_use: pairsLeft,
      // The media target of the other voice benchmarks: send pacing p99 under 5 ms.
      met: abandonRate <= abandonCap && lag.p99 < 20 && rung === contacts &&
        (outcomes.failed ?? 0) === 0 && pairsLeft === 0 &&
        pacingP99s.length > 0 && percentiles(pacingP99s).p50 < 5,
    };
  } finally {
    for (const p of phones) await p.stop();
    await live.stop();
  }
}

if (import.meta.main) {
  console.log(JSON.stringify(await benchDialerLive(Number(Deno.args[0] ?? 200)), null, 2));
  Deno.exit(0);
}
