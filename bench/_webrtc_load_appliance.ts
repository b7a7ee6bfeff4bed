/**
 * The appliance's side of the WebRTC load benchmark, as its own process so its CPU and
 * memory are its own: the media plane the way a call answered by an agent on a browser
 * uses it. Per call: the trunk's RTP leg answered by {@link CallMedia} (jitter buffer,
 * in-band DTMF rule, sending yielded to the bridge), the agent's WebRTC leg offered by
 * {@link openAgentLegMedia}, a {@link MediaBridge} between them, and a stereo recording
 * through the {@link RecordingStore} into SQLite and WAV files, all on one media clock.
 *
 * Driven by bench/webrtc_load.ts over stdin/stdout, one JSON object per line; it ends on
 * its own once its stdin closes after `close` (so that `--cpu-prof` writes its profile).
 */

import { CallMedia, type RecordingWriter } from "../src/calls/mod.ts";
import {
  type LegMedia as AgentLegMedia,
  openLegMedia as openAgentLegMedia,
} from "../src/calls/leg_media.ts";
import { SystemClock } from "../src/clock/mod.ts";
import { Database } from "../src/db/mod.ts";
import { createLogger } from "../src/log/mod.ts";
import { MediaBridge, pacedMediaClock, PortPool } from "../src/media/mod.ts";
import { holdUdpThread, resetThreadPacing, threadPacing } from "../src/net/mod.ts";
import { RecordingStore } from "../src/recordings/mod.ts";
import { loadConfig } from "../src/config/mod.ts";
import {
  cpuWakeLatencyState,
  raiseThreadPriority,
  requestWakeLatencyAt,
} from "../src/threads/mod.ts";

// As `callcenter start` does before anything else starts (decision 013).
const priority = raiseThreadPriority(loadConfig({}).threadPriority);
// As the appliance's own start does (decision 047).
requestWakeLatencyAt(priority.granted);
const clock = new SystemClock();
// The media clock and socket thread as the appliance runs them (decision 011).
const mediaClock = pacedMediaClock(clock);
const releaseSocketThread = holdUdpThread();
const plane = {
  clock,
  mediaClock,
  ports: new PortPool(24000, 29999),
  bindAddress: "127.0.0.1",
  advertisedAddress: "127.0.0.1",
};
const dataDir = Deno.args[0];
const db = new Database(`${dataDir}/bench.db`);
db.migrate();
const recordings = new RecordingStore({
  db,
  clock,
  dataDir,
  log: createLogger("bench", { sink: () => {} }),
});

interface Call {
  caller: CallMedia;
  agent: AgentLegMedia;
  bridge?: MediaBridge;
  recording?: RecordingWriter;
}
const calls = new Map<number, Call>();

// Pacing and loop lag over the measured window only (set-up is not what is measured).
// Pacing is the socket thread's (packets leaving against their send time); the tick's own
// lateness is kept too (the tick makes packets 20 ms ahead).
let tickLateness: number[] = [];
let lag: number[] = [];
mediaClock.add((tick) => tickLateness.push(tick.now - tick.dueAt));
const PROBE_MS = 50;
let probeFrom = performance.now();
const probe = setInterval(() => {
  const now = performance.now();
  lag.push(Math.max(0, now - probeFrom - PROBE_MS));
  probeFrom = now;
}, PROBE_MS);
mediaClock.start();

function percentiles(values: number[]) {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const pick = (q: number) => (n === 0 ? 0 : sorted[Math.min(n - 1, Math.ceil(q * n) - 1)]);
  return { samples: n, p50: pick(0.5), p99: pick(0.99), max: n === 0 ? 0 : sorted[n - 1] };
}

/** The socket thread's pacing over the window (reported once a second). */
function sendPacing() {
  const thread = threadPacing();
  if (!thread) return percentiles([]);
  return { ticks: thread.ticks, p50: thread.p50Ms, p99: thread.p99Ms, max: thread.maxMs };
}

interface Totals {
  packets_in: number;
  packets_out: number;
  lost: number;
}

/** Packets received and sent, and lost on the way in, summed over the calls' legs. */
function totals(): { rtp: Totals; webrtc: Totals } {
  const rtp = { packets_in: 0, packets_out: 0, lost: 0 };
  const webrtc = { ...rtp };
  for (const call of calls.values()) {
    const legs = [[rtp, call.caller.endpoint.counters], [webrtc, call.agent.leg.counters]] as const;
    for (const [into, c] of legs) {
      into.packets_in += c.packetsIn;
      into.packets_out += c.packetsOut;
      into.lost += c.lost;
    }
  }
  return { rtp, webrtc };
}
let lostBefore = totals();

