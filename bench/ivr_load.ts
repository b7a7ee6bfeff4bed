/**
 * IVR load: SIPp as the office PBX (the demo trunk, 127.0.0.1) calls the demo number
 * (DID 1000, the "Main menu" flow, Chinese prompts) at a steady rate, so that N callers
 * are in the appliance at once, each walking the real menu with RFC 4733 keys replayed
 * from SIPp's captures while speaking (SIPp plays its A-law speech capture between keys):
 *
 * - self-service (4 in 5 callers): the welcome, the menu, 3, the account entry prompt,
 *   12345#, the spoken case status, the "anything else" menu left to time out and the
 *   goodbye, then the appliance hangs up (about 40 s);
 * - queue (1 in 5): the welcome, the menu, 2, "please hold", and about 20 s waiting in
 *   the Support queue (no agent is ready), then the caller hangs up.
 *
 * The appliance runs as its own process, fresh for each N, with the office hours opened
 * around the clock. Calls are placed for the ramp (one call length) and a one-minute
 * window, so the appliance's one-minute pacing and event-loop lag statistics
 * (`GET /api/v1/media/stats`) cover the window under full load; CPU and RSS come from
 * /proc over the window. Afterwards every call's events (`GET /api/v1/calls/:id`) tell
 * whether it took its branch: the self-service look-up found the account, the queue
 * was entered.
 *
 * For each N: calls completed/failed (SIPp), calls per branch that took the menu key,
 * reached and finished the branch, callers in the appliance during the window, pacing
 * p50/p99/max, event-loop lag, answer → welcome delay, CPU (% of one core) and RSS per
 * call, RTP counters of the calls live at the samples and the datagrams the kernel
 * dropped at the appliance's sockets (what the appliance lost by not reading in time).
 * Target on our 2-core machine: 300 concurrent IVR calls with send pacing error p99 and
 * event-loop lag p99 under 5 ms and no packet lost by the appliance.
 *
 * `deno task bench ivr`, or run this file with `[levels] [window ms]`, e.g.
 * `deno run -A bench/ivr_load.ts 100,200 30000`; `BENCH_CPU_PROF=<dir>` writes a V8 CPU
 * profile of the appliance per level.
 */

import { type Api, type Appliance, rssKb, udpDrops } from "./_appliance_process.ts";
import {
  farEndFigures,
  type FarEndReport,
  farEndSample,
  runFarEndCalls,
  startFarEnd,
} from "./_far_end.ts";
import { DID as LOOP_DID, publishLoopFlow } from "./media_load.ts";
import {
  benchArgs,
  cpuWindow,
  keys,
  measureLevels,
  type MediaFigures,
  mediaFigures,
  type MediaStats,
  pause,
  round,
  runSippLoad,
  scenario,
  sleep,
  speech,
  SPEECH_MS,
} from "./_sipp_load.ts";

const DID = "1000";
/** Into the main menu: past the welcome (about 5 s), which keys cannot interrupt. */
const MENU_MS = 6500;
const SAMPLE_MS = 5000;

/** One way through the demo menu. */
interface Walk {
  name: "self_service" | "queue";
  /** Share of the callers. */
  share: number;
  /** Callers are `<prefix><SIPp call number>`, so each walk's calls can be told apart. */
  callerPrefix: string;
  /** The key pressed at the main menu. */
  menuKey: string;
  template: string;
  steps: string[];
  /** About how long one call lasts (measured on an idle appliance), to set the rate. */
  callMs: number;
}

const WALKS: Walk[] = [
  {
    name: "self_service",
    share: 0.8,
    callerPrefix: "+861391000",
    menuKey: "3",
    template: "ivr_caller_until_bye.xml",
    // The status (about 14 s), "anything else" (8 s) and its 4 s timeout, the goodbye (4 s).
    steps: [
      ...speech(MENU_MS),
      ...keys("3"),
      pause(1000),
      ...keys("12345#"),
      ...speech(3 * SPEECH_MS),
    ],
    callMs: 40_000,
  },
  {
    name: "queue",
    share: 0.2,
    callerPrefix: "+861392000",
    menuKey: "2",
    template: "ivr_caller.xml",
    steps: [...speech(MENU_MS), ...keys("2"), ...speech(3 * SPEECH_MS)],
    callMs: 28_500,
  },
];

interface CallEvent {
  type: string;
  at: string;
  data: Record<string, unknown>;
}

interface WalkResult {
  callers_at_once: number;
  calls: number;
  /** Calls whose menu got the walk's key. */
  took_menu_key: number;
  /** Self-service: the account was found; queue: the flow routed the call to the queue. */
  reached_branch: number;
  /** Self-service: the status was played out and the flow said goodbye; queue: queued. */
  finished_branch: number;
  /** Up to five calls that did not finish the branch: the keys each node heard. */
  missed: string[];
}

