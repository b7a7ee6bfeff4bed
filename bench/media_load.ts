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
 * profile of the appliance per run.
 */

import {
  type Api,
  type Appliance,
  cpuMs,
  freePort,
  rssKb,
  signIn,
  startAppliance,
} from "./_appliance_process.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const DID = "7000";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface MediaLoadResult {
  concurrent_calls: number;
  calls_completed: number;
  calls_failed: number;
  pacing_ms: { p50: number; p99: number; max: number; skipped_ticks: number };
  event_loop_lag_ms: { p50: number; p99: number; max: number };
  appliance_cpu_percent: number;
  cpu_percent_per_call: number;
  rss_mb: number;
  rss_kb_per_call: number;
  rtp: { live_calls: number; packets_in: number; packets_out: number; lost: number; late: number };
  recordings: number;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** A flow that never stops talking: the main menu, again and again, until the caller leaves. */
async function publishLoopFlow(api: Api): Promise<void> {
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

/** The IVR caller scenario with speech played for the whole hold. */
function scenario(holdMs: number): string {
  const steps: string[] = [];
  const speech =
    `<nop><action><exec play_pcap_audio="/usr/share/sip-tester/g711a.pcap" /></action></nop>`;
  for (let at = 0; at < holdMs; at += 7100) {
    steps.push(speech, `<pause milliseconds="${Math.min(7100, holdMs - at)}" />`);
  }
  return Deno.readTextFileSync(`${ROOT}tests/fixtures/sipp/ivr_caller.xml`)
    .replaceAll("{{caller}}", "+8613700000000")
    .replace("{{steps}}", steps.join("\n  "));
}

async function runLevel(
  app: Appliance,
  api: Api,
  calls: number,
  holdMs: number,
): Promise<MediaLoadResult> {
  const work = await Deno.makeTempDir({ prefix: "cc-bench-media-sipp-" });
  await Deno.writeTextFile(`${work}/call.xml`, scenario(holdMs));
  const rate = 50;
  const rssBefore = rssKb(app.child.pid);
  const sipp = new Deno.Command("sipp", {
    args: [
      "-sf",
      `${work}/call.xml`,
      `127.0.0.1:${app.sipPort}`,
      "-s",
      DID,
      "-i",
      "127.0.0.1",
      "-p",
      String(freePort()),
      "-mp",
      String(freePort()),
      "-m",
      String(calls),
      "-r",
      String(rate),
      "-l",
      String(calls),
      "-nostdin",
      "-timeout",
      `${Math.ceil(holdMs / 1000) + 60}s`,
    ],
    cwd: work,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // Measure once every call is up and the stats windows (one minute) are mostly under load.
  const rampMs = (calls / rate) * 1000;
  const settle = Math.max(rampMs + 2000, holdMs - 6000);
  await sleep(rampMs + 2000);
  const cpuStart = cpuMs(app.child.pid);
  const measureStart = performance.now();
  await sleep(settle - rampMs - 2000);
  const cpu = cpuMs(app.child.pid) - cpuStart;
  const seconds = (performance.now() - measureStart) / 1000;
  const rssLoaded = rssKb(app.child.pid);
  const stats = await api("GET", "/media/stats") as {
    pacing: { p50Ms: number; p99Ms: number; maxMs: number; skipped: number };
    event_loop_lag: { p50Ms: number; p99Ms: number; maxMs: number };
    rtp: MediaLoadResult["rtp"] & { calls: number };
  };
  const out = await sipp.output();
  const text = new TextDecoder().decode(out.stdout);
  const counter = (name: string) =>
    Number(new RegExp(`${name}\\s*\\|[^|]*\\|\\s*(\\d+)`).exec(text)?.[1] ?? NaN);
  await Deno.remove(work, { recursive: true });
  const recordings = await api("GET", "/recordings?limit=1000") as { recordings: unknown[] };
  const cpuPercent = (cpu / (seconds * 1000)) * 100;
  const live = stats.rtp.calls;
  return {
    concurrent_calls: calls,
    calls_completed: counter("Successful call"),
    calls_failed: counter("Failed call"),
    pacing_ms: {
      p50: round(stats.pacing.p50Ms),
      p99: round(stats.pacing.p99Ms),
      max: round(stats.pacing.maxMs),
      skipped_ticks: stats.pacing.skipped,
    },
    event_loop_lag_ms: {
      p50: round(stats.event_loop_lag.p50Ms),
      p99: round(stats.event_loop_lag.p99Ms),
      max: round(stats.event_loop_lag.maxMs),
    },
    appliance_cpu_percent: round(cpuPercent, 1),
    cpu_percent_per_call: round(cpuPercent / Math.max(1, live), 3),
    rss_mb: round(rssLoaded / 1024, 1),
    rss_kb_per_call: round((rssLoaded - rssBefore) / Math.max(1, live), 1),
    rtp: {
      live_calls: live,
      packets_in: stats.rtp.packets_in,
      packets_out: stats.rtp.packets_out,
      lost: stats.rtp.lost,
      late: stats.rtp.late,
    },
    recordings: recordings.recordings.length,
  };
}

export async function benchMediaLoad(
  levels = [100, 200, 300],
  holdMs = 60000,
): Promise<{ hold_ms: number; results: MediaLoadResult[]; target: Record<string, number> }> {
  const profileDir = Deno.env.get("BENCH_CPU_PROF");
  const results: MediaLoadResult[] = [];
  for (const calls of levels) {
    // A fresh appliance per level, so each level's one-minute statistics are its own.
    const app = await startAppliance(profileDir);
    try {
      const api = await signIn(app.httpPort);
      await publishLoopFlow(api);
      await api("GET", "/media/stats"); // starts the event-loop lag probe
      await sleep(8000); // built-in prompts are rendered in the background at start
      const result = await runLevel(app, api, calls, holdMs);
      console.error(`media load: ${JSON.stringify(result)}`);
      results.push(result);
    } finally {
      app.child.kill("SIGTERM");
      await app.child.status;
      await Deno.remove(app.data, { recursive: true });
    }
  }
  return {
    hold_ms: holdMs,
    results,
    target: { concurrent_recorded_calls: 300, pacing_p99_ms: 5, event_loop_lag_p99_ms: 5 },
  };
}

if (import.meta.main) {
  const levels = Deno.args[0]?.split(",").map(Number);
  const holdMs = Deno.args[1] ? Number(Deno.args[1]) : undefined;
  console.log(JSON.stringify(await benchMediaLoad(levels, holdMs), null, 2));
}
