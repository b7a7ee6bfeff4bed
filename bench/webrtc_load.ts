/**
 * WebRTC load: N agents' WebRTC legs bridged to N trunk RTP legs, every call recorded.
 * The appliance's media plane runs as its own process (bench/_webrtc_load_appliance.ts:
 * CallMedia, the agent leg, MediaBridge and RecordingStore as a live call uses them), and
 * this process plays both far ends: a PBX leg per call (our RtpEndpoint, PCMA with
 * telephone-event, as SIPp offers in the media load) and a browser per call. The browsers
 * are werift peer connections (our WebRtcEndpoint, lean SRTP), not Chromium: 150
 * Chromium peer connections with audio would need far more CPU than the appliance itself
 * on this 2-core machine and would measure Chromium. Both far ends send a 20 ms frame
 * of audio every tick for the whole hold.
 *
 * For each N: pacing error and event-loop lag p50/p99/max of the appliance over the hold,
 * its CPU (% of one core) and RSS per call, packets lost on the way in (counted by the
 * appliance's legs) and on the way out (counted by the far ends), and recordings
 * completed. Target on our 2-core machine: 150 WebRTC legs with pacing and lag p99 under
 * 5 ms and no loss.
 *
 * A sample of the browsers (a tenth of the legs, 5 to 30) sit behind the far-end relay
 * (bench/_far_end_relay.ts): their descriptions and the appliance's offers to them name
 * the relay as the other side's only candidate, and the relay times the appliance's SRTP
 * toward them where it arrives (`far_end` in the JSON, beside the appliance's own
 * `pacing_ms`), as the plain receiver does for RTP calls. Target (issue 28): far-end
 * p99 ≤ 2 ms at 150 legs and ≤ 5 ms at 300.
 *
 * `deno task bench webrtc_load`, or `deno run -A bench/webrtc_load.ts 50,100,150 60000`;
 * `BENCH_CPU_PROF=<dir>` writes a V8 CPU profile of the appliance's process per level.
 * `BENCH_FAR_ENDS_PRIORITY=realtime` runs the far ends real-time below the appliance while
 * the calls are set up and at nice −10 while measured (`_far_end_priority.ts` says why);
 * `high` gives them nice −10 throughout. `BENCH_FAR_ENDS_PACED=1` sends each far end's
 * packets at a phase of the tick of its own rather than all of a tick's at once. Each
 * level prints where it stands to stderr every 5 s, and every wait in it is bounded.
 */

import process from "node:process";
import { applianceV8Flags, cpuMs, rssKb } from "./_appliance_process.ts";
import {
  farEndFigures,
  type FarEndRelay,
  type FarEndReport,
  farEndSample,
  startFarEndRelay,
} from "./_far_end.ts";
import { candidatesThroughRelay } from "./_relay_candidates.ts";
import { within } from "./_deadline.ts";
import {
  type FarEndRank,
  MEASURING,
  rankFarEndThreads,
  rankName,
  SETTING_UP,
} from "./_far_end_priority.ts";
import { SetupProgress } from "./_setup_progress.ts";
import { SystemClock } from "../src/clock/mod.ts";
import { holdUdpThread } from "../src/net/mod.ts";
import {
  raiseThreadPriority,
  resetThreadPriority,
  type ThreadPriority,
} from "../src/threads/mod.ts";
import {
  createAudioOffer,
  MediaClock,
  pacedMediaClock,
  PortPool,
  readAudioAnswer,
  RtpEndpoint,
  SdpOrigin,
  WebRtcEndpoint,
} from "../src/media/mod.ts";

const PROFILE_DIR = Deno.env.get("BENCH_CPU_PROF");
/** How long the appliance may take to answer a request (closing all calls has its own). */
const REQUEST_TIMEOUT_MS = 30_000;
/** How often a level says where it stands, on stderr. */
const PROGRESS_EVERY_MS = 5_000;
/**
 * BENCH_FAR_ENDS_PRIORITY=realtime runs the far ends' threads real-time below the
 * appliance's (see _far_end_priority.ts); "high" gives them a lower nice value.
 */
