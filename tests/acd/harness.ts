import { VirtualClock } from "../../src/clock/mod.ts";
import {
  type AcdConfigInput,
  AcdEngine,
  type AcdEvent,
  type Announcement,
  type OfferDetails,
  type OverflowTarget,
} from "../../src/acd/mod.ts";

/** An engine on a virtual clock (starting at 0) whose decisions are all written down. */
export function setup(config: AcdConfigInput) {
  const clock = new VirtualClock(0);
  const offers: Array<{ callId: string; agentId: string; details: OfferDetails }> = [];
  const stops: Array<{ callId: string; agentId: string }> = [];
  const announcements: Array<{ callId: string; at: number } & Announcement> = [];
  const overflows: Array<{ callId: string; target: OverflowTarget }> = [];
  const blocked: string[] = [];
  const events: AcdEvent[] = [];
  const engine = new AcdEngine({
    clock,
    config,
    output: {
      offer: (callId, agentId, details) => offers.push({ callId, agentId, details }),
      stopRinging: (callId, agentId) => stops.push({ callId, agentId }),
      announce: (callId, a) => announcements.push({ callId, at: clock.now(), ...a }),
      overflow: (callId, target) => overflows.push({ callId, target }),
      blocked: (callId) => blocked.push(callId),
      record: (e) => events.push(e),
    },
  });
  return {
    engine,
    clock,
    offers,
    stops,
    announcements,
    overflows,
    blocked,
    events,
    /** Agents a call was offered to, in order. */
    offeredTo: (callId: string) => offers.filter((o) => o.callId === callId).map((o) => o.agentId),
    /** Calls offered to an agent, in order. */
    offersFor: (agentId: string) =>
      offers.filter((o) => o.agentId === agentId).map((o) => o.callId),
    /** Logs agents in as ready, one second apart, so the first listed has been idle longest. */
    readyInOrder(...agentIds: string[]) {
      for (const id of agentIds) {
        engine.agentLoggedIn(id, "ready");
        clock.advance(1000);
      }
    },
    /** Answers, talks for `talkSeconds`, hangs up. */
    handle(callId: string, agentId: string, talkSeconds = 60) {
      if (!engine.agentAnswered(callId, agentId)) {
        throw new Error(`${agentId} could not answer ${callId}`);
      }
      clock.advance(talkSeconds * 1000);
      engine.callEnded(callId);
    },
  };
}

/** Agents who are all members of one queue with penalty 0 and no skills. */
export function plainAgents(queueId: string, ...ids: string[]) {
  return ids.map((id) => ({ id, queues: [{ queueId }] }));
}
