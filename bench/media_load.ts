/**
 * Media load: SIPp as the PBX holds N concurrent calls on an IVR flow that keeps
 * playing a long prompt (the Chinese main menu, replayed by a menu that times out into
 * itself) while every call is recorded and SIPp plays its A-law speech capture at the
 * appliance. The appliance runs as its own process; its media clock pacing error and
 * event-loop lag come from `GET /api/v1/media/stats`, CPU and memory from /proc.
 *
 * For each N: calls completed, pacing error p50/p99/max over the last minute, event-loop
 * lag p99, CPU (% of one core) and RSS per call, RTP packets lost on receive. Target on
 * our 2-core machine: 300 concurrent recorded RTP calls with pacing p99 under 5 ms.
 *
 * `deno task bench media`, or run this file; `BENCH_CPU_PROF=<dir>` writes a V8 CPU
 * profile of the appliance per run, and `BENCH_V8_FLAGS` passes V8 flags to it (`--trace-gc`).
 */

import { type Api, type Appliance, memoryKb } from "./_appliance_process.ts";
import {
  farEndFigures,
  type FarEndReport,
  farEndSample,
  runFarEndCalls,
  startFarEnd,
} from "./_far_end.ts";
import {
  benchArgs,
  cpuWindow,
  measureLevels,
  type MediaFigures,
  mediaFigures,
  type MediaStats,
  round,
  runSippLoad,
  scenario,
  sleep,
  speech,
} from "./_sipp_load.ts";

/** The number {@link publishLoopFlow} routes to its flow. */
export const DID = "7000";

export interface MediaLoadResult {
  concurrent_calls: number;
  calls_completed: number;
  calls_failed: number;
  pacing_ms: MediaFigures["pacing_ms"];
  /**
   * The same audio as a separate receiver saw it arrive, on a sample of the calls: the
   * figure a caller hears (`pacing_ms` is the appliance's own view of its sending).
   */
  far_end: (FarEndReport & { sampled_calls: number }) | null;
  event_loop_lag_ms: MediaFigures["event_loop_lag_ms"];
  thread_priority: MediaFigures["thread_priority"];
  cpu_wake_latency: MediaFigures["cpu_wake_latency"];
  appliance_cpu_percent: number;
  cpu_percent_per_call: number;
  rss_mb: number;
  /** Proportional set size under load: the binary's pages shared with other processes count by their share. */
  pss_mb: number;
  /** RSS and PSS with the flow published and no call up, just before the calls are placed. */
  idle_rss_mb: number;
  idle_pss_mb: number;
  rss_kb_per_call: number;
  rtp: { live_calls: number; packets_in: number; packets_out: number; lost: number; late: number };
  recordings: number;
  /** Messages and datagrams crossing to and from the socket thread, per second. */
  socket_thread_per_s: Record<string, number> | null;
}

function ratesOver(
  before: Record<string, number> | null | undefined,
  after: Record<string, number> | null | undefined,
  seconds: number,
): Record<string, number> | null {
  if (!before || !after) return null;
  return Object.fromEntries(
    Object.keys(after).map((k) => [k, round((after[k] - (before[k] ?? 0)) / seconds, 1)]),
  );
}

/** A flow that never stops talking: the main menu, again and again, until the caller leaves. */
export async function publishLoopFlow(api: Api): Promise<void> {
  const definition = {
    format: 1,
    name: "Bench loop",
    timezone: "Asia/Shanghai",
    language: "zh-CN",
    start: "menu",
    fallback: "menu",
    nodes: {
      menu: {
        type: "menu",
        play: ["main_menu"],
        timeout_s: 1,
        retries: 9,
        exits: { "1": "menu", invalid: "menu", timeout: "menu" },
      },
    },
  };
  const created = await api("POST", "/ivr/flows", { name: "Bench loop", definition }) as {
    flow: { id: number };
  };
  await api("POST", `/ivr/flows/${created.flow.id}/publish`);
  await api("POST", "/numbers", {
    number: DID,
    target_type: "ivr",
    target_id: created.flow.id,
    ring_s: 0,
  });
}

/** How many calls SIPp places a second. */
const RATE = 50;

/** How long placing `calls` takes at the benchmark's rate. */
export function callRampMs(calls: number): number {
  return (calls / RATE) * 1000;
}

/** Options for {@link startRecordedCalls}. */
export interface RecordedCallsOptions {
  calls: number;
  /** How long each call lasts once answered. */
  holdMs: number;
  /** The far end's measurement window, counted from now. */
  farEndFromMs: number;
  farEndForMs: number;
}

/** What SIPp and the far end saw once every call is over. */
export interface RecordedCallsOutcome {
  completed: number;
  failed: number;
  /** Calls whose audio went to the far-end receiver. */
  sampled: number;
  farEnd: FarEndReport | null;
}

/**
 * Places `calls` IVR calls at the loop flow's number ({@link publishLoopFlow} must have
 * run): most from a SIPp that speaks for the whole hold, a sample ({@link farEndSample})
 * from a silent SIPp whose media address is the far-end receiver. Resolves once the calls
 * are being placed; `finished` resolves once every call is over.
 */
