/** The non-INVITE server transaction (RFC 3261 §17.2.2). */
import type { SipRequest, SipResponse } from "./message.ts";
import { createResponse } from "./response.ts";
import { type Destination, Transaction, type TransactionContext } from "./transaction.ts";

export const NonInviteServerState = {
  trying: "trying",
  proceeding: "proceeding",
  completed: "completed",
  terminated: "terminated",
} as const;
export type NonInviteServerState = typeof NonInviteServerState[keyof typeof NonInviteServerState];

const TRANSITIONS: Record<NonInviteServerState, readonly NonInviteServerState[]> = {
  trying: ["proceeding", "completed", "terminated"],
  proceeding: ["completed", "terminated"],
  completed: ["terminated"],
  terminated: [],
};

export class NonInviteServerTransaction extends Transaction<NonInviteServerState> {
  #lastResponse?: SipResponse;

  constructor(
    context: TransactionContext,
    id: string,
    request: SipRequest,
    destination: Destination,
  ) {
    super(context, id, request, destination, "trying", TRANSITIONS);
    // The client gives up after Timer F (64*T1, RFC 3261 §17.1.2.2); a TU that has not
    // answered by then never will, and the transaction must not outlive that in the table.
    this.startTimer("TU", 64 * context.timers.t1, () => {
      if (this.state === "trying" || this.state === "proceeding") {
        this.respond(createResponse(this.request, 500));
      }
    });
  }

  get lastResponse(): SipResponse | undefined {
    return this.#lastResponse;
  }

  /** Sends a response from the TU. Throws once a final response was sent. */
  respond(response: SipResponse): void {
    if (this.state !== "trying" && this.state !== "proceeding") {
      throw new Error(
        `Cannot send ${response.status} in state ${this.state} of transaction ${this.id}`,
      );
    }
    this.#lastResponse = response;
    if (response.status < 200) {
      if (this.state === "trying") this.transition("proceeding");
      this.send(response);
      return;
    }
    this.stopTimer("TU");
    this.transition("completed");
    this.send(response);
    if (this.terminated) return;
    this.keepOnlyIdentity();
    if (this.reliable) this.startTimer("J", 0, () => this.transition("terminated"));
    else this.startLingerTimer("J", () => this.transition("terminated"));
  }

  /** A retransmission of the request: absorbed, or answered with the last response. */
  receiveRequest(_request: SipRequest): void {
    if (this.state === "trying") return;
    if (this.state !== "terminated" && this.#lastResponse) this.send(this.#lastResponse);
  }
}
