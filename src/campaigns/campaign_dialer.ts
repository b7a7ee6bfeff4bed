import type { CallService, PlaceOutcome } from "../calls/mod.ts";
import type { CancelTimer, Clock } from "../clock/mod.ts";
import type { Logger } from "../log/mod.ts";
import {
  type CallbackSeat,
  type CallbackSeats,
  checkDial,
  type DoNotCallList,
  type OutboundPolicy,
  type OutboundTrunks,
  pickCallerId,
  pickTrunk,
  trunkDialString,
} from "../outbound/mod.ts";
import type { Trunk } from "../sip/mod.ts";
import type { Campaign, CampaignContact } from "./campaign_schema.ts";
import type { CampaignStore } from "./campaign_store.ts";
import { contactAfterAttempt } from "./contact_outcome.ts";
import type { CustomerFirstLine } from "./customer_first.ts";
import { estimateAnswerRate, linesToDial } from "./pacing.ts";
import { outboundAgents } from "./blend_rule.ts";
import { type DialStart, PreviewCards } from "./preview_cards.ts";

const BLEND_HOLDS = new Set(["inbound_waiting", "service_level", "outbound_share"]);

/** The queues' agents as campaigns use them; `blendFacts` feeds the blending rule. */
export interface CampaignSeats extends CallbackSeats {
  /** Agents of the queue on calls out now, and its service level today in percent. */
  blendFacts?(queueId: number): { onOutbound: number; serviceLevel: number | null };
}

export interface CampaignDialerOptions {
  store: CampaignStore;
  calls: Pick<CallService, "placeCall">;
  seats: CampaignSeats;
  dnc: Pick<DoNotCallList, "has">;
  /** The customer's marketing consent; undefined when the contact is not a known customer. */
  consent: (customerId: number) => boolean | undefined;
  trunks: OutboundTrunks & { refusal?(trunkId: number): string | undefined };
  policy: () => OutboundPolicy;
  clock: Clock;
  log: Logger;
  intervalMs?: number;
  /**
   * Customer-first calls for predictive campaigns; without it predictive campaigns are
   * paced as progressive (one agent-first call per free agent).
   */
  customerFirst?: CustomerFirstLine;
  /** The start of the center's day that holds `ms` (the abandon rate is the day's). */
  dayStart?: (ms: number) => number;
}

/**
 * Runs the campaigns: every few seconds, for each running progressive campaign, one
 * contact per free agent of the queue the blending rule lets it take (by default none
 * while an inbound caller waits: callers first) is placed agent first; preview campaigns
 * wait for the agent to dial or skip the contact shown on their card
 * ({@link PreviewCards}). At the moment of dialling every contact is checked
 * against the do-not-call list, the customer's consent when the campaign needs it, and
 * the campaign's calling hours in the contact's own time zone; a trunk with no free line
 * makes the dialler wait. A stopped or paused campaign places no new call and ends none
 * in progress. Predictive campaigns ring customers first ({@link CustomerFirstLine}) as
 * many lines as {@link linesToDial} allows from the day's answer and abandon rates.
 */
export class CampaignDialer {
  #timer: CancelTimer | undefined;
  #kick: CancelTimer | undefined;
  #running = false;
  readonly #cards: PreviewCards;
  /** Why each campaign's last dial had to wait (its trunk full or missing). */
  #waiting = new Map<number, string>();

