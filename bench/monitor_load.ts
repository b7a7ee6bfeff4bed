/**
 * Monitoring load: supervisors listening and whispering on live calls beside a floor of
 * recorded calls. The appliance's call core runs as its own process
 * (bench/_monitor_load_appliance.ts: CallMedia, parties on RTP legs, the call's relay or
 * mix, RecordingStore); this process plays every far end (the PBX's leg, the agent's
 * phone and the supervisor's phone of each call, our RtpEndpoint with PCMA), each
 * sending a 20 ms frame of speech-like audio every tick.
 *
 * One appliance process holds `recorded + monitored` connected, recorded calls. It is
 * measured twice over the same hold: first with nobody monitoring, then after a
 * supervisor joined each of `monitored` calls (half listening, half whispering to the
 * agent, which turns those calls from a relay into a three-way mix). The CPU a monitored
 * call costs is the difference between the two windows over the number monitored.
 * Target (issue 20): 30 monitored calls beside 200 recorded calls with pacing and
 * event-loop lag p99 under 5 ms. Loopback only; each run has a time budget.
 *
 * `deno task bench monitor`, or `deno run -A bench/monitor_load.ts 200 30 20000 3`
 * (recorded, monitored, hold ms per window, runs).
 */

import process from "node:process";
import { cpuMs } from "./_appliance_process.ts";
import { SystemClock } from "../src/clock/mod.ts";
import {
  answerAudioOffer,
  createAudioOffer,
  MediaClock,
  PortPool,
  readAudioAnswer,
  RtpEndpoint,
  SdpOrigin,
} from "../src/media/mod.ts";
import { Appliance, speechFrames } from "./webrtc_load.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

interface Percentiles {
  p50: number;
  p99: number;
  max: number;
}
interface WindowStats {
  calls: number;
  monitored: number;
  arrangements: Record<string, number>;
  pacing_ms: Percentiles;
  tick_lateness_ms: Percentiles;
  event_loop_lag_ms: Percentiles;
  thread_priority: string;
  lost: number;
}

/** One measured window: the appliance's figures and its CPU over the hold. */
export interface MonitorWindow {
  calls: number;
  monitored: number;
  arrangements: Record<string, number>;
  pacing_ms: Percentiles;
  tick_lateness_ms: Percentiles;
  event_loop_lag_ms: Percentiles;
  appliance_cpu_percent: number;
  lost: number;
}

export interface MonitorRun {
  without: MonitorWindow;
  with: MonitorWindow;
  /** Extra CPU (% of one core) per monitored call: (with − without) / monitored. */
  cpu_percent_per_monitored_call: number;
  /** CPU per call of the unmonitored floor, for comparison. */
  cpu_percent_per_call: number;
  recordings: number;
  thread_priority: string;
  far_ends_cpu_percent: number;
}

const strip = ({ p50, p99, max }: Percentiles): Percentiles => ({
  p50: round(p50),
  p99: round(p99),
  max: round(max),
});

/** A far end: our RTP endpoint offering PCMA, as the PBX and desk phones do. */
async function farEnd(clock: SystemClock, ports: PortPool) {
  const endpoint = await RtpEndpoint.open({ clock, ports, bindAddress: "127.0.0.1" });
  const local = { address: "127.0.0.1", port: endpoint.port, origin: new SdpOrigin() };
  return { endpoint, local };
}

