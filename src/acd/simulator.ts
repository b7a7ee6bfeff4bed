import { VirtualClock } from "../clock/mod.ts";
import type { AcdConfigInput } from "./config.ts";
import { AcdEngine } from "./engine.ts";
import type { AcdEvent, AcdOutput } from "./output.ts";
import { SeededRandom } from "./random.ts";

/** Distribution of talk time per call. */
export type HandleTime =
  | { kind: "exponential"; meanSeconds: number }
  | { kind: "log_normal"; meanSeconds: number; sdSeconds: number };

/** A Poisson stream of calls into one queue. */
export interface CallStream {
  queueId: string;
  callsPerHour: number;
  handle: HandleTime;
  /** Mean of an exponential patience; callers without it never hang up while waiting. */
  patienceSeconds?: number;
  priority?: number;
  /** Share of calls (0..1) flagged VIP. */
  vipShare?: number;
  skills?: Array<{ skill: string; minLevel?: number }>;
}

export interface SimulationOptions {
  config: AcdConfigInput;
  streams: CallStream[];
  /** Calls arrive during [0, duration); the run then continues until they are all settled. */
  durationSeconds: number;
  /** Calls arriving before this are served but not counted, so the queue starts loaded. */
  warmupSeconds?: number;
  seed: number;
  /** Time from an offer to the agent answering; 0 answers at the same instant. */
  answerDelaySeconds?: number;
  /** Agents logged in and ready at the start; all configured agents by default. */
  agentIds?: string[];
}

/** Figures over the measured calls, as KPI.md defines them but unrounded. */
export interface SimulationFigures {
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  blocked: number;
  /** Percent answered within the queue's threshold, of offered − short abandons. */
  serviceLevel: number;
  asaSeconds: number;
  abandonRate: number;
}

export interface SimulationResult extends SimulationFigures {
  /** Percent of agents' available time spent on calls and wrap-up, after warm-up. */
  occupancy: number;
  byQueue: Record<string, SimulationFigures>;
  /** Engine events processed, for judging the run's cost. */
  events: number;
}

interface Tally {
  offered: number;
  answered: number;
  withinThreshold: number;
  waitMs: number;
  abandoned: number;
  shortAbandoned: number;
  blocked: number;
}

interface SimCall {
  stream: CallStream;
  arrivedAt: number;
  measured: boolean;
  cancelPatience?: () => void;
}

const BUSY = new Set(["on_call", "wrap_up"]);
const AVAILABLE = new Set(["ready", "ringing"]);

/**
 * Runs the real {@link AcdEngine} on a {@link VirtualClock} with random traffic. The run is
 * a pure function of its options: the same seed gives the same figures.
 */