export interface IvrLoadResult {
  concurrent_calls: number;
  calls_completed: number;
  calls_failed: number;
  walks: Record<Walk["name"], WalkResult>;
  live_calls_in_window: { min: number; median: number; max: number };
  pacing_ms: MediaFigures["pacing_ms"];
  /**
   * The appliance's audio as a separate receiver saw it arrive, on a sample of the
   * callers (who stay in a menu that replays itself, answering with silence).
   */
  far_end: (FarEndReport & { sampled_calls: number }) | null;
  event_loop_lag_ms: MediaFigures["event_loop_lag_ms"];
  thread_priority: MediaFigures["thread_priority"];
  cpu_wake_latency: MediaFigures["cpu_wake_latency"];
  /** From call.answered to the welcome handed to the player. */
  answer_to_prompt_ms: { p50: number; p99: number; max: number };
  appliance_cpu_percent: number;
  cpu_percent_per_call: number;
  rss_mb: number;
  rss_kb_per_call: number;
  rtp: {
    /** Counters of the calls live at the last sample. */
    live_calls: number;
    packets_in: number;
    packets_out: number;
    /**
     * The largest sums seen at a sample, as RFC 3550 counts by sequence number. They are
     * not all loss: SIPp replays each key's capture with its recorded numbers, which jump
     * ahead between keys (412 "lost" for 3 then 12345#, until the caller speaks again and
     * its speech's own source starts afresh), and repeats each key's end packet.
     */
    lost: number;
    late: number;
    /** Datagrams the kernel dropped at the appliance's UDP sockets (its receive buffers full). */
    socket_drops: { sip: number; rtp: number };
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** Every call from callers starting with `prefix`, newest first (the list is paged by start). */
async function callsFrom(api: Api, prefix: string): Promise<{ id: string; started_at: string }[]> {
  const calls: { id: string; started_at: string }[] = [];
  for (let before = "";;) {
    const query = `/calls?limit=500&number=${encodeURIComponent(prefix)}` +
      (before ? `&before=${encodeURIComponent(before)}` : "");
    const page = (await api("GET", query) as { calls: { id: string; started_at: string }[] })
      .calls;
    calls.push(...page);
    if (page.length < 500) return calls;
    before = page.at(-1)!.started_at;
  }
}

async function eventsOf(api: Api, ids: string[]): Promise<CallEvent[][]> {
  const out: CallEvent[][] = [];
  for (let i = 0; i < ids.length; i += 8) {
    out.push(
      ...await Promise.all(
        ids.slice(i, i + 8).map(async (id) =>
          (await api("GET", `/calls/${id}`) as { events: CallEvent[] }).events
        ),
      ),
    );
  }
  return out;
}

/** What each call of a walk did, from its call events. */
function judge(
  walk: Walk,
  calls: CallEvent[][],
  delays: number[],
): Omit<WalkResult, "callers_at_once"> {
  const result = {
    calls: calls.length,
    took_menu_key: 0,
    reached_branch: 0,
    finished_branch: 0,
    missed: [] as string[],
  };
  for (const events of calls) {
    const of = (type: string) => events.filter((e) => e.type === type);
    const answered = of("call.answered")[0];
    const welcome = of("ivr.played").find((e) => e.data.node === "welcome");
    if (answered && welcome) delays.push(Date.parse(welcome.at) - Date.parse(answered.at));
    const menu = of("ivr.digits").find((e) => e.data.node === "menu");
    if (menu?.data.digits === walk.menuKey) result.took_menu_key++;
    const outcome = of("ivr.result")[0]?.data;
    if (walk.name === "self_service") {
      if (of("ivr.self_service").some((e) => e.data.found === true)) result.reached_branch++;
      if (outcome?.self_served === true) result.finished_branch++;
    } else {
      const route = outcome?.route as { type?: string } | undefined;
      if (route?.type === "queue") result.reached_branch++;
      if (of("queue.entered").length > 0) result.finished_branch++;
    }
    if (outcome?.route === undefined || result.missed.length >= 5) continue;
    if (walk.name === "self_service" ? outcome.self_served : of("queue.entered").length) continue;
    // What the flow heard, for calls that did not get where they were going.
    const heard = of("ivr.digits").map((e) => `${e.data.node}:${e.data.digits}(${e.data.reason})`);
    result.missed.push(heard.join(" ") || "no keys");
  }
  return result;
}

async function openAllHours(api: Api): Promise<void> {
  const hours = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
    weekday,
    opens: "00:00",
    closes: "24:00",
  }));
  await api("PUT", "/ivr/schedules/office", { hours, holidays: [] });
}