type Request =
  | { op: "open"; id: number; rtpOffer: string }
  | { op: "accept"; id: number; webrtcAnswer: string }
  | { op: "drop"; id: number }
  | { op: "measure" }
  | { op: "stats" }
  | { op: "close" };

async function handle(req: Request): Promise<unknown> {
  switch (req.op) {
    case "open": {
      // The trunk's INVITE: answer its offer; then ring the agent's browser with an offer.
      const { media, sdp } = await CallMedia.answer(req.rtpOffer, plane);
      // Loopback only here: werift skips 127.0.0.1 unless told to use it.
      const agent = await openAgentLegMedia("wss", plane, {
        bindAddress: "127.0.0.1",
        hostAddresses: ["127.0.0.1"],
        directSocket: Deno.env.get("BENCH_WEBRTC_DIRECT") !== "0",
      });
      calls.set(req.id, { caller: media, agent });
      return { rtpAnswer: sdp, webrtcOffer: agent.offer };
    }
    case "accept": {
      const call = calls.get(req.id)!;
      await call.agent.accept(req.webrtcAnswer);
      const callId = `bench-${req.id}-${crypto.randomUUID().slice(0, 8)}`;
      db.run(
        "INSERT INTO calls (id, direction, state, started_at) VALUES (?, 'inbound', 'answered', ?)",
        callId,
        new Date().toISOString(),
      );
      call.recording = await recordings.start(callId, { channels: 2, legs: ["caller", "agent"] });
      call.caller.yieldSending();
      call.bridge = new MediaBridge(mediaClock, call.caller.endpoint, call.agent.leg, {
        onFrames: (caller, agent) => call.recording?.write(caller, agent),
      });
      call.bridge.start();
      return {};
    }
    case "drop": {
      const call = calls.get(req.id);
      calls.delete(req.id);
      call?.bridge?.stop();
      await call?.recording?.close();
      await call?.caller.close();
      await call?.agent.close();
      return {};
    }
    case "measure":
      tickLateness = [];
      lag = [];
      resetThreadPacing();
      lostBefore = totals();
      return {};
    case "stats": {
      const { rtp, webrtc } = totals();
      // Loss over the measured window; set-up (the socket hand-over included) is not in it.
      rtp.lost -= lostBefore.rtp.lost;
      webrtc.lost -= lostBefore.webrtc.lost;
      return {
        calls: calls.size,
        pacing_ms: sendPacing(),
        tick_lateness_ms: percentiles(tickLateness),
        event_loop_lag_ms: percentiles(lag),
        thread_priority: priority.granted,
        cpu_wake_latency: cpuWakeLatencyState() ?? null,
        rtp,
        webrtc,
        memory: Deno.memoryUsage(),
      };
    }
    case "close": {
      // Side by side: each socket's close waits for the packets already scheduled on the
      // socket thread, and one call after another that wait was paid once per socket.
      await Promise.all([...calls.values()].map(async (call) => {
        call.bridge?.stop();
        await call.recording?.close();
        await call.caller.close();
        await call.agent.close();
      }));
      const done = db.get<{ n: number }>(
        "SELECT count(*) AS n FROM recordings WHERE sha256 IS NOT NULL",
      )?.n ?? 0;
      mediaClock.stop();
      releaseSocketThread();
      clearInterval(probe);
      db.close();
      return { recordings: done };
    }
  }
}

const out = Deno.stdout.writable.getWriter();
const encoder = new TextEncoder();
const reply = (body: unknown) => out.write(encoder.encode(JSON.stringify(body) + "\n"));
let buffered = "";
for await (const chunk of Deno.stdin.readable.pipeThrough(new TextDecoderStream())) {
  buffered += chunk;
  let newline: number;
  while ((newline = buffered.indexOf("\n")) >= 0) {
    const line = buffered.slice(0, newline);
    buffered = buffered.slice(newline + 1);
    if (!line.trim()) continue;
    const req = JSON.parse(line) as Request & { seq: number };
    // Requests run concurrently (set-up opens calls in parallel); answers carry their seq.
    handle(req).then(
      (result) => reply({ seq: req.seq, result }),
      (error) => reply({ seq: req.seq, error: String(error) }),
    );
  }
}
