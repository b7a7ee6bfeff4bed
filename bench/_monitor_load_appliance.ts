/**
 * The appliance's side of the monitoring benchmark, as its own process so its CPU is its
 * own: calls built on the call core the way a live call is. Per call: the trunk's RTP leg
 * answered by {@link CallMedia}, an agent party on an RTP leg the appliance offers, and a
 * stereo recording through the {@link RecordingStore}; a monitored call gets a supervisor
 * party in listen or whisper mode, which turns the call's relay into a mix. All on one
 * media clock, paced as `callcenter start` paces it.
 *
 * Driven by bench/monitor_load.ts over stdin/stdout, one JSON object per line; it ends on
 * its own once its stdin closes after `close`.
 */

import { Call, CALLER, CallMedia, Party, type RecordingWriter } from "../src/calls/mod.ts";
import { type LegMedia, openLegMedia } from "../src/calls/leg_media.ts";
import { SystemClock } from "../src/clock/mod.ts";
import { Database } from "../src/db/mod.ts";
import { createLogger } from "../src/log/mod.ts";
import { pacedMediaClock, PortPool } from "../src/media/mod.ts";
import { holdUdpThread, resetThreadPacing, threadPacing } from "../src/net/mod.ts";
import { RecordingStore } from "../src/recordings/mod.ts";
import { loadConfig } from "../src/config/mod.ts";
import { raiseThreadPriority, requestWakeLatencyAt } from "../src/threads/mod.ts";
import type { Leg } from "../src/sip/mod.ts";

const priority = raiseThreadPriority(loadConfig({}).threadPriority);
// As the appliance's own start does (decision 047).
requestWakeLatencyAt(priority.granted);
const clock = new SystemClock();
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

interface BenchCall {
  call: Call;
  caller: CallMedia;
  agent: LegMedia;
  supervisor?: LegMedia;
  recording?: RecordingWriter;
}
const calls = new Map<number, BenchCall>();
// The caller's signalling is not under test: a leg that never ends.
const sipLeg = () =>
  ({ listen() {}, hangup() {}, ended: false, sipCallId: crypto.randomUUID() }) as unknown as Leg;

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

function sendPacing() {
  const thread = threadPacing();
  if (!thread) return percentiles([]);
  return { ticks: thread.ticks, p50: thread.p50Ms, p99: thread.p99Ms, max: thread.maxMs };
}

function lost(): number {
  let n = 0;
  for (const c of calls.values()) {
    n += c.caller.endpoint.counters.lost + c.agent.leg.counters.lost +
      (c.supervisor?.leg.counters.lost ?? 0);
  }
  return n;
}
let lostBefore = 0;

type Request =
  | { op: "open"; id: number; callerOffer: string }
  | { op: "accept"; id: number; agentAnswer: string }
  | { op: "monitor"; id: number }
  | { op: "join"; id: number; supervisorAnswer: string; mode: "listen" | "whisper" }
  | { op: "measure" }
  | { op: "stats" }
  | { op: "close" };

async function handle(req: Request): Promise<unknown> {
  switch (req.op) {
    case "open": {
      const { media, sdp } = await CallMedia.answer(req.callerOffer, plane);
      const call = new Call(`bench-${req.id}-${crypto.randomUUID()}`, sipLeg(), {
        did: "7000",
        caller: "+8613700000000",
      });
      call.transition("answered");
      call.attachMedia(media, mediaClock);
      const agent = await openLegMedia("udp", plane);
      calls.set(req.id, { call, caller: media, agent });
      return { callerAnswer: sdp, agentOffer: agent.offer };
    }
    case "accept": {
      const c = calls.get(req.id)!;
      await c.agent.accept(req.agentAnswer);
      c.call.join(new Party("agent", "agent", c.agent.leg));
      db.run(
        "INSERT INTO calls (id, direction, state, started_at) VALUES (?, 'inbound', 'connected', ?)",
        c.call.id,
        new Date().toISOString(),
      );
      c.recording = await recordings.start(c.call.id, {
        channels: 2,
        legs: [CALLER, "agent"],
      });
      c.call.audio!.attachRecording(c.recording);
      return {};
    }
    case "monitor": {
      const c = calls.get(req.id)!;
      c.supervisor = await openLegMedia("udp", plane);
      return { supervisorOffer: c.supervisor.offer };
    }
    case "join": {
      const c = calls.get(req.id)!;
      await c.supervisor!.accept(req.supervisorAnswer);
      const party = new Party("supervisor", "supervisor", c.supervisor!.leg, undefined, "listen");
      c.call.join(party);
      if (req.mode === "whisper") c.call.setMode("supervisor", "whisper", "agent");
      return { arrangement: c.call.arrangement.kind };
    }
    case "measure":
      tickLateness = [];
      lag = [];
      resetThreadPacing();
      lostBefore = lost();
      return {};
    case "stats": {
      const arrangements: Record<string, number> = {};
      for (const c of calls.values()) {
        const kind = c.call.arrangement.kind;
        arrangements[kind] = (arrangements[kind] ?? 0) + 1;
      }
      return {
        calls: calls.size,
        monitored: [...calls.values()].filter((c) => c.supervisor).length,
        arrangements,
        pacing_ms: sendPacing(),
        tick_lateness_ms: percentiles(tickLateness),
        event_loop_lag_ms: percentiles(lag),
        thread_priority: priority.granted,
        lost: lost() - lostBefore,
      };
    }
    case "close": {
      for (const c of calls.values()) {
        c.call.audio?.detachRecording();
        await c.recording?.close();
        await c.caller.close();
        await c.agent.close();
        await c.supervisor?.close();
      }
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
    handle(req).then(
      (result) => reply({ seq: req.seq, result }),
      (error) => reply({ seq: req.seq, error: String(error) }),
    );
  }
}
