import assert from "node:assert/strict";
import { VirtualClock } from "../../src/clock/mod.ts";
import type { AgentOffer, OfferEvents } from "../../src/queues/agent_dial.ts";
import {
  CallTransfer,
  type TransferMode,
  type TransferSeat,
} from "../../src/queues/call_transfer.ts";
import type { QueuedCallHost } from "../../src/queues/queued_call.ts";
import type { Party } from "../../src/calls/mod.ts";

/** A seat whose journal keeps the events written, and a second agent who answers on cue. */
function seatWith(mode: TransferMode) {
  const journal: { type: string; data: Record<string, unknown>; agentId: unknown }[] = [];
  const actions: string[] = [];
  let events: OfferEvents | undefined;
  let firstHere = true;
  const first: AgentOffer = { agentKey: "1", withdrawn: false };
  const host = {
    clock: new VirtualClock(0),
    log: { warn() {}, info() {}, debug() {}, error() {} },
    journal: {
      event: (
        _id: string,
        type: string,
        data: Record<string, unknown>,
        refs?: { agentId?: number | null },
      ) => journal.push({ type, data, agentId: refs?.agentId ?? null }),
    },
    agentInfo: (key: string) => ({ userId: Number(key), username: `agent${key}` }),
    input: (fn: (engine: unknown) => unknown) =>
      Promise.resolve(fn({
        transferAnswered: () => true,
        transferCompleted: () => true,
        transferCancelled: () => true,
      })),
  } as unknown as QueuedCallHost;
  const seat: TransferSeat = {
    call: { id: "c1" } as TransferSeat["call"],
    host,
    queueDbId: 7,
    done: false,
    firstAgent: () => firstHere ? first : undefined,
    dial: (_offer, e) => {
      events = e;
      return Promise.resolve("ringing");
    },
    holdCaller: () => actions.push("hold"),
    bridgeCaller: () => actions.push("bridge"),
    join: () => actions.push("join"),
    conference: () => actions.push("conference"),
    letFirstAgentGo: () => {
      firstHere = false;
      actions.push("first gone");
    },
    handedOver: () => actions.push("handed over"),
    drop: () => actions.push("drop"),
    requeue: () => actions.push("requeue"),
  };
  const transfer = new CallTransfer(seat, { agentKey: "2", withdrawn: false }, mode);
  const answer = async () => {
    events!.answered({} as Party);
    await new Promise((r) => setTimeout(r, 0));
  };
  const holds = () =>
    journal.filter((e) => e.type === "call.held" || e.type === "call.resumed")
      .map((e) => `${e.type} ${e.data.reason} ${e.agentId}`);
  return { transfer, answer, holds, actions };
}

Deno.test("a consultation logs the caller's hold for the first agent until the hand-over", async () => {
  const { transfer, answer, holds } = seatWith("consult");
  await transfer.start(30);
  assert.deepEqual(holds(), ["call.held consult 1"]);
  await answer();
  assert.equal(transfer.complete(), true);
  assert.deepEqual(holds(), ["call.held consult 1", "call.resumed consult 1"]);
});

Deno.test("a cancelled consultation ends the caller's hold when they are back with the agent", async () => {
  const { transfer, answer, holds, actions } = seatWith("consult");
  await transfer.start(30);
  await answer();
  transfer.giveUp("cancelled");
  assert.deepEqual(holds(), ["call.held consult 1", "call.resumed consult 1"]);
  assert.equal(actions.at(-1), "bridge");
});

Deno.test("a conference ends the hold once all three talk; a blind transfer holds nobody", async () => {
  const conference = seatWith("conference");
  await conference.transfer.start(30);
  await conference.answer();
  assert.deepEqual(conference.holds(), ["call.held consult 1", "call.resumed consult 1"]);
  assert.ok(conference.actions.includes("conference"));

  const blind = seatWith("blind");
  await blind.transfer.start(30);
  assert.deepEqual(blind.holds(), []);
});
