import assert from "node:assert/strict";
import {
  Call,
  CALLER,
  hearing,
  IllegalPartyMove,
  Party,
  type PartyMode,
} from "../../src/calls/mod.ts";
import { VirtualClock } from "../../src/clock/mod.ts";
import { MediaClock, Player } from "../../src/media/mod.ts";
import type { Leg } from "../../src/sip/mod.ts";
import { LevelLeg } from "../support/level_leg.ts";

// Levels whose sums are all far apart, so what a party hears names who it hears.
const LEVEL: Record<string, number> = { caller: 1600, a: 400, b: 100 };
const MODES: PartyMode[] = ["talk", "listen", "whisper", "barge", "hold"];

interface World {
  clock: VirtualClock;
  call: Call;
  legs: Record<string, LevelLeg>;
  /** How many times the caller's player was made to stop sending, minus resumes. */
  callerYielded(): number;
  recorded: Array<[number, number]>;
  party(id: string, mode?: PartyMode): Party;
  /** Everyone speaks for `ticks` 20 ms ticks; returns what each leg heard last (undefined: nothing sent). */
  talk(ticks?: number): Record<string, number | undefined>;
}

function world(): World {
  const clock = new VirtualClock(0);
  const mediaClock = new MediaClock(clock);
  mediaClock.start();
  const legs: Record<string, LevelLeg> = { caller: new LevelLeg() };
  let yielded = 0;
  const callerLeg = { listen() {}, hangup() {}, ended: false } as unknown as Leg;
  const call = new Call("call-1", callerLeg, { did: "1000", caller: "+8613800138000" });
  call.transition("answered");
  call.attachMedia(
    {
      player: new Player(),
      endpoint: legs.caller,
      yieldSending: () => {
        yielded++;
        return () => yielded--;
      },
    } as never,
    mediaClock,
  );
  const recorded: Array<[number, number]> = [];
  call.audio!.attachRecording({
    write: (caller, other) => recorded.push([caller[0], other![0]]),
    paused: false,
    pause: () => ({ recording_id: 1, at_ms: 0 }),
    resume: () => ({ recording_id: 1, at_ms: 0 }),
    close: () => Promise.resolve(),
  });
  return {
    clock,
    call,
    legs,
    recorded,
    callerYielded: () => yielded,
    party(id, mode = "talk") {
      legs[id] = new LevelLeg();
      return new Party(id, id === "b" ? "supervisor" : "agent", legs[id], undefined, mode);
    },
    talk(ticks = 25) {
      for (const leg of Object.values(legs)) leg.sent.length = 0;
      for (let i = 0; i < ticks; i++) {
        for (const [id, leg] of Object.entries(legs)) leg.speak(LEVEL[id]);
        clock.advance(20);
      }
      return Object.fromEntries(Object.entries(legs).map(([id, leg]) => [id, leg.lastHeard()]));
    },
  };
}

/** True when `heard` is the sum of the levels of `speakers`, within G.711's rounding. */
function isSumOf(heard: number | undefined, speakers: readonly string[]): boolean {
  if (speakers.length === 0) return heard === undefined;
  const expected = speakers.reduce((sum, id) => sum + LEVEL[id], 0);
  return heard !== undefined && Math.abs(heard - expected) <= expected * 0.04 + 8;
}

function assertHears(
  heard: Record<string, number | undefined>,
  expected: Record<string, readonly string[]>,
  label: string,
): void {
  for (const [id, speakers] of Object.entries(expected)) {
    assert.ok(
      isSumOf(heard[id], speakers),
      `${label}: ${id} should hear [${speakers.join(", ")}] but heard ${heard[id]}`,
    );
  }
}

Deno.test("a caller and an agent who talk hear each other through a relay, and the recording gets both", () => {
  const w = world();
  w.call.join(w.party("a"));
  assert.equal(w.call.arrangement.kind, "relay");
  assertHears(w.talk(), { caller: ["a"], a: ["caller"] }, "talk/talk");
  assert.equal(w.callerYielded(), 1, "the bridge is the caller's only sender");
  const [caller, agent] = w.recorded.at(-1)!;
  assert.ok(isSumOf(caller, ["caller"]) && isSumOf(agent, ["a"]));
});

Deno.test("a caller on hold hears nobody and is heard by nobody, and gets the player back", () => {
  const w = world();
  w.call.join(w.party("a"));
  w.call.setMode(CALLER, "hold");
  assert.equal(w.call.arrangement.kind, "none");
  assertHears(w.talk(), { caller: [], a: [] }, "hold/talk");
  assert.equal(w.callerYielded(), 0, "the caller's player sends again (music)");
  const writes = w.recorded.length;
  w.talk();
  assert.equal(w.recorded.length, writes, "nothing is recorded while the caller holds");
});