export async function startRecordedCalls(
  app: Appliance,
  options: RecordedCallsOptions,
): Promise<{ finished: Promise<RecordedCallsOutcome> }> {
  const { calls, holdMs } = options;
  const sampled = farEndSample(calls);
  const farEnd = await startFarEnd(options.farEndFromMs, options.farEndForMs);
  const timeoutS = Math.ceil(holdMs / 1000) + 60;
  // The IVR caller scenario with speech played for the whole hold.
  const sipp = runSippLoad({
    xml: scenario("ivr_caller.xml", {
      caller: "+8613700000000",
      steps: speech(holdMs).join("\n  "),
    }),
    app,
    service: DID,
    calls: calls - sampled,
    rate: RATE,
    limit: calls - sampled,
    timeoutS,
  });
  const sampledSipp = runFarEndCalls({
    app,
    farEnd,
    service: DID,
    calls: sampled,
    rate: Math.max(1, Math.ceil((sampled * RATE) / calls)),
    holdMs,
    timeoutS,
  });
  const finished = Promise.all([sipp, sampledSipp, farEnd.report]).then(
    ([counts, sampledCounts, report]) => ({
      completed: counts.successful + sampledCounts.successful,
      failed: counts.failed + sampledCounts.failed,
      sampled,
      farEnd: report,
    }),
  );
  return { finished };
}

/** The voice figures every media benchmark reports, from the last `/media/stats` and the calls' outcome. */
export function voiceFigures(stats: MediaStats, outcome: RecordedCallsOutcome) {
  return {
    calls_completed: outcome.completed,
    calls_failed: outcome.failed,
    ...mediaFigures(stats),
    far_end: farEndFigures(outcome.farEnd, outcome.sampled),
    rtp: {
      live_calls: stats.rtp.calls,
      packets_in: stats.rtp.packets_in,
      packets_out: stats.rtp.packets_out,
      lost: stats.rtp.lost,
      late: stats.rtp.late,
    },
  };
}

/** The media targets (the README's Measured table: p99 under 5 ms; the far end within 1 ms). */
export const MEDIA_TARGETS = {
  concurrent_recorded_calls: 300,
  pacing_p99_ms: 5,
  event_loop_lag_p99_ms: 5,
  far_end_deviation_p99_ms: 1,
};

async function runLevel(
  app: Appliance,
  api: Api,
  calls: number,
  holdMs: number,
): Promise<MediaLoadResult> {
  const idle = memoryKb(app.child.pid);
  // Measure once every call is up and the stats windows (one minute) are mostly under load.
  const rampMs = callRampMs(calls);
  const settle = Math.max(rampMs + 2000, holdMs - 6000);
  const { finished } = await startRecordedCalls(app, {
    calls,
    holdMs,
    farEndFromMs: rampMs + 2000,
    farEndForMs: settle - rampMs - 2000,
  });
  await sleep(rampMs + 2000);
  const cpu = cpuWindow(app.child.pid);
  const windowStart = performance.now();
  const before = await api("GET", "/media/stats") as MediaStats;
  await sleep(settle - rampMs - 2000);
  const cpuPercent = cpu.percent();
  const loaded = memoryKb(app.child.pid);
  const stats = await api("GET", "/media/stats") as MediaStats;
  const windowS = (performance.now() - windowStart) / 1000;
  const outcome = await finished;
  const recordings = await api("GET", "/recordings?limit=1000") as { recordings: unknown[] };
  const live = stats.rtp.calls;
  const voice = voiceFigures(stats, outcome);
  return {
    concurrent_calls: calls,
    ...voice,
    appliance_cpu_percent: round(cpuPercent, 1),
    cpu_percent_per_call: round(cpuPercent / Math.max(1, live), 3),
    rss_mb: round(loaded.rss / 1024, 1),
    pss_mb: round(loaded.pss / 1024, 1),
    idle_rss_mb: round(idle.rss / 1024, 1),
    idle_pss_mb: round(idle.pss / 1024, 1),
    rss_kb_per_call: round((loaded.rss - idle.rss) / Math.max(1, live), 1),
    recordings: recordings.recordings.length,
    socket_thread_per_s: ratesOver(before.socket_thread, stats.socket_thread, windowS),
  };
}

export async function benchMediaLoad(
  levels = [100, 200, 300],
  holdMs = 60000,
): Promise<{ hold_ms: number; results: MediaLoadResult[]; target: Record<string, number> }> {
  return {
    hold_ms: holdMs,
    results: await measureLevels(
      "media load",
      levels,
      publishLoopFlow,
      (app, api, calls) => runLevel(app, api, calls, holdMs),
    ),
    target: MEDIA_TARGETS,
  };
}

if (import.meta.main) {
  console.log(JSON.stringify(await benchMediaLoad(...benchArgs(Deno.args)), null, 2));
}