const wantedPriority = Deno.env.get("BENCH_FAR_ENDS_PRIORITY") as ThreadPriority | undefined;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

interface Percentiles {
  samples: number;
  p50: number;
  p99: number;
  max: number;
}
interface LegTotals {
  packets_in: number;
  packets_out: number;
  lost: number;
}
interface ApplianceStats {
  calls: number;
  /** Packets leaving the socket thread against their send time. */
  pacing_ms: Omit<Percentiles, "samples">;
  /** How late the tick started making its packets (20 ms ahead of sending). */
  tick_lateness_ms: Percentiles;
  event_loop_lag_ms: Percentiles;
  thread_priority: string;
  cpu_wake_latency: { requested: boolean; failure?: string } | null;
  rtp: LegTotals;
  webrtc: LegTotals;
}

export interface WebRtcLoadResult {
  webrtc_legs: number;
  rtp_legs: number;
  setup_s: number;
  /** Calls set up again because the browser side got no authenticated media (see 006). */
  renegotiated: number;
  pacing_ms: Omit<Percentiles, "samples">;
  tick_lateness_ms: Omit<Percentiles, "samples">;
  event_loop_lag_ms: Omit<Percentiles, "samples">;
  /** How the OS scheduled the appliance's threads (realtime, high or normal). */
  thread_priority: string;
  cpu_wake_latency: { requested: boolean; failure?: string } | null;
  appliance_cpu_percent: number;
  cpu_percent_per_call: number;
  rss_mb: number;
  rss_kb_per_call: number;
  /** What the appliance's legs received and sent, and lost on the way in. */
  appliance: { rtp: LegTotals; webrtc: LegTotals };
  /** Packets the appliance sent that the far ends never received. */
  lost_at_far_ends: { rtp: number; webrtc: number };
  recordings: number;
  /** How the far ends' threads were scheduled: normal, high, or per phase with realtime. */
  far_ends_priority: string;
  /** CPU of this process (both far ends), for context: it shares the machine. */
  far_ends_cpu_percent: number;
  /** The appliance's SRTP toward the sampled browsers, timed where it arrived. */
  far_end: (FarEndReport & { sampled_calls: number }) | null;
  /** The same calls' plain RTP toward their PBX legs, timed by the same relay. */
  far_end_rtp: (FarEndReport & { sampled_calls: number }) | null;
  /** /proc/loadavg's 1-minute figure before and after the hold: the machine is shared. */
  load_average: { before: number; after: number };
}

/**
 * The appliance's media process, spoken to one JSON line per request; `script` is the
 * process's side (the monitoring benchmark has its own).
 */