Deno.test("while the caller holds, two agents consult through a relay of their own", () => {
  const w = world();
  w.call.join(w.party("a"));
  w.call.setMode(CALLER, "hold");
  w.call.join(w.party("b"));
  assert.deepEqual(w.call.arrangement, { kind: "relay", between: ["a", "b"] });
  assertHears(w.talk(), { caller: [], a: ["b"], b: ["a"] }, "consult");
});

Deno.test("a supervisor who listens hears caller and agent, and neither hears the supervisor", () => {
  const w = world();
  w.call.join(w.party("a"));
  w.call.join(w.party("b", "listen"));
  assert.equal(w.call.arrangement.kind, "mix");
  assertHears(w.talk(), { caller: ["a"], a: ["caller"], b: ["caller", "a"] }, "listen");
  const [caller, heard] = w.recorded.at(-1)!;
  assert.ok(
    isSumOf(caller, ["caller"]) && isSumOf(heard, ["a"]),
    "the recording has no supervisor",
  );
});

Deno.test("a supervisor who whispers is heard by the agent only", () => {
  const w = world();
  w.call.join(w.party("a"));
  w.call.join(w.party("b", "listen"));
  w.call.setMode("b", "whisper", "a");
  assertHears(w.talk(), { caller: ["a"], a: ["caller", "b"], b: ["caller", "a"] }, "whisper");
  const [, heard] = w.recorded.at(-1)!;
  assert.ok(isSumOf(heard, ["a"]), "the caller's side of the recording has no whisper");
});

Deno.test("a supervisor who barges in is heard by and hears everyone", () => {
  const w = world();
  w.call.join(w.party("a"));
  w.call.join(w.party("b", "listen"));
  w.call.setMode("b", "barge");
  assertHears(
    w.talk(),
    { caller: ["a", "b"], a: ["caller", "b"], b: ["caller", "a"] },
    "barge",
  );
});

Deno.test("when a party leaves, the others go back to a relay", () => {
  const w = world();
  w.call.join(w.party("a"));
  w.call.join(w.party("b"));
  assert.equal(w.call.arrangement.kind, "mix");
  w.call.leave("b");
  assert.equal(w.call.arrangement.kind, "relay");
  assertHears(w.talk(), { caller: ["a"], a: ["caller"] }, "after leave");
});

Deno.test("every mode of a second party beside a talking caller gives the hearing its modes say", () => {
  for (const callerMode of MODES) {
    for (const mode of MODES) {
      const w = world();
      const label = `caller ${callerMode}, a ${mode}`;
      w.call.join(w.party("a"));
      const moves: Array<[string, PartyMode, string | undefined]> = [
        [CALLER, callerMode, "a"],
        ["a", mode, CALLER],
      ];
      if (!applyModes(w, moves, label)) continue;
      checkAudio(w, label);
    }
  }
});

Deno.test("every mode combination of three parties gives the hearing its modes say", () => {
  let checked = 0;
  for (const callerMode of MODES) {
    for (const aMode of MODES) {
      for (const bMode of MODES) {
        const w = world();
        const label = `caller ${callerMode}, a ${aMode}, b ${bMode}`;
        w.call.join(w.party("a"));
        w.call.join(w.party("b"));
        const moves: Array<[string, PartyMode, string | undefined]> = [
          [CALLER, callerMode, "a"],
          ["a", aMode, CALLER],
          ["b", bMode, "a"],
        ];
        if (!applyModes(w, moves, label)) continue;
        checkAudio(w, label);
        checked++;
      }
    }
  }
  assert.ok(checked > 60, `only ${checked} combinations were possible`);
});

/**
 * Sets the modes, whispers last (they need a talking target). A whisper to a party that
 * does not talk must throw; returns false then.
 */
function applyModes(
  w: World,
  moves: Array<[string, PartyMode, string | undefined]>,
  label: string,
): boolean {
  const ordered = [...moves].sort((x, y) =>
    Number(x[1] === "whisper") - Number(y[1] === "whisper")
  );
  for (const [id, mode, whisperTo] of ordered) {
    if (mode !== "whisper") {
      w.call.setMode(id, mode);
      continue;
    }
    const target = w.call.party(whisperTo!)!;
    if (target.mode === "talk" || target.mode === "barge") w.call.setMode(id, mode, whisperTo);
    else {
      assert.throws(() => w.call.setMode(id, mode, whisperTo), IllegalPartyMove, label);
      return false;
    }
  }
  return true;
}