async function runLevel(
  app: Appliance,
  api: Api,
  callers: number,
  windowMs: number,
): Promise<IvrLoadResult> {
  const pid = app.child.pid;
  const rampMs = Math.max(...WALKS.map((w) => w.callMs)) + 2000;
  const rssBefore = rssKb(pid);
  const sampled = farEndSample(callers);
  const farEnd = await startFarEnd(rampMs, windowMs);
  const sampledSipp = runFarEndCalls({
    app,
    farEnd,
    service: LOOP_DID,
    calls: sampled,
    rate: Math.max(1, Math.ceil(sampled / (rampMs / 4000))),
    holdMs: rampMs + windowMs + 2000,
    timeoutS: Math.ceil((rampMs + windowMs) / 1000) + 60,
  });
  const plans = WALKS.map((walk) => {
    // The sampled callers take the place of some of the self-service ones.
    const atOnce = Math.round(callers * walk.share) -
      (walk.name === "self_service" ? sampled : 0);
    // New calls per minute for `atOnce` calls open at once, a little over so the limit holds it.
    const perMinute = Math.ceil((atOnce * 60_000 * 1.05) / walk.callMs);
    const calls = Math.ceil((perMinute * (rampMs + windowMs)) / 60_000);
    const xml = scenario(walk.template, {
      caller: `${walk.callerPrefix}[call_number]`,
      steps: walk.steps.join("\n  "),
      bye_timeout_ms: "60000",
    });
    const sipp = runSippLoad({
      xml,
      app,
      service: DID,
      calls,
      rate: perMinute,
      periodMs: 60_000,
      limit: atOnce,
      timeoutS: Math.ceil((rampMs + windowMs + walk.callMs) / 1000) + 60,
    });
    return { walk, atOnce, sipp };
  });
  await sleep(rampMs);
  const cpu = cpuWindow(pid);
  const samples: MediaStats[] = [];
  const drops = new Map<string, { port: number; drops: number }>();
  for (let at = 0; at < windowMs; at += SAMPLE_MS) {
    await sleep(Math.min(SAMPLE_MS, windowMs - at));
    samples.push(await api("GET", "/media/stats") as MediaStats);
    for (const [socket, now] of udpDrops(pid)) {
      if (now.drops >= (drops.get(socket)?.drops ?? 0)) drops.set(socket, now);
    }
  }
  const cpuPercent = cpu.percent();
  const rssLoaded = rssKb(pid);
  const last = samples.at(-1)!;
  const counts = await Promise.all([...plans.map((p) => p.sipp), sampledSipp]);
  const farEndReport = await farEnd.report;
  const delays: number[] = [];
  const walks = {} as Record<Walk["name"], WalkResult>;
  for (const { walk, atOnce } of plans) {
    const calls = await callsFrom(api, walk.callerPrefix);
    const events = await eventsOf(api, calls.map((c) => c.id));
    walks[walk.name] = { callers_at_once: atOnce, ...judge(walk, events, delays) };
  }
  delays.sort((a, b) => a - b);
  const live = samples.map((s) => s.live_calls).sort((a, b) => a - b);
  const perCall = Math.max(1, last.live_calls);
  return {
    concurrent_calls: callers,
    calls_completed: counts.reduce((n, c) => n + c.successful, 0),
    calls_failed: counts.reduce((n, c) => n + c.failed, 0),
    walks,
    live_calls_in_window: { min: live[0], median: percentile(live, 0.5), max: live.at(-1)! },
    ...mediaFigures(last),
    far_end: farEndFigures(farEndReport, sampled),
    answer_to_prompt_ms: {
      p50: percentile(delays, 0.5),
      p99: percentile(delays, 0.99),
      max: delays.at(-1) ?? NaN,
    },
    appliance_cpu_percent: round(cpuPercent, 1),
    cpu_percent_per_call: round(cpuPercent / perCall, 3),
    rss_mb: round(rssLoaded / 1024, 1),
    rss_kb_per_call: round((rssLoaded - rssBefore) / perCall, 1),
    rtp: {
      live_calls: last.rtp.calls,
      packets_in: last.rtp.packets_in,
      packets_out: last.rtp.packets_out,
      lost: Math.max(...samples.map((s) => s.rtp.lost)),
      late: Math.max(...samples.map((s) => s.rtp.late)),
      socket_drops: {
        sip: sum([...drops.values()].filter((s) => s.port === app.sipPort).map((s) => s.drops)),
        rtp: sum([...drops.values()].filter((s) => s.port !== app.sipPort).map((s) => s.drops)),
      },
    },
  };
}

/** Every level in turn, each on a fresh appliance. */
export async function benchIvrLoad(levels = [100, 200, 300], windowMs = 60_000) {
  const measure = (app: Appliance, api: Api, n: number) => runLevel(app, api, n, windowMs);
  const prepare = async (api: Api) => {
    await openAllHours(api);
    await publishLoopFlow(api);
  };
  const results = await measureLevels("ivr load", levels, prepare, measure);
  const target = {
    concurrent_ivr_calls: 300,
    pacing_p99_ms: 5,
    event_loop_lag_p99_ms: 5,
    rtp_lost: 0,
    far_end_deviation_p99_ms: 1,
  };
  return { window_ms: windowMs, results, target };
}

if (import.meta.main) {
  console.log(JSON.stringify(await benchIvrLoad(...benchArgs(Deno.args)), null, 2));
}
