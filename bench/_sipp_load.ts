/**
 * SIPp as the office PBX for the media and IVR load benchmarks: scenario steps (speech
 * and RFC 4733 keys replayed from SIPp's own captures), one SIPp process placing calls
 * at a steady rate, and the appliance's media figures (`GET /api/v1/media/stats`) and
 * CPU over a measurement window.
 */

import { type Api, type Appliance, cpuMs, freePort, withAppliance } from "./_appliance_process.ts";

const FIXTURES = new URL("../tests/fixtures/sipp/", import.meta.url).pathname;
const PCAPS = "/usr/share/sip-tester";
/** How long SIPp's A-law speech capture lasts, rounded up. */
export const SPEECH_MS = 7100;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** A load benchmark's command line, `[levels] [ms]`: e.g. `100,200 30000`. */
export function benchArgs(args: string[]): [number[] | undefined, number | undefined] {
  return [args[0]?.split(",").map(Number), args[1] ? Number(args[1]) : undefined];
}

/** A pause in a scenario. */
export function pause(ms: number): string {
  return `<pause milliseconds="${ms}" />`;
}

const playPcap = (file: string) =>
  `<nop><action><exec play_pcap_audio="${PCAPS}/${file}" /></action></nop>`;

/** The caller speaking for `ms` (speech replayed back to back; a key or the end cuts it). */
export function speech(ms: number): string[] {
  const steps: string[] = [];
  for (let at = 0; at < ms; at += SPEECH_MS) {
    steps.push(playPcap("g711a.pcap"), pause(Math.min(SPEECH_MS, ms - at)));
  }
  return steps;
}

/** Keys pressed as RFC 4733 events, `gapMs` apart. */
export function keys(sequence: string, gapMs = 400): string[] {
  const names: Record<string, string> = { "#": "pound", "*": "star" };
  return [...sequence].flatMap((key) => [
    playPcap(`dtmf_2833_${names[key] ?? key}.pcap`),
    pause(gapMs),
  ]);
}

/** A scenario from tests/fixtures/sipp/ with its `{{placeholders}}` filled. */
export function scenario(template: string, fill: Record<string, string>): string {
  let text = Deno.readTextFileSync(`${FIXTURES}${template}`);
  for (const [name, value] of Object.entries(fill)) text = text.replaceAll(`{{${name}}}`, value);
  return text;
}

export interface SippLoadOptions {
  /** The scenario's XML. */
  xml: string;
  app: Appliance;
  /** The number dialled. */
  service: string;
  /** Calls in all. */
  calls: number;
  /** New calls per `periodMs` (default one second). */
  rate: number;
  periodMs?: number;
  /** Calls open at once at most. */
  limit: number;
  timeoutS: number;
}

export interface SippCounts {
  successful: number;
  failed: number;
  output: string;
}

