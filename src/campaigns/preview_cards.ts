import type { Clock } from "../clock/mod.ts";
import type { CallbackSeat } from "../outbound/mod.ts";
import type { Campaign, CampaignContact } from "./campaign_schema.ts";
import type { CampaignStore } from "./campaign_store.ts";

/** Why a dial did not start (the contact is back in the list or closed, as its rule says). */
export type DialStart =
  | { ok: true; callId: string }
  | { ok: false; reason: string };

/** Reasons a dial fails that give the contact back as it was (no attempt recorded). */
const UNTOUCHED_BY_FAILURE = new Set(["no_trunk", "trunk_full", "no_phone", "agent_busy"]);

/**
 * Preview dialling: the contact held on each agent's card (claimed from the campaign's
 * list, so nobody else is shown it) until the agent dials or skips it.
 */
export class PreviewCards {
  /** The contact on each agent's card, by the agent's user id. */
  readonly #cards = new Map<number, CampaignContact>();

  constructor(
    private readonly o: {
      store: CampaignStore;
      clock: Clock;
      /** Places the call, agent first, by the hand of an agent who need not be ready. */
      dial(campaign: Campaign, contact: CampaignContact, agent: CallbackSeat): DialStart;
    },
  ) {}

  /**
   * The contact on the agent's card for this campaign, claiming the next one due when
   * the card is empty; undefined when the campaign has nobody due.
   */
  show(campaign: Campaign, agentUserId: number): CampaignContact | undefined {
    const shown = this.#cards.get(agentUserId);
    if (shown && shown.campaign_id === campaign.id) return shown;
    for (const contact of this.o.store.due(campaign.id, this.o.clock.now(), 5)) {
      if (this.o.store.startDialing(contact.id)) {
        this.#cards.set(agentUserId, contact);
        return contact;
      }
    }
    return undefined;
  }

  /**
   * The agent dials the contact on their card. A dial that fails for want of a line, a
   * phone or the agent's seat leaves the contact on the card to dial again; one refused
   * for the number itself (do not call, hours, consent) records the attempt and clears
   * the card for the next contact.
   */
  dial(campaign: Campaign, agent: CallbackSeat, contactId: number): DialStart {
    const contact = this.#cards.get(agent.userId);
    if (!contact || contact.id !== contactId) return { ok: false, reason: "not_shown" };
    this.#cards.delete(agent.userId);
    let started: DialStart;
    try {
      started = this.o.dial(campaign, contact, agent);
    } catch (error) {
      this.#holdAgain(agent.userId, contact);
      throw error;
    }
    if (!started.ok && UNTOUCHED_BY_FAILURE.has(started.reason)) {
      this.#holdAgain(agent.userId, contact);
    }
    return started;
  }

  /** The agent skips the contact on their card, with a reason; it is tried again in an hour. */
  skip(agentUserId: number, contactId: number, reason: string): boolean {
    const contact = this.#cards.get(agentUserId);
    if (!contact || contact.id !== contactId) return false;
    this.#cards.delete(agentUserId);
    this.o.store.recordAttempt(contact, {
      outcome: `skipped_${reason}`,
      agentId: agentUserId,
      state: reason === "wrong_number" ? "skipped" : "pending",
      counted: false,
      nextAt: reason === "wrong_number" ? undefined : this.o.clock.now() + 3600_000,
    });
    return true;
  }

  /** Puts a contact given back untouched on the card it was on, unless it was taken since. */
  #holdAgain(agentUserId: number, contact: CampaignContact): void {
    if (this.o.store.startDialing(contact.id)) this.#cards.set(agentUserId, contact);
  }
}
