import assert from "node:assert/strict";
import { AcdConfigError, AcdEngine, parseAcdConfig } from "../../src/acd/mod.ts";
import { VirtualClock } from "../../src/clock/mod.ts";

function problems(input: unknown): string[] {
  try {
    parseAcdConfig(input);
  } catch (e) {
    assert.ok(e instanceof AcdConfigError);
    return e.problems;
  }
  throw new Error("the configuration was accepted");
}

Deno.test("a minimal configuration is accepted and filled with defaults", () => {
  const config = parseAcdConfig({
    queues: [{ id: "sales", strategy: "longest_idle" }],
    agents: [{ id: "ann", queues: [{ queueId: "sales" }] }],
  });
  const q = config.queues[0];
  assert.deepEqual(
    [
      q.ringTimeoutSeconds,
      q.serviceLevelSeconds,
      q.shortAbandonSeconds,
      q.wrapUpSeconds,
      q.channel,
    ],
    [20, 20, 20, 0, "voice"],
  );
  assert.deepEqual(config.agents[0].capacity, { voice: 1, chat: 0 });
  assert.deepEqual(config.notReadyReasons, ["break", "lunch", "training", "meeting"]);
});

Deno.test("a queue whose required skills no agent has is refused", () => {
  const found = problems({
    queues: [{ id: "es", strategy: "longest_idle", skills: [{ skill: "spanish", minLevel: 3 }] }],
    agents: [{ id: "ann", skills: { spanish: 2 }, queues: [] }],
  });
  assert.deepEqual(found, ['queue "es" requires skills no agent has (spanish ≥ 3)']);
});

Deno.test("a queue whose member agents all lack its skills is refused", () => {
  const found = problems({
    queues: [{ id: "es", strategy: "longest_idle", skills: [{ skill: "spanish" }] }],
    agents: [
      { id: "ann", skills: { spanish: 2 }, queues: [] },
      { id: "bob", queues: [{ queueId: "es" }] },
    ],
  });
  assert.deepEqual(found, [
    'queue "es" requires skills none of its 1 member agents has (spanish ≥ 1)',
  ]);
});

Deno.test("an overflow loop between queues is refused and named", () => {
  const found = problems({
    queues: [
      {
        id: "a",
        strategy: "longest_idle",
        maxWait: { seconds: 60, target: { kind: "queue", queueId: "b" } },
      },
      {
        id: "b",
        strategy: "longest_idle",
        maxWaitingCalls: 5,
        whenFull: { kind: "queue", queueId: "a" },
      },
    ],
  });
  assert.deepEqual(found, ["overflow loop between queues: a → b → a"]);
  assert.deepEqual(
    problems({
      queues: [{
        id: "a",
        strategy: "ring_all",
        maxWait: { seconds: 9, target: { kind: "queue", queueId: "a" } },
      }],
    }),
    ["overflow loop between queues: a → a"],
  );
});

Deno.test("negative and absurd timers are refused with the field named", () => {
  const found = problems({
    queues: [{ id: "q", strategy: "longest_idle", ringTimeoutSeconds: 900, wrapUpSeconds: -5 }],
  });
  assert.deepEqual(found, [
    'queue "q" ringTimeoutSeconds: ring timeout of more than 600 s cannot be meant',
    'queue "q" wrapUpSeconds: wrap-up time cannot be negative',
  ]);
});

Deno.test("an unknown strategy is refused with the list of known ones", () => {
  const [message] = problems({ queues: [{ id: "q", strategy: "random" }] });
  assert.match(message, /queue "q" strategy: unknown strategy "random"; use one of longest_idle, /);
});

Deno.test("references to unknown queues, duplicates and half-configured options are refused", () => {
  const found = problems({
    queues: [
      { id: "q", strategy: "longest_idle", whenFull: { kind: "voicemail" } },
      { id: "q", strategy: "longest_idle" },
      { id: "x", strategy: "longest_idle", expertFirst: { seconds: 10 } },
      {
        id: "y",
        strategy: "longest_idle",
        maxWait: { seconds: 10, target: { kind: "queue", queueId: "zz" } },
      },
    ],
    agents: [{ id: "ann", queues: [{ queueId: "nope" }, { queueId: "q" }, { queueId: "q" }] }],
  });
  assert.deepEqual(found, [
    'queue "q" is defined twice',
    'agent "ann" is a member of unknown queue "nope"',
    'agent "ann" joins queue "q" twice',
    'queue "q" has a whenFull target but no maxWaitingCalls',
    'queue "x" uses expert-first but requires no skills to rank experts by',
    'queue "y" overflows to unknown queue "zz"',
  ]);
});

Deno.test("skill levels outside 1..10 and a voice capacity other than 1 are refused", () => {
  const found = problems({
    queues: [{ id: "q", strategy: "longest_idle" }],
    agents: [{ id: "ann", skills: { tech: 11 }, capacity: { voice: 2 } }],
  });
  assert.equal(found.length, 2);
  assert.match(found[0], /agent "ann" skills.tech: skill levels run up to 10/);
  assert.match(found[1], /agent "ann" capacity.voice: an agent takes exactly one voice call/);
});

Deno.test("the engine refuses to start on a configuration that cannot work", () => {
  assert.throws(
    () =>
      new AcdEngine({
        clock: new VirtualClock(0),
        config: { queues: [{ id: "q", strategy: "longest_idle", serviceLevelSeconds: 0 }] },
      }),
    (e: unknown) =>
      e instanceof AcdConfigError &&
      e.message ===
        'The ACD configuration cannot work: queue "q" serviceLevelSeconds: service level threshold must be at least 1 s',
  );
});