export class Appliance {
  readonly child: Deno.ChildProcess;
  readonly data: string;
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #seq = 0;
  #ended?: Error;
  #waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(data: string, script = "./_webrtc_load_appliance.ts") {
    this.data = data;
    this.child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-all",
        ...(PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] : []),
        applianceV8Flags(),
        new URL(script, import.meta.url).pathname,
        data,
      ],
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    this.#writer = this.child.stdin.getWriter();
    void this.#read();
  }

  async #read(): Promise<void> {
    let buffered = "";
    for await (const chunk of this.child.stdout.pipeThrough(new TextDecoderStream())) {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const reply = JSON.parse(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        const waiter = this.#waiting.get(reply.seq);
        this.#waiting.delete(reply.seq);
        if (reply.error) waiter?.reject(new Error(reply.error));
        else waiter?.resolve(reply.result);
      }
    }
    // Its stdout closed: the process ended, so nothing still waiting will be answered.
    const status = await this.child.status;
    this.#ended = new Error(`The appliance process ended (exit code ${status.code})`);
    for (const waiter of this.#waiting.values()) waiter.reject(this.#ended);
    this.#waiting.clear();
  }

  /** Closes its stdin and gives it a few seconds to end on its own. */
  async finish(): Promise<void> {
    await within(this.#writer.close(), 5_000, "the appliance's input to close").catch(() => {});
    await this.end(10_000);
  }

  /** Waits `graceMs` for the process to end, then terminates it, then kills it. */
  async end(graceMs = 0): Promise<void> {
    const waitFor = (ms: number) =>
      within(this.child.status, ms, "the appliance to end").then(() => true, () => false);
    if (graceMs > 0 && await waitFor(graceMs)) return;
    try {
      this.child.kill("SIGTERM");
    } catch { /* already gone */ }
    if (await waitFor(5_000)) return;
    try {
      this.child.kill("SIGKILL");
    } catch { /* already gone */ }
    await this.child.status;
  }

  /**
   * Sends one request and waits at most `timeoutMs` for its answer; giving up names the
   * request ("the appliance to answer open for call 12").
   */
  request<T>(body: Record<string, unknown>, timeoutMs = REQUEST_TIMEOUT_MS): Promise<T> {
    if (this.#ended) return Promise.reject(this.#ended);
    const seq = ++this.#seq;
    const line = JSON.stringify({ ...body, seq }) + "\n";
    void this.#writer.write(new TextEncoder().encode(line)).catch(() => {});
    const answered = new Promise<T>((resolve, reject) =>
      this.#waiting.set(seq, { resolve: resolve as (v: unknown) => void, reject })
    );
    const call = typeof body.id === "number" ? ` for call ${body.id}` : "";
    return within(answered, timeoutMs, `the appliance to answer ${body.op}${call}`)
      .finally(() => this.#waiting.delete(seq));
  }
}

/** About a second of something speech-like: two drifting tones under a syllable envelope. */
export function speechFrames(): Int16Array[] {
  const frames: Int16Array[] = [];
  for (let f = 0; f < 50; f++) {
    const frame = new Int16Array(160);
    for (let i = 0; i < 160; i++) {
      const t = (f * 160 + i) / 8000;
      const envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
      frame[i] = Math.round(
        envelope * (4000 * Math.sin(2 * Math.PI * (180 + 40 * t) * t) +
          1500 * Math.sin(2 * Math.PI * 1100 * t)),
      );
    }
    frames.push(frame);
  }
  return frames;
}

interface FarCall {
  id: number;
  pbx: RtpEndpoint;
  browser: WebRtcEndpoint;
}

/** The longest a far end's leg may take to open or to close. */
const LEG_TIMEOUT_MS = 10_000;

async function connectCall(
  app: Appliance,
  id: number,
  clock: SystemClock,
  ports: PortPool,
  step: (step: string) => void,
  relay?: FarEndRelay,
): Promise<FarCall> {
  step("opening its PBX leg");
  const pbx = await within(
    RtpEndpoint.open({ clock, ports, bindAddress: "127.0.0.1" }),
    LEG_TIMEOUT_MS,
    `call ${id}'s PBX leg to bind a port`,
  );
  let browser: WebRtcEndpoint | undefined;
  try {
    const local = { address: "127.0.0.1", port: pbx.port, origin: new SdpOrigin() };
    // A relayed call's PBX leg is relayed too: the same appliance's plain RTP, timed in the
    // same run, is what its WebRTC figure is compared with.
    const offered = relay ? { ...local, address: relay.address, port: relay.port } : local;
    const offer = createAudioOffer({ ...offered, codecs: ["PCMA"] });
    step("waiting for the appliance to answer its PBX leg");
    const opened = await app.request<{ rtpAnswer: string; webrtcOffer: string }>({
      op: "open",
      id,
      rtpOffer: offer,
    });
    const agreed = readAudioAnswer(opened.rtpAnswer, { ...local, codecs: ["PCMA"] });
    pbx.setCodec(agreed.codec, agreed.payloadType, agreed.telephoneEventPayloadType);
    if (relay) {
      step("routing its PBX leg through the relay");
      await relay.route([agreed.remote], [{ address: local.address, port: pbx.port }], "rtp");
      pbx.setRemote({ address: relay.address, port: relay.port });
    } else pbx.setRemote({ address: agreed.remote.address, port: agreed.remote.port });
    step("opening its browser");
    browser = await within(
      WebRtcEndpoint.open({
        clock,
        bindAddress: "127.0.0.1",
        hostAddresses: ["127.0.0.1"],
        directSocket: Deno.env.get("BENCH_WEBRTC_DIRECT") !== "0",
      }),
      LEG_TIMEOUT_MS,
      `call ${id}'s browser to open`,
    );
    step("answering the appliance's offer in its browser");
    if (relay) {
      // Each side is told the relay is the other: every datagram between them passes it.
      const offer = candidatesThroughRelay(opened.webrtcOffer, relay);
      const answered = await within(
        browser.answer(offer.sdp),
        LEG_TIMEOUT_MS,
        `call ${id}'s browser to answer`,
      );
      const answer = candidatesThroughRelay(answered, relay);
      step("routing its browser through the relay");
      await relay.route(offer.replaced, answer.replaced);
      step("waiting for the appliance to accept its browser's answer");
      await app.request({ op: "accept", id, webrtcAnswer: answer.sdp });
    } else {
      const answer = await within(
        browser.answer(opened.webrtcOffer),
        LEG_TIMEOUT_MS,
        `call ${id}'s browser to answer`,
      );
      step("waiting for the appliance to accept its browser's answer");
      await app.request({ op: "accept", id, webrtcAnswer: answer });
    }
    step("connecting its browser (ICE and DTLS)");
    await browser.connected(20_000);
  } catch (error) {
    await closeFarEnds([{ id, pbx, browser }]);
    throw error;
  }
  return { id, pbx, browser };
}

/** Closes far ends side by side, each within its bound; a leg that will not close is left. */
async function closeFarEnds(
  far: { id: number; pbx: RtpEndpoint; browser?: WebRtcEndpoint }[],
): Promise<void> {
  await Promise.all(
    far.flatMap((c) => [
      within(c.pbx.close(), LEG_TIMEOUT_MS, `call ${c.id}'s PBX leg to close`),
      c.browser && within(c.browser.close(), LEG_TIMEOUT_MS, `call ${c.id}'s browser to close`),
    ]).map((closing) =>
      closing?.catch((error) => console.error(`webrtc load: ${(error as Error).message}`))
    ),
  );
}

async function runLevel(calls: number, holdMs: number): Promise<WebRtcLoadResult> {
  const data = await Deno.makeTempDir({ prefix: "cc-bench-webrtc-" });
  const app = new Appliance(data);
  const relay = await within(startFarEndRelay(), 20_000, "the far-end relay to start")
    .catch(async (error) => {
      await app.end();
      throw error;
    });
  // Kept for the whole level, so that it is not started again at normal priority after
  // the warm-up call closed the last socket (see _far_end_priority.ts).
  const releaseSocketThread = holdUdpThread();
  // BENCH_WEBRTC_FAR_END=0 leaves every browser talking to the appliance directly.
  const sampled = Deno.env.get("BENCH_WEBRTC_FAR_END") === "0" ? 0 : farEndSample(calls);
  // Evenly over the call ids (a socket's send phase comes from its id, decision 041).
  const behindRelay = (id: number) => (id * sampled) % calls < sampled;
  const clock = new SystemClock();
  const ports = new PortPool(44000, 44000 + calls * 4 + 40);
  const far: FarCall[] = [];
  // The far ends send every call's packets of a tick at once; BENCH_FAR_ENDS_PACED=1 has
  // each leave at a phase of its own, as the appliance's do (decision 041, WebRTC far end).
  const farClock = Deno.env.get("BENCH_FAR_ENDS_PACED") === "1"
    ? pacedMediaClock(clock)
    : new MediaClock(clock);
  const frames = speechFrames();
  farClock.add((tick) => {
    const frame = frames[tick.index % frames.length];
    for (const c of far) {
      c.pbx.sendFrame(frame);
      c.browser.sendFrame(frame);
    }
  });
  let renegotiated = 0;
  const progress = new SetupProgress(calls, sampled, performance.now());
  progress.phase = "starting the appliance";
  // Said every few seconds: a slow set-up is seen as slow, a stuck one by what it is at.
  const report = setInterval(
    () => console.error(`webrtc load: ${calls} legs, ${progress.line(performance.now())}`),
    PROGRESS_EVERY_MS,
  );
  // Every wait below has its own bound; this one is for the level as a whole, and names
  // what was under way when it ran out.
  const budgetMs = 120_000 + calls * 3_000 + holdMs;
  const watchdog = setTimeout(() => {
    console.error(
      `webrtc load: ${calls} legs ran out of ${budgetMs / 1000} s, ` +
        progress.line(performance.now()),
    );
    try {
      app.child.kill("SIGKILL");
    } catch { /* already gone */ }
    relay.kill();
    Deno.exit(1);
  }, budgetMs);
  try {
    await sleep(1500); // the appliance process starts up
    // One call set up and dropped first, so code loaded on first use (werift, SQLite) is
    // not counted as memory per call.
    progress.phase = "warming up";
    const warm = await connectCall(app, -1, clock, ports, (step) => progress.step(-1, step));
    progress.step(-1, "waiting for its browser to connect");
    await warm.browser.connected();
    progress.left(-1);
    await app.request({ op: "drop", id: -1 });
    await closeFarEnds([warm]);
    // Only now: the socket thread exists, and is held (see _far_end_priority.ts).
    const rank = (to: FarEndRank) => {
      if (wantedPriority !== "realtime") return;
      console.error(`webrtc load: far ends' threads: ${rankFarEndThreads(to)}`);
    };
    rank(SETTING_UP);
    const rssBefore = rssKb(app.child.pid);
    const setupStart = performance.now();
    progress.phase = "setting up";
    farClock.start();
    let next = 0;
    // A few set-ups at a time: each is an ICE check and a DTLS handshake on both sides.
    await Promise.all(Array.from({ length: 6 }, async () => {
      while (next < calls) {
        const id = next++;
        const step = (text: string) => progress.step(id, text);
        for (let attempt = 1;; attempt++) {
          let call: FarCall | undefined;
          try {
            call = await connectCall(
              app,
              id,
              clock,
              ports,
              step,
              behindRelay(id) ? relay : undefined,
            );
            // The PBX leg must be talking: the bridge relays nothing before it hears it.
            far.push(call);
            step("waiting for its browser's first media");
            await call.browser.mediaReceived(5000);
            progress.up(id, behindRelay(id));
            break;
          } catch (error) {
            // werift's DTLS sometimes fails, or ends with keys the other side does not
            // share (see decision 006): set the call up again, as the call layer would.
            if (attempt >= 4) {
              progress.left(id);
              throw new Error(
                `Call ${id} was not set up in ${attempt} attempts: ${(error as Error).message}`,
              );
            }
            const got = call?.browser.counters;
            console.error(
              `webrtc load: call ${id} set up again: ${(error as Error).message}` +
                (got
                  ? ` (browser: ${got.packetsIn} in, ${got.authFailures} failing authentication)`
                  : ""),
            );
            renegotiated++;
            progress.again();
            if (call) far.splice(far.indexOf(call), 1);
            step("being dropped to be set up again");
            await app.request({ op: "drop", id });
            if (call) await closeFarEnds([call]);
          }
        }
      }
    }));
    const setupS = (performance.now() - setupStart) / 1000;
    progress.phase = "holding the calls";
    rank(MEASURING);
    await sleep(3000);
    const farBefore = far.map((c) => [c.pbx.counters.lost, c.browser.counters.lost]);
    await app.request({ op: "measure" });
    await relay.measure();
    const loadBefore = loadAverage();
    const cpuStart = cpuMs(app.child.pid);
    const farCpuStart = process.cpuUsage();
    const t0 = performance.now();
    await sleep(holdMs);
    const cpu = cpuMs(app.child.pid) - cpuStart;
    const farCpu = process.cpuUsage(farCpuStart);
    const seconds = (performance.now() - t0) / 1000;
    const rss = rssKb(app.child.pid);
    const farEnd = await relay.report();
    const stats = await app.request<ApplianceStats>({ op: "stats" });
    const loadAfter = loadAverage();
    // Said at once: a level that then runs out of time closing its calls keeps its figures.
    console.error(
      `webrtc load: ${calls} legs measured: ${
        JSON.stringify({ far_end: farEnd, pacing_ms: stats.pacing_ms, loadBefore, loadAfter })
      }`,
    );
    farClock.stop();
    const lostAtFar = { rtp: 0, webrtc: 0 };
    far.forEach((c, i) => {
      lostAtFar.rtp += c.pbx.counters.lost - farBefore[i][0];
      lostAtFar.webrtc += c.browser.counters.lost - farBefore[i][1];
    });
    progress.phase = "closing the calls";
    // The appliance closes its calls side by side; each close waits for the packets
    // already scheduled on its socket thread.
    const closed = await app.request<{ recordings: number }>(
      { op: "close" },
      30_000 + calls * 200,
    );
    await app.finish();
    const cpuPercent = (cpu / (seconds * 1000)) * 100;
    const strip = ({ p50, p99, max }: Omit<Percentiles, "samples">) => ({
      p50: round(p50),
      p99: round(p99),
      max: round(max),
    });
    return {
      webrtc_legs: stats.calls,
      rtp_legs: stats.calls,
      setup_s: round(setupS, 1),
      renegotiated,
      pacing_ms: strip(stats.pacing_ms),
      tick_lateness_ms: strip(stats.tick_lateness_ms),
      event_loop_lag_ms: strip(stats.event_loop_lag_ms),
      thread_priority: stats.thread_priority,
      cpu_wake_latency: stats.cpu_wake_latency,
      far_ends_priority: wantedPriority === "realtime"
        ? `${rankName(SETTING_UP)} while setting up, ${rankName(MEASURING)} while measured`
        : wantedPriority ?? "normal",
      appliance_cpu_percent: round(cpuPercent, 1),
      cpu_percent_per_call: round(cpuPercent / Math.max(1, stats.calls), 3),
      rss_mb: round(rss / 1024, 1),
      rss_kb_per_call: round((rss - rssBefore) / Math.max(1, stats.calls), 1),
      appliance: { rtp: stats.rtp, webrtc: stats.webrtc },
      lost_at_far_ends: lostAtFar,
      recordings: closed.recordings,
      far_ends_cpu_percent: round(
        ((farCpu.user + farCpu.system) / 1000 / (seconds * 1000)) * 100,
        1,
      ),
      far_end: sampled > 0 ? farEndFigures(farEnd.webrtc ?? null, sampled) : null,
      far_end_rtp: sampled > 0 ? farEndFigures(farEnd.rtp ?? null, sampled) : null,
      load_average: { before: loadBefore, after: loadAfter },
    };
  } finally {
    progress.phase = "closing the far ends";
    farClock.stop();
    await closeFarEnds(far);
    await app.end();
    await relay.stop();
    releaseSocketThread();
    await Deno.remove(data, { recursive: true });
    clearInterval(report);
    clearTimeout(watchdog);
  }
}

function loadAverage(): number {
  return Number(Deno.readTextFileSync("/proc/loadavg").split(" ")[0]);
}

export async function benchWebRtcLoad(
  levels = [50, 100, 150],
  holdMs = 60000,
): Promise<{ hold_ms: number; results: WebRtcLoadResult[]; target: Record<string, number> }> {
  if (wantedPriority === "realtime" || wantedPriority === "high") {
    console.error(
      `webrtc load: far ends at ${raiseThreadPriority(wantedPriority).granted} priority`,
    );
  }
  const results: WebRtcLoadResult[] = [];
  try {
    for (const calls of levels) {
      const result = await runLevel(calls, holdMs).catch((error) => {
        console.error(`webrtc load: ${calls} legs gave up: ${(error as Error).message}`);
        throw error;
      });
      console.error(`webrtc load: ${JSON.stringify(result)}`);
      results.push(result);
    }
  } finally {
    resetThreadPriority();
  }
  return {
    hold_ms: holdMs,
    results,
    target: {
      webrtc_legs: 150,
      pacing_p99_ms: 5,
      event_loop_lag_p99_ms: 5,
      lost: 0,
      far_end_deviation_p99_ms_at_150: 2,
      far_end_deviation_p99_ms_at_300: 5,
    },
  };
}

if (import.meta.main) {
  const levels = Deno.args[0]?.split(",").map(Number);
  const holdMs = Deno.args[1] ? Number(Deno.args[1]) : undefined;
  console.log(JSON.stringify(await benchWebRtcLoad(levels, holdMs), null, 2));
  Deno.exit(0);
}