async function runOnce(
  recorded: number,
  monitored: number,
  holdMs: number,
): Promise<MonitorRun> {
  const total = recorded + monitored;
  const data = await Deno.makeTempDir({ prefix: "cc-bench-monitor-" });
  const app = new Appliance(data, "./_monitor_load_appliance.ts");
  const clock = new SystemClock();
  const ports = new PortPool(44000, 44000 + total * 6 + 40);
  const far: RtpEndpoint[] = [];
  const farClock = new MediaClock(clock);
  const frames = speechFrames();
  farClock.add((tick) => {
    const frame = frames[tick.index % frames.length];
    for (const endpoint of far) endpoint.sendFrame(frame);
  });
  let step = "starting the appliance";
  const budgetMs = 180_000 + total * 500 + holdMs * 2;
  const watchdog = setTimeout(() => {
    console.error(`monitor load: ran out of ${budgetMs / 1000} s while ${step}`);
    try {
      app.child.kill("SIGKILL");
    } catch { /* already gone */ }
    Deno.exit(1);
  }, budgetMs);
  try {
    await sleep(1500);
    farClock.start();
    step = "setting up the calls";
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < total) {
        const id = next++;
        const pbx = await farEnd(clock, ports);
        const offer = createAudioOffer({ ...pbx.local, codecs: ["PCMA"] });
        const opened = await app.request<{ callerAnswer: string; agentOffer: string }>({
          op: "open",
          id,
          callerOffer: offer,
        });
        const agreed = readAudioAnswer(opened.callerAnswer, { ...pbx.local, codecs: ["PCMA"] });
        pbx.endpoint.setCodec(agreed.codec, agreed.payloadType, agreed.telephoneEventPayloadType);
        pbx.endpoint.setRemote({ address: agreed.remote.address, port: agreed.remote.port });
        const phone = await farEnd(clock, ports);
        const answer = answerAudioOffer(opened.agentOffer, { ...phone.local, codecs: ["PCMA"] });
        phone.endpoint.setCodec(answer.codec, answer.payloadType, answer.telephoneEventPayloadType);
        phone.endpoint.setRemote({ address: answer.remote.address, port: answer.remote.port });
        await app.request({ op: "accept", id, agentAnswer: answer.sdp });
        far.push(pbx.endpoint, phone.endpoint);
      }
    }));
    step = "holding the calls unmonitored";
    await sleep(3000);
    const measure = async (): Promise<[WindowStats, number, number]> => {
      await app.request({ op: "measure" });
      const cpuStart = cpuMs(app.child.pid);
      const t0 = performance.now();
      await sleep(holdMs);
      const cpu = cpuMs(app.child.pid) - cpuStart;
      const seconds = (performance.now() - t0) / 1000;
      const stats = await app.request<WindowStats>({ op: "stats" });
      return [stats, (cpu / (seconds * 1000)) * 100, seconds];
    };
    const farCpuStart = process.cpuUsage();
    const farT0 = performance.now();
    const [before, cpuBefore] = await measure();

    step = "joining the supervisors";
    for (let id = 0; id < monitored; id++) {
      const { supervisorOffer } = await app.request<{ supervisorOffer: string }>({
        op: "monitor",
        id,
      });
      const phone = await farEnd(clock, ports);
      const answer = answerAudioOffer(supervisorOffer, { ...phone.local, codecs: ["PCMA"] });
      phone.endpoint.setCodec(answer.codec, answer.payloadType, answer.telephoneEventPayloadType);
      phone.endpoint.setRemote({ address: answer.remote.address, port: answer.remote.port });
      await app.request({
        op: "join",
        id,
        supervisorAnswer: answer.sdp,
        mode: id % 2 === 0 ? "listen" : "whisper",
      });
      far.push(phone.endpoint);
    }
    step = "holding the calls monitored";
    await sleep(3000);
    const [after, cpuAfter] = await measure();
    const farCpu = process.cpuUsage(farCpuStart);
    const farSeconds = (performance.now() - farT0) / 1000;
    farClock.stop();
    step = "closing the calls";
    // Its appliance closes the calls one after another: the level's budget bounds it.
    const closed = await app.request<{ recordings: number }>({ op: "close" }, budgetMs);
    await app.finish();
    const window = (stats: WindowStats, cpu: number): MonitorWindow => ({
      calls: stats.calls,
      monitored: stats.monitored,
      arrangements: stats.arrangements,
      pacing_ms: strip(stats.pacing_ms),
      tick_lateness_ms: strip(stats.tick_lateness_ms),
      event_loop_lag_ms: strip(stats.event_loop_lag_ms),
      appliance_cpu_percent: round(cpu, 1),
      lost: stats.lost,
    });
    return {
      without: window(before, cpuBefore),
      with: window(after, cpuAfter),
      cpu_percent_per_monitored_call: round((cpuAfter - cpuBefore) / Math.max(1, monitored), 3),
      cpu_percent_per_call: round(cpuBefore / Math.max(1, total), 3),
      recordings: closed.recordings,
      thread_priority: after.thread_priority,
      far_ends_cpu_percent: round(
        ((farCpu.user + farCpu.system) / 1000 / (farSeconds * 1000)) * 100,
        1,
      ),
    };
  } finally {
    step = "closing the far ends";
    farClock.stop();
    for (const endpoint of far) await endpoint.close();
    try {
      app.child.kill("SIGTERM");
    } catch { /* already gone */ }
    await app.child.status;
    await Deno.remove(data, { recursive: true });
    clearTimeout(watchdog);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function benchMonitorLoad(
  recorded = 200,
  monitored = 30,
  holdMs = 20_000,
  runs = 3,
): Promise<{
  recorded_calls: number;
  monitored_calls: number;
  hold_ms: number;
  runs: MonitorRun[];
  median: Record<string, number>;
  target: Record<string, number>;
}> {
  const results: MonitorRun[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await runOnce(recorded, monitored, holdMs);
    console.error(`monitor load: ${JSON.stringify(run)}`);
    results.push(run);
  }
  const pick = (f: (r: MonitorRun) => number) => round(median(results.map(f)), 3);
  return {
    recorded_calls: recorded,
    monitored_calls: monitored,
    hold_ms: holdMs,
    runs: results,
    median: {
      pacing_p99_ms_without: pick((r) => r.without.pacing_ms.p99),
      pacing_p99_ms_with: pick((r) => r.with.pacing_ms.p99),
      event_loop_lag_p99_ms_without: pick((r) => r.without.event_loop_lag_ms.p99),
      event_loop_lag_p99_ms_with: pick((r) => r.with.event_loop_lag_ms.p99),
      appliance_cpu_percent_without: pick((r) => r.without.appliance_cpu_percent),
      appliance_cpu_percent_with: pick((r) => r.with.appliance_cpu_percent),
      cpu_percent_per_call: pick((r) => r.cpu_percent_per_call),
      cpu_percent_per_monitored_call: pick((r) => r.cpu_percent_per_monitored_call),
      lost_with: pick((r) => r.with.lost),
    },
    target: {
      monitored_calls: 30,
      recorded_calls: 200,
      pacing_p99_ms: 5,
      event_loop_lag_p99_ms: 5,
    },
  };
}

if (import.meta.main) {
  const [recorded, monitored, holdMs, runs] = Deno.args.map(Number);
  console.log(
    JSON.stringify(
      await benchMonitorLoad(
        recorded || undefined,
        monitored || undefined,
        holdMs || undefined,
        runs || undefined,
      ),
      null,
      2,
    ),
  );
  Deno.exit(0);
}