  constructor(private readonly options: CampaignDialerOptions) {
    this.#cards = new PreviewCards({
      store: options.store,
      clock: options.clock,
      dial: (campaign, contact, agent) =>
        this.#dial(campaign, contact, agent, { seatTaken: false }),
    });
  }

  /**
   * Starts the rounds, first putting back the contacts a previous run left `dialing`
   * (their calls died with it).
   */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    const recovered = this.options.store.recoverDialing();
    if (recovered > 0) {
      this.options.log.warn("contacts left dialing by the last run are due again", { recovered });
    }
    this.#schedule();
  }

  stop(): void {
    this.#running = false;
    this.#timer?.();
    this.#kick?.();
    this.#kick = undefined;
  }

  #schedule(): void {
    if (!this.#running) return;
    this.#timer = this.options.clock.setTimer(this.options.intervalMs ?? 3000, () => {
      try {
        this.tick();
      } catch (error) {
        this.options.log.error("the campaign dialler failed a round", { error });
      }
      this.#schedule();
    });
  }

  /** One round over the running campaigns; returns how many calls were started. */
  tick(): number {
    const { store, seats, clock } = this.options;
    let started = 0;
    for (const campaign of store.running()) {
      if (!store.hasWork(campaign.id)) {
        store.setState(campaign.id, "done");
        continue;
      }
      if (campaign.mode === "agentless") {
        if (this.options.customerFirst) {
          started += this.#agentless(campaign, this.options.customerFirst);
        }
        continue;
      }
      if (campaign.mode === "preview" || campaign.queue_id === null) continue;
      const seen = seats.outboundSeats(campaign.queue_id);
      const facts = seats.blendFacts?.(campaign.queue_id) ?? { onOutbound: 0, serviceLevel: null };
      const blend = outboundAgents(campaign.options.blend, {
        readyAgents: seen.agents.length,
        onOutbound: facts.onOutbound,
        inboundWaiting: seen.waiting,
        serviceLevel: facts.serviceLevel,
      });
      const before = this.#waiting.get(campaign.id);
      if (blend.held && blend.agents === 0) this.#waiting.set(campaign.id, blend.held);
      else if (before && BLEND_HOLDS.has(before)) this.#waiting.delete(campaign.id);
      const agents = seen.agents.slice(0, blend.agents);
      if (agents.length === 0) continue;
      if (campaign.mode === "predictive" && this.options.customerFirst) {
        started += this.#predictive(campaign, agents.length, this.options.customerFirst);
        continue;
      }
      const due = store.due(campaign.id, clock.now(), agents.length);
      for (const [i, contact] of due.entries()) {
        if (!store.startDialing(contact.id)) continue;
        if (this.#dial(campaign, contact, agents[i]).ok) started++;
      }
    }
    return started;
  }

  /** One agentless round: the campaign's lines kept out, no agent involved. */
  #agentless(campaign: Campaign, line: CustomerFirstLine): number {
    const { store, clock } = this.options;
    const lines = Math.max(0, campaign.options.agentless_lines - line.linesOut(campaign.id));
    let started = 0;
    for (const contact of store.due(campaign.id, clock.now(), lines)) {
      if (!store.startDialing(contact.id)) continue;
      const result = this.#dialCustomer(campaign, contact, line);
      if (result.ok) started++;
      else if (result.reason === "trunk_full" || result.reason === "no_trunk") break;
    }
    return started;
  }

  /** One predictive round for a campaign: as many lines as pacing allows, customer first. */
  #predictive(campaign: Campaign, readyAgents: number, line: CustomerFirstLine): number {
    const { store, clock } = this.options;
    const now = clock.now();
    const today = store.progress(campaign.id, this.options.dayStart?.(now) ?? utcDay(now));
    const lines = linesToDial({
      mode: "predictive",
      freeAgents: readyAgents - line.agentsJoining.size,
      agentsFreeingSoon: 0,
      linesRinging: line.linesOut(campaign.id),
      answerRate: estimateAnswerRate(today.answered, today.attempts),
      abandonRate: today.answered ? today.abandoned / today.answered : 0,
      abandonCap: campaign.options.abandon_cap,
      maxLinesPerAgent: campaign.options.max_lines_per_agent,
      trunkLinesFree: Number.MAX_SAFE_INTEGER,
      abandonBudget: Math.floor(campaign.options.abandon_cap * (today.answered + 1)) -
        today.abandoned,
    });
    let started = 0;
    for (const contact of store.due(campaign.id, now, lines)) {
      if (!store.startDialing(contact.id)) continue;
      const result = this.#dialCustomer(campaign, contact, line);
      if (result.ok) started++;
      else if (result.reason === "trunk_full" || result.reason === "no_trunk") break;
    }
    return started;
  }

  #dialCustomer(campaign: Campaign, contact: CampaignContact, line: CustomerFirstLine): DialStart {
    const { store, trunks, clock, log } = this.options;
    const policy = this.options.policy();
    const cleared = this.#clear(campaign, contact, undefined);
    if (!cleared.ok) return cleared;
    const { trunk } = cleared;
    const placed = line.place(campaign, contact, {
      number: cleared.number,
      trunk,
      callerId: pickCallerId({ campaign: campaign.caller_id }, policy, trunk),
      customerId: contact.customer_id ?? undefined,
    });
    const fields = { call_id: placed.callId, campaign: campaign.id, contact: contact.id };
    log.info("campaign call, customer first", fields);
    void (async () => {
      const outcome = await placed.outcome;
      store.recordAttempt(contact, {
        outcome,
        callId: placed.callId,
        agentId: placed.agent(),
        ...contactAfterAttempt(
          outcome,
          { attempts: contact.attempts, sameOutcome: store.outcomeCount(contact.id, outcome) },
          campaign.options,
          clock.now(),
        ),
      });
      this.#soon();
      await placed.ended;
      trunks.release(trunk);
      this.#soon();
    })().catch((error) => log.error("a campaign attempt failed", { ...fields, error }));
    return { ok: true, callId: placed.callId };
  }

  /**
   * A line or an agent came free: the next round runs in a moment rather than at the next
   * interval, so customer-first lines do not sit idle for most of it.
   */
  #soon(): void {
    if (!this.#running || this.#kick) return;
    this.#kick = this.options.clock.setTimer(200, () => {
      this.#kick = undefined;
      try {
        this.tick();
      } catch (error) {
        this.options.log.error("the campaign dialler failed a round", { error });
      }
    });
  }

  /**
   * The checks made at the moment of dialling (do-not-call, consent, hours) and a trunk
   * line; a contact refused is closed by its rule, one that must wait is put back.
   */
  #clear(
    campaign: Campaign,
    contact: CampaignContact,
    agentId: number | undefined,
  ): { ok: true; trunk: Trunk; number: string } | { ok: false; reason: string } {
    const { store, dnc, trunks, clock } = this.options;
    const policy = this.options.policy();
    const now = clock.now();
    const refuse = (outcome: string) => {
      store.recordAttempt(contact, {
        outcome,
        agentId,
        ...contactAfterAttempt(
          outcome,
          { attempts: contact.attempts, sameOutcome: store.outcomeCount(contact.id, outcome) },
          campaign.options,
          now,
        ),
      });
      return { ok: false as const, reason: outcome };
    };
    const verdict = checkDial({
      number: contact.number,
      atMs: now,
      onDoNotCall: dnc.has(contact.number),
      consent: campaign.options.needs_consent
        ? (contact.customer_id ? this.options.consent(contact.customer_id) ?? false : false)
        : undefined,
      hours: campaign.options.hours,
      zone: contact.time_zone,
      fallbackZone: policy.time_zone,
    });
    if (!verdict.ok) return refuse(verdict.reason);
    let trunk;
    try {
      trunk = pickTrunk(trunks, policy, campaign.trunk_id);
    } catch {
      store.release(contact.id);
      this.#waiting.set(campaign.id, "no_trunk");
      return { ok: false, reason: "no_trunk" };
    }
    const dialString = trunkDialString(contact.number, trunk);
    if (!dialString.ok) return refuse(dialString.reason);
    if (!trunks.acquire(trunk)) {
      store.release(contact.id);
      this.#waiting.set(campaign.id, trunks.refusal?.(trunk.id) ?? "trunk_full");
      return { ok: false, reason: "trunk_full" };
    }
    this.#waiting.delete(campaign.id);
    return { ok: true, trunk, number: dialString.number };
  }

  /**
   * Why the campaign's dialling waits now: its trunk (`trunk_full`,
   * `trunk_outbound_full`, `no_trunk`) or the blending rule (`inbound_waiting`,
   * `service_level`, `outbound_share`); undefined while it may dial.
   */
  waitingFor(campaignId: number): string | undefined {
    return this.#waiting.get(campaignId);
  }

  /**
   * The next contact for an agent's preview card (kept for them until dialled or
   * skipped); undefined when the campaign has nobody due.
   */
  preview(campaign: Campaign, agentUserId: number): CampaignContact | undefined {
    return this.#cards.show(campaign, agentUserId);
  }

  /** The agent dials the contact on their card ({@link PreviewCards.dial}). */
  dialPreview(campaign: Campaign, agent: CallbackSeat, contactId: number): DialStart {
    return this.#cards.dial(campaign, agent, contactId);
  }

  /** The agent skips the contact on their card, with a reason; it is tried again in an hour. */
  skipPreview(agentUserId: number, contactId: number, reason: string): boolean {
    return this.#cards.skip(agentUserId, contactId, reason);
  }

  #dial(
    campaign: Campaign,
    contact: CampaignContact,
    agent: CallbackSeat,
    how: { seatTaken?: boolean } = {},
  ): DialStart {
    const { store, calls, seats, trunks, clock, log } = this.options;
    const policy = this.options.policy();
    const cleared = this.#clear(campaign, contact, agent.userId);
    if (!cleared.ok) return cleared;
    const { trunk } = cleared;
    if (!agent.extension) {
      trunks.release(trunk);
      store.release(contact.id);
      return { ok: false, reason: "no_phone" };
    }
    // A previewing agent dials by their own hand even when not ready; the dialler's
    // agents must be ready, or the ACD may just have rung them.
    const taken = seats.take(agent.userId);
    if (!taken && how.seatTaken !== false) {
      trunks.release(trunk);
      store.release(contact.id);
      return { ok: false, reason: "agent_busy" };
    }
    let placed: ReturnType<typeof calls.placeCall>;
    try {
      placed = calls.placeCall({
        agentExtension: agent.extension,
        agentPartyId: `agent:${agent.username}`,
        number: cleared.number,
        trunk,
        callerId: pickCallerId({ campaign: campaign.caller_id }, policy, trunk),
        customerId: contact.customer_id ?? undefined,
        agentHeaders: [
          ["X-CC-Direction", "outbound"],
          ["X-CC-Campaign", String(campaign.id)],
          ["X-CC-Contact-Id", String(contact.id)],
        ],
      });
    } catch (error) {
      // Its end will never come to give them back, so they go back now.
      trunks.release(trunk);
      if (taken) seats.release(agent.userId);
      store.release(contact.id);
      throw error;
    }
    const fields = { call_id: placed.callId, campaign: campaign.id, contact: contact.id };
    log.info("campaign call", fields);
    void (async () => {
      const outcome: PlaceOutcome = await placed.outcome;
      store.recordAttempt(contact, {
        outcome,
        callId: placed.callId,
        agentId: agent.userId,
        ...contactAfterAttempt(
          outcome,
          {
            attempts: contact.attempts,
            sameOutcome: store.outcomeCount(contact.id, outcome),
          },
          campaign.options,
          clock.now(),
        ),
      });
      await placed.ended;
      trunks.release(trunk);
      seats.release(agent.userId);
    })().catch((error) => log.error("a campaign attempt failed", { ...fields, error }));
    return { ok: true, callId: placed.callId };
  }
}

function utcDay(ms: number): number {
  return Math.floor(ms / 86_400_000) * 86_400_000;
}
