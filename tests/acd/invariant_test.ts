import assert from "node:assert/strict";
import { type AcdConfigInput, AcdEngine, type AcdEvent, SeededRandom } from "../../src/acd/mod.ts";
import { VirtualClock } from "../../src/clock/mod.ts";

/** Three queues that between them use every feature that moves calls or agents. */
const CONFIG: AcdConfigInput = {
  queues: [
    {
      id: "sales",
      strategy: "longest_idle",
      wrapUpSeconds: 10,
      stickySeconds: 20,
      ringTimeoutSeconds: 15,
      priorityAgeingSeconds: 30,
      maxWaitingCalls: 6,
      whenFull: { kind: "queue", queueId: "overflow" },
      maxWait: { seconds: 120, target: { kind: "queue", queueId: "tech" } },
      announcements: { everySeconds: 30 },
    },
    {
      id: "tech",
      strategy: "skills_weighted",
      skills: [{ skill: "tech", minLevel: 1, weight: 2 }],
      expertFirst: { seconds: 25 },
      ringTimeoutSeconds: 10,
      wrapUpSeconds: 5,
      maxWait: { seconds: 200, target: { kind: "voicemail" } },
    },
    {
      id: "overflow",
      strategy: "ring_all",
      ringTimeoutSeconds: 12,
      maxWaitingCalls: 4,
      maxWait: { seconds: 90, target: { kind: "callback" } },
    },
  ],
  agents: [
    { id: "a1", skills: { tech: 5 }, queues: [{ queueId: "sales" }, { queueId: "tech" }] },
    { id: "a2", skills: { tech: 2 }, queues: [{ queueId: "tech" }, { queueId: "overflow" }] },
    { id: "a3", queues: [{ queueId: "sales", penalty: 2 }, { queueId: "overflow" }] },
    { id: "a4", skills: { tech: 3, fr: 2 }, queues: [{ queueId: "sales" }, { queueId: "tech" }] },
    { id: "a5", queues: [{ queueId: "overflow" }] },
    { id: "a6", skills: { fr: 3 }, queues: [{ queueId: "sales", penalty: 1 }] },
  ],
};
const QUEUES = ["sales", "tech", "overflow"];
const AGENTS = ["a1", "a2", "a3", "a4", "a5", "a6"];
const REASONS = ["break", "lunch", "training", "meeting"];

