import { z } from "zod";
import type { CallService, PlaceOutcome } from "../calls/mod.ts";
import type { Clock } from "../clock/mod.ts";
import { type Crm, parsePhone } from "../crm/mod.ts";
import { isoTime } from "../db/mod.ts";
import type { Logger } from "../log/mod.ts";
import { checkDial } from "./dial_check.ts";
import type { DoNotCallList } from "./do_not_call.ts";
import { type OutboundTrunks, pickCallerId, pickTrunk } from "./outbound_line.ts";
import { trunkDialString } from "./dial_plan.ts";
import type { OutboundPolicy } from "./outbound_policy.ts";
import { OutboundRefused } from "./outbound_refused.ts";

/** An agent's call out, as the desktop asks for it (`POST /calls`). */
export const ClickToCallSchema = z.object({
  number: z.string().trim().min(1).max(40),
  customer_id: z.number().int().positive().nullable().optional(),
  case_id: z.number().int().positive().nullable().optional(),
  /** The queue the call is made for: its caller ID, and where it counts. */
  queue_id: z.number().int().positive().nullable().optional(),
  /** The task (follow-up, care list) the call is made for: it counts as an attempt on it. */
  follow_up_id: z.number().int().positive().nullable().optional(),
}).strict();
export type ClickToCallInput = z.infer<typeof ClickToCallSchema>;

/** The agent placing the call. */
export interface CallingAgent {
  userId: number;
  username: string;
  extension: string | null;
}

export interface ClickToCallOptions {
  calls: Pick<CallService, "placeCall" | "record" | "get">;
  interactions: Pick<Crm["interactions"], "record" | "update">;
  /** The agents' tasks, which count the calls made for them. */
  followUps?: Pick<Crm["followUps"], "get" | "recordAttempt">;
  dnc: Pick<DoNotCallList, "has">;
  trunks: OutboundTrunks;
  policy: () => OutboundPolicy;
  /** A queue's own caller ID for calls made for it, if it has one. */
  queueCallerId: (queueId: number) => string | null | undefined;
  /** The customer a number belongs to, for a call dialled by number alone. */
  findCustomer?: (e164: string) => number | null;
  /** Keeps inbound calls off an agent who is calling out (the ACD's side of it). */
  seats?: AgentSeats;
  clock: Clock;
  log: Logger;
}

/** The ACD's hold on agents busy calling out. */
export interface AgentSeats {
  /** Takes a ready agent; false when not ready (a call out is still allowed then). */
  take(userId: number): boolean;
  release(userId: number): void;
}

/** What the desktop is told at once; the call's progress comes as call events. */
export interface StartedCall {
  call_id: string;
  number: string;
  caller_id: string;
  interaction_id: number | null;
}

/**
 * Click-to-call: an agent's call to a customer, placed agent first through the call
 * core. The number is normalised with the trunk's country and checked at the moment of
 * dialling (do-not-call list; calling hours when the policy applies them to agents);
 * the trunk's call slot is held for the call's life; the call is an outbound contact on
 * the customer's timeline from the start, answered and ended as it goes, and recorded.
 * A call made for a task is an attempt on it, with the task's customer and case.
 */
export class ClickToCall {
  constructor(private readonly options: ClickToCallOptions) {}