export function simulate(options: SimulationOptions): SimulationResult {
  const rng = new SeededRandom(options.seed);
  const clock = new VirtualClock(0);
  const warmupMs = (options.warmupSeconds ?? 0) * 1000;
  const endMs = options.durationSeconds * 1000;
  const answerDelayMs = (options.answerDelaySeconds ?? 0) * 1000;
  const calls = new Map<string, SimCall>();
  const tallies = new Map<string, Tally>();
  const agentSince = new Map<string, { state: string; at: number }>();
  let busyMs = 0;
  let availableMs = 0;
  let unsettled = 0;
  let events = 0;

  const account = (state: string, from: number, to: number) => {
    const span = Math.min(to, endMs) - Math.max(from, warmupMs);
    if (span <= 0) return;
    if (BUSY.has(state)) busyMs += span;
    else if (AVAILABLE.has(state)) availableMs += span;
  };

  const settle = (e: AcdEvent, sim: SimCall) => {
    calls.delete(e.callId!);
    sim.cancelPatience?.();
    if (!sim.measured) return;
    unsettled--;
    const t = tally(tallies, sim.stream.queueId);
    const threshold = thresholds.get(sim.stream.queueId)!;
    const waitMs = e.at - sim.arrivedAt;
    if (e.outcome === "blocked") {
      t.offered--;
      t.blocked++;
    } else if (e.outcome === "answered") {
      t.answered++;
      t.waitMs += waitMs;
      if (waitMs <= threshold.sl) t.withinThreshold++;
    } else if (e.outcome === "abandoned") {
      t.abandoned++;
      if (waitMs <= threshold.shortAbandon) t.shortAbandoned++;
    }
  };

  // With no answer delay, offers are answered as soon as the engine returns control, in
  // the same virtual instant; engine calls made from an output callback are refused.
  const offers: string[] = [];
  let inside = false;
  let drainSet = false;
  const drain = () => {
    drainSet = false;
    for (let i = 0; i < offers.length; i += 2) engine.agentAnswered(offers[i], offers[i + 1]);
    offers.length = 0;
  };
  /** Runs one input and then answers the offers it produced. */
  const input = (fn: () => unknown) => {
    inside = true;
    try {
      fn();
    } finally {
      inside = false;
    }
    if (offers.length > 0) drain();
  };

  const output: AcdOutput = {
    offer(callId, agentId) {
      if (answerDelayMs > 0) {
        clock.setTimer(answerDelayMs, () => input(() => engine.agentAnswered(callId, agentId)));
        return;
      }
      offers.push(callId, agentId);
      // Offers made from the engine's own timers have nobody to drain them: set one timer.
      if (!inside && !drainSet) {
        drainSet = true;
        clock.setTimer(0, () => {
          if (drainSet) drain();
        });
      }
    },
    stopRinging() {},
    announce() {},
    overflow() {},
    blocked() {},
    record(e) {
      events++;
      if (e.type === "agent_state") {
        const before = agentSince.get(e.agentId!);
        if (before) {
          account(before.state, before.at, e.at);
          before.state = e.to!;
          before.at = e.at;
        } else agentSince.set(e.agentId!, { state: e.to!, at: e.at });
        return;
      }
      const sim = e.callId === undefined ? undefined : calls.get(e.callId);
      if (!sim) return;
      if (e.type === "call_answered") {
        const callId = e.callId!;
        clock.setTimer(
          sampleHandle(rng, sim.stream.handle),
          () => input(() => engine.callEnded(callId)),
        );
      }
      if (e.outcome !== undefined) settle(e, sim);
    },
  };

  const engine: AcdEngine = new AcdEngine({ config: options.config, clock, output });
  const thresholds = new Map(
    engine.config.queues.map((q) => [q.id, {
      sl: q.serviceLevelSeconds * 1000,
      shortAbandon: q.shortAbandonSeconds * 1000,
    }]),
  );
  for (const id of options.agentIds ?? engine.config.agents.map((a) => a.id)) {
    input(() => engine.agentLoggedIn(id, "ready"));
  }

  let next = 0;
  const arrive = (stream: CallStream) => {
    const now = clock.now();
    if (now >= endMs) return;
    const callId = `s${next++}`;
    const sim: SimCall = { stream, arrivedAt: now, measured: now >= warmupMs };
    if (sim.measured) {
      unsettled++;
      tally(tallies, stream.queueId).offered++;
    }
    calls.set(callId, sim);
    if (stream.patienceSeconds !== undefined) {
      sim.cancelPatience = clock.setTimer(
        rng.exponential(stream.patienceSeconds * 1000),
        () => input(() => engine.callAbandoned(callId)),
      );
    }
    const vip = stream.vipShare !== undefined && rng.next() < stream.vipShare;
    input(() =>
      engine.callEntered({
        callId,
        queueId: stream.queueId,
        priority: stream.priority,
        vip,
        skills: stream.skills,
      })
    );
    clock.setTimer(rng.exponential(3_600_000 / stream.callsPerHour), () => arrive(stream));
  };
  for (const stream of options.streams) {
    if (!(stream.callsPerHour > 0)) throw new RangeError("Each stream needs callsPerHour > 0");
    clock.setTimer(rng.exponential(3_600_000 / stream.callsPerHour), () => arrive(stream));
  }

  clock.advanceTo(endMs);
  // Let the measured calls finish; a queue nobody can serve would wait forever, so give up
  // after as long again as the run itself.
  while (unsettled > 0 && clock.now() < 2 * endMs + 3_600_000) {
    if (!clock.runNext()) break;
  }
  for (const { state, at } of agentSince.values()) account(state, at, endMs);

  const byQueue: Record<string, SimulationFigures> = {};
  const total: Tally = emptyTally();
  for (const [queueId, t] of tallies) {
    byQueue[queueId] = figures(t);
    for (const key of Object.keys(total) as Array<keyof Tally>) total[key] += t[key];
  }
  return {
    ...figures(total),
    occupancy: busyMs + availableMs > 0 ? busyMs / (busyMs + availableMs) * 100 : 0,
    byQueue,
    events,
  };
}

function sampleHandle(rng: SeededRandom, handle: HandleTime): number {
  const seconds = handle.kind === "exponential"
    ? rng.exponential(handle.meanSeconds)
    : rng.logNormal(handle.meanSeconds, handle.sdSeconds);
  return seconds * 1000;
}

function emptyTally(): Tally {
  return {
    offered: 0,
    answered: 0,
    withinThreshold: 0,
    waitMs: 0,
    abandoned: 0,
    shortAbandoned: 0,
    blocked: 0,
  };
}

function tally(tallies: Map<string, Tally>, queueId: string): Tally {
  let t = tallies.get(queueId);
  if (!t) tallies.set(queueId, t = emptyTally());
  return t;
}

function figures(t: Tally): SimulationFigures {
  const base = t.offered - t.shortAbandoned;
  return {
    offered: t.offered,
    answered: t.answered,
    abandoned: t.abandoned,
    shortAbandoned: t.shortAbandoned,
    blocked: t.blocked,
    serviceLevel: base > 0 ? t.withinThreshold / base * 100 : 0,
    asaSeconds: t.answered > 0 ? t.waitMs / t.answered / 1000 : 0,
    abandonRate: base > 0 ? (t.abandoned - t.shortAbandoned) / base * 100 : 0,
  };
}