function scenario(seed: number, steps: number): void {
  const rng = new SeededRandom(seed);
  const clock = new VirtualClock(0);
  const outcomes = new Map<string, number>();
  const agentState = new Map<string, string>(AGENTS.map((a) => [a, "logged_out"]));
  const entered: string[] = [];
  const fail = (message: string) => assert.fail(`seed ${seed}: ${message}`);
  const record = (e: AcdEvent) => {
    if (e.type === "agent_state") {
      if (agentState.get(e.agentId!) !== e.from) fail(`agent ${e.agentId} jumped from ${e.from}`);
      agentState.set(e.agentId!, e.to!);
      if (e.to === "ringing" && e.from !== "ready") fail(`${e.agentId} rang while ${e.from}`);
    }
    if (e.type === "call_offered" && agentState.get(e.agentId!) !== "ringing") {
      fail(`${e.callId} offered to ${e.agentId} in state ${agentState.get(e.agentId!)}`);
    }
    if (e.outcome !== undefined) {
      const n = (outcomes.get(e.callId!) ?? 0) + 1;
      if (n > 1) fail(`${e.callId} got a second outcome ${e.outcome}`);
      outcomes.set(e.callId!, n);
    }
  };
  const engine = new AcdEngine({
    clock,
    config: CONFIG,
    output: {
      offer() {},
      stopRinging() {},
      announce() {},
      overflow() {},
      blocked() {},
      record,
    },
  });

  const live = () => entered.filter((id) => engine.call(id) !== undefined);
  const check = () => {
    const holder = new Map<string, string>();
    for (const id of live()) {
      const call = engine.call(id)!;
      const agents = call.state === "connected" ? [call.agentId!] : call.ringingAgentIds;
      if (call.state === "ringing" && agents.length === 0) fail(`${id} rings nobody`);
      if (call.state === "waiting" && (agents.length > 0 || call.position < 1)) {
        fail(`${id} waits without a place`);
      }
      for (const a of agents) {
        if (holder.has(a)) fail(`${a} holds ${holder.get(a)} and ${id}`);
        holder.set(a, id);
        const view = engine.agent(a);
        const expected = call.state === "connected" ? "on_call" : "ringing";
        if (view.state !== expected || view.callId !== id) fail(`${a} out of step with ${id}`);
      }
      if (call.state !== "connected" && outcomes.has(id)) fail(`${id} ended but still queued`);
    }
    for (const a of engine.agents()) {
      if ((a.state === "ringing" || a.state === "on_call") && holder.get(a.id) !== a.callId) {
        fail(`${a.id} is ${a.state} with no call pointing back`);
      }
      if (agentState.get(a.id) !== a.state) fail(`${a.id} event log disagrees with state`);
    }
  };

  const ringing = () => {
    const pairs: Array<[string, string]> = [];
    for (const id of live()) {
      for (const a of engine.call(id)!.ringingAgentIds) pairs.push([id, a]);
    }
    return pairs;
  };
  const anyCall = () =>
    rng.next() < 0.8 && live().length ? rng.pick(live()) : `c${rng.int(entered.length + 2)}`;

  let next = 0;
  for (let step = 0; step < steps; step++) {
    const roll = rng.int(20);
    const agent = rng.pick(AGENTS);
    switch (roll) {
      case 0:
      case 1:
      case 2: {
        const id = `c${next++}`;
        entered.push(id);
        engine.callEntered({
          callId: id,
          queueId: rng.pick(QUEUES),
          priority: rng.int(4),
          vip: rng.next() < 0.1,
          lastAgentId: rng.next() < 0.3 ? rng.pick(AGENTS) : undefined,
          skills: rng.next() < 0.1 ? [{ skill: "fr", minLevel: 2 }] : undefined,
        });
        break;
      }
      case 3:
      case 4: {
        const pairs = ringing();
        if (pairs.length) engine.agentAnswered(...rng.pick(pairs));
        else engine.agentAnswered(anyCall(), agent);
        break;
      }
      case 5: {
        const pairs = ringing();
        if (pairs.length) {
          const [c, a] = rng.pick(pairs);
          if (rng.next() < 0.5) engine.agentRejected(c, a);
          else engine.agentNoAnswer(c, a);
        }
        break;
      }
      case 6:
        engine.callEnded(anyCall());
        break;
      case 7:
        engine.agentLoggedIn(agent, rng.next() < 0.7 ? "ready" : "not_ready");
        break;
      case 8:
        if (rng.next() < 0.5) engine.agentLoggedOut(agent);
        else engine.agentVanished(agent);
        break;
      case 9:
      case 10:
        engine.agentReady(agent);
        break;
      case 11:
        engine.agentNotReady(agent, rng.pick(REASONS));
        break;
      case 12:
        if (rng.next() < 0.5) engine.wrapUpFinished(agent);
        else engine.wrapUpExtended(agent, 1 + rng.int(60));
        break;
      case 13:
        engine.forceAgentState(
          agent,
          rng.pick(["ready", "not_ready", "logged_out"] as const),
          "break",
        );
        break;
      case 14:
        engine.moveCall(anyCall(), rng.pick(QUEUES));
        break;
      case 15:
        engine.changePriority(anyCall(), rng.int(10));
        break;
      case 16:
        engine.requestCallback(anyCall());
        break;
      default:
        clock.advance(rng.int(30_000));
    }
    check();
  }

  // Drain: everyone works until every call has left, then the unreachable ones hang up.
  for (const a of AGENTS) engine.forceAgentState(a, "ready");
  for (let round = 0; round < 50 && engine.callCount > 0; round++) {
    for (const [c, a] of ringing()) engine.agentAnswered(c, a);
    for (const id of live()) if (engine.call(id)?.state === "connected") engine.callEnded(id);
    for (const a of AGENTS) {
      engine.wrapUpFinished(a);
      if (engine.agent(a).state === "not_ready") engine.agentReady(a);
    }
    clock.advance(30_000);
    check();
  }
  for (const id of live()) engine.callEnded(id);
  for (const id of live()) engine.callEnded(id);
  check();
  assert.equal(engine.callCount, 0, `seed ${seed}: calls left in the engine`);
  for (const id of entered) {
    if (outcomes.get(id) !== 1) fail(`${id} has ${outcomes.get(id) ?? 0} outcomes`);
  }
}

Deno.test("no call is ever lost and agents stay consistent under 2,000 random event orders", () => {
  for (let seed = 1; seed <= 2000; seed++) scenario(seed, 60);
});

Deno.test("long random runs keep the same invariants", () => {
  for (let seed = 10_001; seed <= 10_020; seed++) scenario(seed, 1500);
});