  /** Places the call; throws {@link OutboundRefused} when the rules forbid it. */
  start(agent: CallingAgent, input: ClickToCallInput): StartedCall {
    const { calls, interactions, dnc, trunks, clock, log } = this.options;
    const policy = this.options.policy();
    if (!agent.extension) {
      throw new OutboundRefused("no_phone", "You have no phone extension to be rung first");
    }
    const trunk = pickTrunk(trunks, policy);
    const parsed = parsePhone(input.number, trunk.defaultCountry);
    if (!parsed.ok) {
      throw new OutboundRefused("bad_number", `The number cannot be dialled: ${parsed.reason}`);
    }
    const number = parsed.e164;
    const verdict = checkDial({
      number,
      atMs: clock.now(),
      onDoNotCall: dnc.has(number),
      hours: policy.hours_for_agents ? policy.hours : undefined,
      fallbackZone: policy.time_zone,
    });
    if (!verdict.ok) {
      throw new OutboundRefused(
        verdict.reason,
        verdict.reason === "do_not_call"
          ? `${number} is on the do-not-call list`
          : `It is outside calling hours for ${number} (${verdict.detail})`,
      );
    }
    const dialString = trunkDialString(number, trunk);
    if (!dialString.ok) throw new OutboundRefused("not_allowed_on_trunk", dialString.message);
    if (!trunks.acquire(trunk)) {
      throw new OutboundRefused("trunk_full", `Trunk ${trunk.name} has no free line`);
    }
    // Until the call is placed its end cannot give the line and the seat back: a failure
    // here must, or the trunk stays a line short until a restart.
    let taken = false;
    const begun = (() => {
      try {
        const task = input.follow_up_id
          ? this.options.followUps?.get(input.follow_up_id)
          : undefined;
        let customerId = input.customer_id ?? task?.customer_id ?? null;
        if (customerId === null) {
          try {
            customerId = this.options.findCustomer?.(number) ?? null;
          } catch (error) {
            log.warn("customer lookup failed", { error });
          }
        }
        taken = this.options.seats?.take(agent.userId) ?? false;
        const queueId = input.queue_id ?? null;
        const callerId = pickCallerId(
          { queue: queueId ? this.options.queueCallerId(queueId) : null },
          policy,
          trunk,
        );
        return {
          task,
          customerId,
          queueId,
          callerId,
          placed: calls.placeCall({
            agentExtension: agent.extension,
            agentPartyId: `agent:${agent.username}`,
            number: dialString.number,
            trunk,
            callerId,
            customerId: customerId ?? undefined,
            agentHeaders: [
              ["X-CC-Direction", "outbound"],
              ...(customerId
                ? [["X-CC-Customer-Id", String(customerId)]] as [string, string][]
                : []),
            ],
          }),
        };
      } catch (error) {
        trunks.release(trunk);
        if (taken) this.options.seats?.release(agent.userId);
        throw error;
      }
    })();
    const { task, customerId, queueId, callerId, placed } = begun;
    let interactionId: number | null = null;
    try {
      interactionId = interactions.record({
        customer_id: customerId,
        channel: "call",
        direction: "outbound",
        call_id: placed.callId,
        queue_id: queueId,
        agent_id: agent.userId,
        case_id: input.case_id ?? task?.case_id ?? null,
        started_at: isoTime(clock.now()),
      }).id;
    } catch (error) {
      log.warn("could not record the contact in the CRM", { call_id: placed.callId, error });
    }
    const fields = { call_id: placed.callId, agent: agent.username };
    log.info("placing a call for an agent", fields);
    if (task) {
      try {
        this.options.followUps?.recordAttempt(task.id, placed.callId);
      } catch (error) {
        log.warn("could not count the call on its task", { ...fields, task: task.id, error });
      }
    }
    void placed.outcome.then((outcome: PlaceOutcome) => {
      log.info("placed call outcome", { ...fields, outcome });
      if (outcome !== "connected") return;
      if (interactionId !== null) {
        interactions.update(interactionId, { answered_at: isoTime(clock.now()) });
      }
      const call = calls.get(placed.callId);
      if (call && policy.record) void calls.record(call, ["called", `agent:${agent.username}`]);
    });
    void placed.ended.then(() => {
      trunks.release(trunk);
      if (taken) this.options.seats?.release(agent.userId);
      if (interactionId === null) return;
      try {
        interactions.update(interactionId, { ended_at: isoTime(clock.now()) });
      } catch (error) {
        log.warn("could not close the contact in the CRM", { ...fields, error });
      }
    });
    return { call_id: placed.callId, number, caller_id: callerId, interaction_id: interactionId };
  }
}