/** The audio each party receives is the sum of those the rule says it hears. */
function checkAudio(w: World, label: string): void {
  const expected = Object.fromEntries(hearing(w.call.parties));
  assertHears(w.talk(), expected, label);
  const talking = [...Object.values(expected)].filter((h) => h.length > 0).length;
  if (talking === 0) assert.equal(w.call.arrangement.kind, "none", label);
  const callerHears = expected[CALLER].length > 0;
  assert.equal(w.callerYielded(), callerHears ? 1 : 0, `${label}: caller's player`);
}

Deno.test("the hearing rule, by hand: who hears whom for each mode of a third party", () => {
  const parties = (mode: PartyMode, whisperTo?: string) => [
    { id: "caller", mode: "talk" as const },
    { id: "a", mode: "talk" as const },
    { id: "b", mode, whisperTo },
  ];
  const rule = (mode: PartyMode, whisperTo?: string) =>
    Object.fromEntries(hearing(parties(mode, whisperTo)));
  assert.deepEqual(rule("talk"), { caller: ["a", "b"], a: ["caller", "b"], b: ["caller", "a"] });
  assert.deepEqual(rule("barge"), { caller: ["a", "b"], a: ["caller", "b"], b: ["caller", "a"] });
  assert.deepEqual(rule("listen"), { caller: ["a"], a: ["caller"], b: ["caller", "a"] });
  assert.deepEqual(rule("whisper", "a"), { caller: ["a"], a: ["caller", "b"], b: ["caller", "a"] });
  assert.deepEqual(rule("hold"), { caller: ["a"], a: ["caller"], b: [] });
});

Deno.test("illegal moves throw and leave the call as it was", () => {
  const w = world();
  const a = w.party("a");
  w.call.join(a);
  assert.throws(() => w.call.join(w.party("a")), IllegalPartyMove, "the same id twice");
  assert.throws(() => w.call.setMode("a", "shout" as PartyMode), RangeError);
  assert.throws(
    () => new Party("x", "agent", new LevelLeg(), undefined, "shout" as PartyMode),
    RangeError,
  );
  assert.throws(() => w.call.setMode("ghost", "talk"), IllegalPartyMove, "a party not on the call");
  assert.throws(() => w.call.setMode("a", "whisper", "a"), IllegalPartyMove, "whisper to itself");
  assert.throws(() => w.call.setMode("a", "whisper", "ghost"), IllegalPartyMove);
  assert.throws(
    () => w.call.setMode("a", "talk", CALLER),
    IllegalPartyMove,
    "only whispers name a target",
  );
  assert.throws(
    () => w.call.leave(CALLER),
    IllegalPartyMove,
    "the caller leaves only by the call's end",
  );
  assert.equal(w.call.arrangement.kind, "relay", "nothing changed");
  assert.equal(a.mode, "talk");

  w.call.leave("a");
  assert.throws(() => w.call.join(a), IllegalPartyMove, "a party that left cannot come back");

  w.call.transition("ended");
  assert.throws(() => w.call.join(w.party("b")), IllegalPartyMove, "a party on an ended call");
  assert.throws(() => w.call.setMode(CALLER, "hold"), IllegalPartyMove);
  assert.equal(w.call.arrangement.kind, "none", "an ended call carries no audio");
});

Deno.test("parties cannot join a call the appliance has not answered", () => {
  const leg = { listen() {} } as unknown as Leg;
  const call = new Call("call-2", leg, { did: "1000", caller: "" });
  assert.throws(
    () => call.join(new Party("a", "agent", new LevelLeg())),
    (error: Error) => error instanceof IllegalPartyMove && /not answered/.test(error.message),
  );
});

Deno.test("listeners hear parties join, change mode and leave, after the audio is rearranged", () => {
  const w = world();
  const seen: string[] = [];
  w.call.listen({
    partyJoined: (p) => seen.push(`joined ${p.id} ${w.call.arrangement.kind}`),
    modeChanged: (p, from) => seen.push(`${p.id} ${from}→${p.mode}`),
    partyLeft: (p) => seen.push(`left ${p.id} ${w.call.arrangement.kind}`),
  });
  w.call.join(w.party("a"));
  w.call.setMode(CALLER, "hold");
  w.call.setMode(CALLER, "hold");
  w.call.leave("a");
  assert.deepEqual(seen, ["joined a relay", "caller talk→hold", "left a none"]);
});