/** Starts SIPp; resolves its final counters once every call is over. */
export async function runSippLoad(options: SippLoadOptions): Promise<SippCounts> {
  const work = await Deno.makeTempDir({ prefix: "cc-bench-sipp-" });
  try {
    await Deno.writeTextFile(`${work}/call.xml`, options.xml);
    const out = await new Deno.Command("sipp", {
      args: [
        ...["-sf", `${work}/call.xml`, `127.0.0.1:${options.app.sipPort}`, "-s", options.service],
        ...["-i", "127.0.0.1", "-p", String(freePort()), "-mp", String(freePort())],
        ...["-m", String(options.calls), "-r", String(options.rate)],
        ...["-rp", String(options.periodMs ?? 1000), "-l", String(options.limit)],
        ...["-nostdin", "-timeout", `${options.timeoutS}s`],
      ],
      cwd: work,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const output = new TextDecoder().decode(out.stdout);
    const counter = (name: string) =>
      Number(new RegExp(`${name}\\s*\\|[^|]*\\|\\s*(\\d+)`).exec(output)?.[1] ?? NaN);
    return { successful: counter("Successful call"), failed: counter("Failed call"), output };
  } finally {
    await Deno.remove(work, { recursive: true });
  }
}

/** `GET /media/stats` as the appliance reports it. */
export interface MediaStats {
  pacing: { p50Ms: number; p99Ms: number; maxMs: number; skipped: number; measured?: string };
  tick_lateness?: { p50Ms: number; p99Ms: number; maxMs: number };
  socket_thread?: Record<string, number> | null;
  event_loop_lag: { p50Ms: number; p99Ms: number; maxMs: number };
  thread_priority?: string;
  cpu_wake_latency?: { requested: boolean; failure?: string } | null;
  live_calls: number;
  rtp: { calls: number; packets_in: number; packets_out: number; lost: number; late: number };
  memory?: { young_generation_bytes?: number; heap_used_bytes?: number; rss_bytes?: number };
}

export interface MediaFigures {
  /** When packets left against when they were due ("send"), or the tick's lateness ("tick"). */
  pacing_ms: { p50: number; p99: number; max: number; skipped_ticks: number; measured: string };
  /** How late the media tick started making its packets (made one tick ahead when paced). */
  tick_lateness_ms?: { p50: number; p99: number; max: number };
  event_loop_lag_ms: { p50: number; p99: number; max: number };
  /** How the OS scheduled the appliance's threads (realtime, high or normal). */
  thread_priority: string;
  /**
   * Whether the CPUs were asked to wake quickly while the audio was paced (decision 047),
   * or why the system refused; null where the appliance does not ask.
   */
  cpu_wake_latency: { requested: boolean; failure?: string } | null;
  /** V8's young generation (both semi-spaces): its size bounds a scavenge's pause. */
  young_generation_mb?: number;
  /** The main thread's V8 heap in use: what of the resident memory is JavaScript objects. */
  heap_used_mb?: number;
}

/** The media clock's pacing error and the event-loop lag, over their last minute. */
export function mediaFigures(stats: MediaStats): MediaFigures {
  return {
    pacing_ms: {
      p50: round(stats.pacing.p50Ms),
      p99: round(stats.pacing.p99Ms),
      max: round(stats.pacing.maxMs),
      skipped_ticks: stats.pacing.skipped,
      measured: stats.pacing.measured ?? "tick",
    },
    tick_lateness_ms: stats.tick_lateness && {
      p50: round(stats.tick_lateness.p50Ms),
      p99: round(stats.tick_lateness.p99Ms),
      max: round(stats.tick_lateness.maxMs),
    },
    event_loop_lag_ms: {
      p50: round(stats.event_loop_lag.p50Ms),
      p99: round(stats.event_loop_lag.p99Ms),
      max: round(stats.event_loop_lag.maxMs),
    },
    thread_priority: stats.thread_priority ?? "normal",
    cpu_wake_latency: stats.cpu_wake_latency ?? null,
    young_generation_mb: stats.memory?.young_generation_bytes &&
      round(stats.memory.young_generation_bytes / 2 ** 20),
    heap_used_mb: stats.memory?.heap_used_bytes && round(stats.memory.heap_used_bytes / 2 ** 20),
  };
}

/** Starts watching the media plane (the lag probe runs while asked) and lets start-up settle. */
async function watchMedia(api: Api): Promise<void> {
  await api("GET", "/media/stats");
  await sleep(8000); // built-in prompts are rendered in the background at start
}

/**
 * Measures each level on a fresh appliance (so each level's one-minute statistics are its
 * own), set up by `prepare` and with its media watched; `BENCH_CPU_PROF=<dir>` writes a
 * V8 CPU profile of the appliance per level.
 */
export async function measureLevels<T>(
  name: string,
  levels: number[],
  prepare: (api: Api) => Promise<void>,
  measure: (app: Appliance, api: Api, level: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = [];
  for (const level of levels) {
    const result = await withAppliance(async (app, api) => {
      await prepare(api);
      await watchMedia(api);
      return await measure(app, api, level);
    }, Deno.env.get("BENCH_CPU_PROF"));
    console.error(`${name}: ${JSON.stringify(result)}`);
    results.push(result);
  }
  return results;
}

/** CPU the appliance used from now until `percent()` is read, as % of one core. */
export function cpuWindow(pid: number): { percent(): number } {
  const cpuStart = cpuMs(pid);
  const start = performance.now();
  return { percent: () => ((cpuMs(pid) - cpuStart) / (performance.now() - start)) * 100 };
}
