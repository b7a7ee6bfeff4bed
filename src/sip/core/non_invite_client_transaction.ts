/** The non-INVITE client transaction (RFC 3261 §17.1.2). */
import type { SipRequest, SipResponse } from "./message.ts";
import { type Destination, Transaction, type TransactionContext } from "./transaction.ts";

export const NonInviteClientState = {
  trying: "trying",
  proceeding: "proceeding",
  completed: "completed",
  terminated: "terminated",
} as const;
export type NonInviteClientState = typeof NonInviteClientState[keyof typeof NonInviteClientState];

const TRANSITIONS: Record<NonInviteClientState, readonly NonInviteClientState[]> = {
  trying: ["proceeding", "completed", "terminated"],
  proceeding: ["completed", "terminated"],
  completed: ["terminated"],
  terminated: [],
};

export class NonInviteClientTransaction extends Transaction<NonInviteClientState> {
  #intervalE: number;

  constructor(
    context: TransactionContext,
    id: string,
    request: SipRequest,
    destination: Destination,
  ) {
    super(context, id, request, destination, "trying", TRANSITIONS);
    this.#intervalE = context.timers.t1;
  }

  /** Sends the request and starts Timers E and F (RFC 3261 §17.1.2.2). */
  start(): void {
    if (!this.reliable) this.startTimer("E", this.#intervalE, () => this.#timerE());
    this.startTimer("F", 64 * this.context.timers.t1, () => this.timedOut());
    this.send(this.request);
  }

  // Doubles up to T2 while trying; once a provisional arrived it stays at T2.
  #timerE(): void {
    const { t2 } = this.context.timers;
    this.send(this.request);
    this.#intervalE = this.state === "proceeding" ? t2 : Math.min(2 * this.#intervalE, t2);
    this.startTimer("E", this.#intervalE, () => this.#timerE());
  }

  receiveResponse(response: SipResponse): void {
    if (this.state !== "trying" && this.state !== "proceeding") return;
    if (response.status < 200) {
      if (this.state === "trying") this.transition("proceeding");
      this.context.listener.onResponse?.(response, this);
      return;
    }
    this.stopTimer("E");
    this.stopTimer("F");
    this.transition("completed");
    const delay = this.reliable ? 0 : this.context.timers.t4;
    this.startTimer("K", delay, () => this.transition("terminated"));
    this.context.listener.onResponse?.(response, this);
  }
}
