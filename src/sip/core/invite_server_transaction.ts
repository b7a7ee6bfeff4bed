/** The INVITE server transaction (RFC 3261 §17.2.1, with the Accepted state of RFC 6026 §7.1). */
import type { SipRequest, SipResponse } from "./message.ts";
import { createResponse } from "./response.ts";
import { type Destination, Transaction, type TransactionContext } from "./transaction.ts";

export const InviteServerState = {
  proceeding: "proceeding",
  completed: "completed",
  confirmed: "confirmed",
  accepted: "accepted",
  terminated: "terminated",
} as const;
export type InviteServerState = typeof InviteServerState[keyof typeof InviteServerState];

const TRANSITIONS: Record<InviteServerState, readonly InviteServerState[]> = {
  proceeding: ["completed", "accepted", "terminated"],
  completed: ["confirmed", "terminated"],
  confirmed: ["terminated"],
  accepted: ["terminated"],
  terminated: [],
};

/** RFC 3261 §17.2.1: a 100 is due unless the TU answers within 200 ms. */
export const TRYING_DELAY_MS = 200;

export class InviteServerTransaction extends Transaction<InviteServerState> {
  #lastResponse?: SipResponse;
  #intervalG: number;

  constructor(
    context: TransactionContext,
    id: string,
    request: SipRequest,
    destination: Destination,
  ) {
    super(context, id, request, destination, "proceeding", TRANSITIONS);
    this.#intervalG = context.timers.t1;
    this.startTimer("Trying", TRYING_DELAY_MS, () => {
      if (!this.#lastResponse) this.respond(createResponse(this.request, 100));
    });
  }

  /** The last response handed to the transport. */
  get lastResponse(): SipResponse | undefined {
    return this.#lastResponse;
  }

  /** Sends a response from the TU. Throws once a non-2xx final response was sent. */
  respond(response: SipResponse): void {
    const status = response.status;
    if (this.state === "accepted" && status >= 200 && status < 300) {
      // RFC 6026 §7.1: 2xx retransmissions are the TU's, sent through unchanged.
      this.send(response);
      return;
    }
    if (this.state !== "proceeding") {
      throw new Error(`Cannot send ${status} in state ${this.state} of transaction ${this.id}`);
    }
    this.stopTimer("Trying");
    this.#lastResponse = response;
    this.send(response);
    if (this.terminated || status < 200) return;
    const { t1 } = this.context.timers;
    this.keepOnlyIdentity();
    if (status < 300) {
      // In Accepted the TU resends its 2xx itself (RFC 6026 §7.1): nothing here repeats it.
      this.#lastResponse = undefined;
      this.transition("accepted");
      this.startLingerTimer("L", () => this.transition("terminated"));
      return;
    }
    this.transition("completed");
    if (!this.reliable) this.startTimer("G", this.#intervalG, () => this.#timerG());
    this.startTimer("H", 64 * t1, () => this.timedOut());
  }

  #timerG(): void {
    if (this.state !== "completed" || !this.#lastResponse) return;
    this.send(this.#lastResponse);
    this.#intervalG = Math.min(2 * this.#intervalG, this.context.timers.t2);
    this.startTimer("G", this.#intervalG, () => this.#timerG());
  }

  /** A retransmitted INVITE or an ACK that matched this transaction (RFC 3261 §17.2.3). */
  receiveRequest(request: SipRequest): void {
    if (request.method === "ACK") {
      if (this.state === "completed") {
        this.stopTimer("G");
        this.stopTimer("H");
        this.transition("confirmed");
        const delay = this.reliable ? 0 : this.context.timers.t4;
        this.startTimer("I", delay, () => this.transition("terminated"));
      } else if (this.state === "accepted") {
        this.context.listener.onAck?.(request, this);
      }
      return;
    }
    // Retransmitted INVITE: repeat the latest provisional or final answer (§17.2.1).
    if ((this.state === "proceeding" || this.state === "completed") && this.#lastResponse) {
      this.send(this.#lastResponse);
    }
  }
}
