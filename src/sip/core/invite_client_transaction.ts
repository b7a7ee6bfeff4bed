/** The INVITE client transaction (RFC 3261 §17.1.1, with the Accepted state of RFC 6026 §7.2). */
import { createNon2xxAck } from "./ack_cancel.ts";
import type { SipRequest, SipResponse } from "./message.ts";
import { type Destination, Transaction, type TransactionContext } from "./transaction.ts";

export const InviteClientState = {
  calling: "calling",
  proceeding: "proceeding",
  completed: "completed",
  accepted: "accepted",
  terminated: "terminated",
} as const;
export type InviteClientState = typeof InviteClientState[keyof typeof InviteClientState];

const TRANSITIONS: Record<InviteClientState, readonly InviteClientState[]> = {
  calling: ["proceeding", "completed", "accepted", "terminated"],
  proceeding: ["completed", "accepted", "terminated"],
  completed: ["terminated"],
  accepted: ["terminated"],
  terminated: [],
};

export class InviteClientTransaction extends Transaction<InviteClientState> {
  #ack?: SipRequest;
  #intervalA: number;

  constructor(
    context: TransactionContext,
    id: string,
    request: SipRequest,
    destination: Destination,
  ) {
    super(context, id, request, destination, "calling", TRANSITIONS);
    this.#intervalA = context.timers.t1;
  }

  /** Sends the INVITE and starts Timers A and B (RFC 3261 §17.1.1.2). */
  start(): void {
    const { t1 } = this.context.timers;
    if (!this.reliable) this.startTimer("A", this.#intervalA, () => this.#timerA());
    this.startTimer("B", 64 * t1, () => this.timedOut());
    this.send(this.request);
  }

  // Timer A doubles without the T2 cap that non-INVITE Timer E has.
  #timerA(): void {
    if (this.state !== "calling") return;
    this.send(this.request);
    this.#intervalA *= 2;
    this.startTimer("A", this.#intervalA, () => this.#timerA());
  }

  receiveResponse(response: SipResponse): void {
    const status = response.status;
    const listener = this.context.listener;
    switch (this.state) {
      case "calling":
      case "proceeding":
        if (status < 200) {
          if (this.state === "calling") {
            this.stopTimer("A");
            this.stopTimer("B");
            this.transition("proceeding");
          }
          listener.onResponse?.(response, this);
        } else if (status < 300) {
          // RFC 6026 §7.2: stay around for 64*T1 so 2xx retransmissions reach the TU.
          this.stopTimer("A");
          this.stopTimer("B");
          this.transition("accepted");
          this.startTimer("M", 64 * this.context.timers.t1, () => this.transition("terminated"));
          listener.onResponse?.(response, this);
        } else {
          this.stopTimer("A");
          this.stopTimer("B");
          this.transition("completed");
          this.#ack = createNon2xxAck(this.request, response);
          this.send(this.#ack);
          const delay = this.reliable ? 0 : this.context.timers.d;
          this.startTimer("D", delay, () => this.transition("terminated"));
          listener.onResponse?.(response, this);
        }
        return;
      case "completed":
        // RFC 3261 §17.1.1.2: a retransmitted final response gets the ACK again, not the TU.
        if (status >= 300 && this.#ack) this.send(this.#ack);
        return;
      case "accepted":
        if (status >= 200 && status < 300) listener.onResponse?.(response, this);
        return;
      case "terminated":
        return;
    }
  }
}
