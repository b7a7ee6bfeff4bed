/**
 * Routing-decision latency of the ACD engine with 1,000 agents, 50 queues and 10,000
 * waiting calls. Prints one JSON object with percentiles in microseconds.
 *
 * Three kinds of decision are timed one at a time with performance.now():
 * - agent_ready: an agent finishes wrap-up while 10,000 calls wait; the engine picks the
 *   best call across the agent's queues, reserves the agent, rings it and sets the ring
 *   timer (the offer reaches the output).
 * - call_arrival_all_busy: a call enters while every agent is busy; it takes its place in
 *   the ordered waiting list.
 * - call_arrival_agents_ready: a call enters while all 1,000 agents are ready; the engine
 *   picks the best of the queue's ready members by its strategy and rings it.
 *
 * The production clock is used, so timer costs are the runtime's. Run with
 * `deno run bench/acd_bench.ts`.
 */
import { SystemClock } from "../src/clock/mod.ts";
import {
  type AcdConfigInput,
  AcdEngine,
  type AcdOutput,
  SeededRandom,
  silentOutput,
  type Strategy,
} from "../src/acd/mod.ts";

const AGENTS = 1000;
const QUEUES = 50;
const WAITING = 10_000;
const SAMPLES = 20_000;
const WARMUP = 2_000;
const STRATEGIES: Strategy[] = [
  "longest_idle",
  "least_calls",
  "fewest_handle_seconds",
  "round_robin",
  "skills_weighted",
];

function config(rng: SeededRandom): AcdConfigInput {
  const queues = Array.from({ length: QUEUES }, (_, q) => ({
    id: `q${q}`,
    strategy: STRATEGIES[q % STRATEGIES.length],
    skills: [{ skill: `s${q % 10}`, minLevel: 1 }],
    wrapUpSeconds: 5,
    priorityAgeingSeconds: q % 2 === 0 ? 60 : undefined,
    maxWait: { seconds: 900, target: { kind: "voicemail" as const } },
    announcements: { everySeconds: 45 },
  }));
  const agents = Array.from({ length: AGENTS }, (_, i) => {
    const memberOf = [0, 1, 2].map((k) => (i + k * 17) % QUEUES);
    const skills: Record<string, number> = {};
    for (const q of memberOf) skills[`s${q % 10}`] = 1 + rng.int(10);
    return {
      id: `a${i}`,
      skills,
      queues: memberOf.map((q, k) => ({ queueId: `q${q}`, penalty: k })),
    };
  });
  return { queues, agents };
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const round = (ms: number) => Math.round(ms * 1000 * 100) / 100;
  return {
    samples: sorted.length,
    p50_us: round(at(0.5)),
    p90_us: round(at(0.9)),
    p99_us: round(at(0.99)),
    max_us: round(sorted[sorted.length - 1]),
  };
}

function build(rng: SeededRandom) {
  const offers: Array<[string, string]> = [];
  const output: AcdOutput = { ...silentOutput, offer: (c, a) => offers.push([c, a]) };
  const engine = new AcdEngine({ clock: new SystemClock(), config: config(rng), output });
  return { engine, offers };
}

function busyCenter() {
  const rng = new SeededRandom(1);
  const { engine, offers } = build(rng);
  for (let i = 0; i < AGENTS; i++) engine.agentLoggedIn(`a${i}`, "ready");
  let next = 0;
  const enter = () =>
    engine.callEntered({
      callId: `c${next++}`,
      queueId: `q${rng.int(QUEUES)}`,
      priority: rng.int(4),
    });
  const talking: Array<[string, string]> = [];
  const answerOffers = () => {
    for (const [c, a] of offers.splice(0)) {
      engine.agentAnswered(c, a);
      talking.push([c, a]);
    }
  };
  for (let i = 0; i < AGENTS + WAITING; i++) {
    enter();
    answerOffers();
  }
  const ready: number[] = [];
  const arrival: number[] = [];
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    const k = rng.int(talking.length);
    const [callId, agentId] = talking[k];
    talking[k] = talking[talking.length - 1];
    talking.pop();
    engine.callEnded(callId); // into wrap-up
    let t = performance.now();
    engine.wrapUpFinished(agentId);
    const decided = performance.now() - t;
    if (offers.length !== 1) throw new Error("the freed agent should have been offered a call");
    answerOffers();
    t = performance.now();
    enter();
    const arrived = performance.now() - t;
    if (i >= WARMUP) {
      ready.push(decided);
      arrival.push(arrived);
    }
  }
  const waiting = engine.snapshots().reduce((n, s) => n + s.callsWaiting, 0);
  if (waiting !== WAITING) throw new Error(`expected ${WAITING} waiting calls, found ${waiting}`);
  return { ready, arrival };
}

function idleCenter() {
  const rng = new SeededRandom(2);
  const { engine, offers } = build(rng);
  for (let i = 0; i < AGENTS; i++) engine.agentLoggedIn(`a${i}`, "ready");
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + SAMPLES; i++) {
    const callId = `c${i}`;
    const t = performance.now();
    engine.callEntered({ callId, queueId: `q${rng.int(QUEUES)}`, priority: rng.int(4) });
    const decided = performance.now() - t;
    const [[c, a]] = offers.splice(0);
    engine.agentAnswered(c, a);
    engine.callEnded(c);
    engine.wrapUpFinished(a);
    if (i >= WARMUP) samples.push(decided);
  }
  return samples;
}

const busy = busyCenter();
const idle = idleCenter();
console.log(JSON.stringify(
  {
    benchmark: "acd_routing_decision",
    agents: AGENTS,
    queues: QUEUES,
    waiting_calls: WAITING,
    target_p99_us: 50,
    agent_ready: percentiles(busy.ready),
    call_arrival_all_busy: percentiles(busy.arrival),
    call_arrival_agents_ready: percentiles(idle),
  },
  null,
  2,
));
// The engine's ring, wrap-up and announcement timers run on real time; do not wait for them.
Deno.exit(0);
