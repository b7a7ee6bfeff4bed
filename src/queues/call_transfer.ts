import type { Call, DialOutcome } from "../calls/mod.ts";
import type { LegEndCause } from "../sip/mod.ts";
import type { AgentOffer, OfferEvents } from "./agent_dial.ts";
import type { QueuedCallHost } from "./queued_call.ts";

/** How a call goes to a second agent: talk to them first, hand over at once, or all three. */
export type TransferMode = "consult" | "blind" | "conference";

/** SIP statuses by which a phone says "no" rather than failing to ring. */
export const DECLINED = new Set([486, 600, 603]);

/** What a transfer needs from the call it belongs to (kept private to that call). */
export interface TransferSeat {
  readonly call: Call;
  readonly host: QueuedCallHost;
  readonly queueDbId: number | null;
  readonly done: boolean;
  /** The agent talking to the caller, unless their leg is already gone. */
  firstAgent(): AgentOffer | undefined;
  dial(offer: AgentOffer, events: OfferEvents, headers: [string, string][]): Promise<DialOutcome>;
  /** The caller waits alone with music. */
  holdCaller(): void;
  /** The caller talks to this agent (recorded). */
  bridgeCaller(offer: AgentOffer): void;
  /** The second agent joins: they talk with whoever talks (the first agent while the caller holds). */
  join(offer: AgentOffer): void;
  /** Caller, first and second agent all hear each other (recorded). */
  conference(first: AgentOffer, second: AgentOffer): void;
  /** Ends the first agent's leg; the call stays. */
  letFirstAgentGo(): void;
  /** The second agent is now the call's agent. */
  handedOver(to: AgentOffer): void;
  /** Hangs up an offer's leg and closes its media. */
  drop(offer: AgentOffer): void;
  /** Nobody is left to talk to the caller: back to the queue. */
  requeue(reason: string): void;
}

/**
 * A transfer or conference of a connected call to a second agent, whom the ACD engine has
 * already reserved: it rings them with the caller on hold, lets the two agents talk
 * (consult), joins all three (conference) or hands over at once (blind), and ends in a
 * hand-over or in giving up, after which the caller is back with the first agent or, if
 * that agent is gone, back in the queue. Who hears whom follows from the parties' modes
 * on the call: the caller on hold while the agents consult, everyone talking in a
 * conference.
 */
export class CallTransfer {
  #answered = false;
  #cancelRing: (() => void) | undefined;
  #over = false;
  /** The caller waits on hold for this consultation (a `call.held` is in the log). */
  #callerHeld = false;

  constructor(
    private readonly seat: TransferSeat,
    readonly offer: AgentOffer,
    public mode: TransferMode,
  ) {}

  get answered(): boolean {
    return this.#answered;
  }

  /** Handed over or given up: nothing more will happen. */
  get over(): boolean {
    return this.#over;
  }

  /** Rings the second agent; nobody answering within `ringSeconds` gives the transfer up. */
  async start(ringSeconds: number): Promise<DialOutcome> {
    const seat = this.seat;
    seat.holdCaller();
    if (this.mode === "blind") seat.letFirstAgentGo();
    else this.#held(true);
    const dialed = await seat.dial(this.offer, {
      answered: () => void this.#pickedUp(),
      unusable: (error) => {
        seat.host.log.warn("the transfer target's answer cannot be used", {
          call_id: seat.call.id,
          agent: this.offer.agentKey,
          error,
        });
        this.giveUp("rejected");
      },
      ended: (cause) => this.#legEnded(cause),
    }, [["X-CC-Transfer", this.mode]]);
    if (dialed !== "ringing") {
      this.giveUp("unreachable");
      return dialed;
    }
    this.#cancelRing = seat.host.clock.setTimer(ringSeconds * 1000, () => {
      if (!this.#answered) this.giveUp("no_answer");
    });
    return dialed;
  }

  /** The first agent hands over to the second, who has answered. */
  complete(): boolean {
    if (!this.#answered || this.#over) return false;
    this.#handOver();
    return true;
  }

  /** Joins the caller to the consultation: all three hear each other. */
  merge(): boolean {
    const first = this.seat.firstAgent();
    if (!this.#answered || this.#over || !first) return false;
    this.mode = "conference";
    this.seat.conference(first, this.offer);
    this.#held(false);
    return true;
  }

  /** The first agent hung up mid-transfer: hand over now if the second is on the line. */
  firstAgentLeft(): void {
    if (this.#answered && !this.#over) this.#handOver();
  }

  /** The transfer will not happen: the second agent's leg ends, the caller goes back. */
  giveUp(reason: string): void {
    if (this.#over) return;
    this.#finish();
    const seat = this.seat;
    seat.drop(this.offer);
    if (seat.done) return;
    void seat.host.input((e) => e.transferCancelled(seat.call.id, reason));
    const first = seat.firstAgent();
    this.#held(false);
    if (first) seat.bridgeCaller(first);
    else seat.requeue(reason);
  }

  /** The caller hung up: the second agent's leg goes too. */
  callerGone(): void {
    if (this.#over) return;
    this.#finish();
    this.seat.drop(this.offer);
  }

  async #pickedUp(): Promise<void> {
    const { seat, offer } = this;
    if (this.#over || seat.done) {
      offer.dialed?.drop();
      return;
    }
    this.#answered = true;
    this.#cancelRing?.();
    await seat.host.input((e) => e.transferAnswered(seat.call.id));
    if (this.#over || seat.done) return;
    const info = seat.host.agentInfo(offer.agentKey);
    seat.host.journal.event(seat.call.id, "transfer.answered", {
      agent: info?.username ?? offer.agentKey,
      mode: this.mode,
    }, { agentId: info?.userId ?? null, queueId: seat.queueDbId });
    const first = seat.firstAgent();
    if (this.mode === "blind" || !first) this.#handOver();
    else if (this.mode === "conference") {
      seat.conference(first, offer);
      this.#held(false);
    } else seat.join(offer);
  }

  #handOver(): void {
    this.#finish();
    const callId = this.seat.call.id;
    // An outside party is no agent of the engine's: the call leaves the ACD there.
    void this.seat.host.input((e) =>
      this.offer.outside ? e.transferredOut(callId, "external") : e.transferCompleted(callId)
    );
    this.#held(false);
    this.seat.letFirstAgentGo();
    this.seat.handedOver(this.offer);
  }

  /**
   * Logs the caller's hold while the agents consult (KPI.md: hold is time on hold inside
   * the first agent's talk), so reports count it like a hold the agent pressed. A blind
   * transfer lets the agent go at once and holds nobody on their behalf.
   */
  #held(on: boolean): void {
    if (this.#callerHeld === on) return;
    this.#callerHeld = on;
    const { seat } = this;
    const first = seat.firstAgent();
    const info = first ? seat.host.agentInfo(first.agentKey) : undefined;
    seat.host.journal.event(seat.call.id, on ? "call.held" : "call.resumed", {
      reason: "consult",
      agent: info?.username ?? null,
    }, { agentId: info?.userId ?? null, queueId: seat.queueDbId });
  }

  #legEnded(cause: LegEndCause): void {
    if (this.#over || cause.by !== "remote") return;
    const declined = cause.reason === "rejected" && DECLINED.has(cause.status ?? 0);
    this.giveUp(this.#answered ? "hung_up" : declined ? "rejected" : "no_answer");
  }

  #finish(): void {
    this.#over = true;
    this.#cancelRing?.();
  }
}
