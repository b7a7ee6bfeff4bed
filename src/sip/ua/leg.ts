import type { Clock } from "../../clock/mod.ts";
import type { Logger } from "../../log/mod.ts";
import {
  bodyText,
  type ClientTransaction,
  createResponse,
  type Destination,
  type Dialog,
  type ServerTransaction,
  type SipRequest,
  type SipResponse,
  type TransactionUser,
} from "../core/mod.ts";

/** A leg's life: `calling` until a provisional, `early` until answered, then `confirmed`. */
export const LegState = {
  calling: "calling",
  early: "early",
  confirmed: "confirmed",
  ended: "ended",
} as const;
export type LegState = typeof LegState[keyof typeof LegState];

const MOVES: Record<LegState, readonly LegState[]> = {
  calling: ["early", "confirmed", "ended"],
  early: ["early", "confirmed", "ended"],
  confirmed: ["ended"],
  ended: [],
};

export type EndReason =
  | "bye"
  | "cancel"
  | "rejected"
  | "timeout"
  | "no_ack"
  | "transport_error"
  | "shutdown";

export interface LegEndCause {
  reason: EndReason;
  by: "local" | "remote";
  /** The SIP status that ended a leg that was never answered. */
  status?: number;
}

/** What a leg tells the call layer; every member optional. */
export interface LegListener {
  /** A provisional answer (180/183), with early-media SDP when the peer sent one. */
  ringing?(sdp: string | undefined): void;
  /** The leg is up: for a client leg the peer's SDP answer, for a server leg our answer was ACKed. */
  answered?(sdp: string): void;
  ended?(cause: LegEndCause): void;
  /** A re-INVITE or UPDATE with a new offer (hold, unhold, codec change); returns our answer. */
  reoffer?(sdp: string): string | Promise<string>;
  /** A digit sent in SIP INFO (application/dtmf-relay or application/dtmf). */
  digit?(digit: string): void;
  /** REFER from a phone that transfers; return false to refuse with 603. */
  refer?(target: string, referredBy: string | undefined): boolean;
}

/** What legs need from the stack that owns them. */
export interface LegHost {
  readonly clock: Clock;
  readonly log: Logger;
  readonly t1: number;
  readonly t2: number;
  contactFor(destination: Destination): string;
  sendRequest(
    request: SipRequest,
    destination: Destination,
    listener?: Partial<Pick<TransactionUser, "onResponse" | "onTimeout" | "onTransportError">>,
  ): ClientTransaction;
  sendAck(ack: SipRequest, destination: Destination): void;
  bindDialog(key: string, leg: Leg): void;
  legEnded(leg: Leg): void;
  /** A server leg sent its 200 OK (for the INVITE→200 latency figures). */
  legAnswered?(leg: Leg): void;
}

let nextLegNumber = 1;

/**
 * One side of a call as the B2BUA sees it: a SIP dialog with a peer. In-dialog requests
 * (BYE, re-INVITE, UPDATE, INFO, REFER, OPTIONS) are handled here for both kinds of leg.
 */
export abstract class Leg {
  readonly id = `leg-${nextLegNumber++}`;
  abstract readonly direction: "inbound" | "outbound";
  #state: LegState = "calling";
  #listeners: LegListener[] = [];
  protected dialog?: Dialog;
  remoteSdp?: string;
  localSdp?: string;
  endCause?: LegEndCause;

  constructor(
    protected readonly host: LegHost,
    /** Where in-dialog requests go: the peer's flow (source address or registered contact). */
    readonly peer: Destination,
    readonly sipCallId: string,
  ) {}

  get state(): LegState {
    return this.#state;
  }

  get ended(): boolean {
    return this.#state === "ended";
  }

  listen(listener: LegListener): void {
    this.#listeners.push(listener);
  }

  protected transition(to: LegState): void {
    if (!MOVES[this.#state].includes(to)) {
      throw new Error(`Leg ${this.id} cannot go from ${this.#state} to ${to}`);
    }
    this.#state = to;
  }

  protected emit<K extends keyof LegListener>(
    event: K,
    ...args: Parameters<NonNullable<LegListener[K]>>
  ): void {
    for (const listener of this.#listeners) {
      const handler = listener[event] as ((...a: unknown[]) => unknown) | undefined;
      if (!handler) continue;
      try {
        handler.apply(listener, args);
      } catch (error) {
        this.host.log.error("leg listener failed", {
          leg: this.id,
          sip_call_id: this.sipCallId,
          event,
          error,
        });
      }
    }
  }

  protected get listeners(): readonly LegListener[] {
    return this.#listeners;
  }

  /** Ends the leg towards its peer: BYE when confirmed, CANCEL or a rejection before. */
  abstract hangup(reason?: EndReason): void;

  /** Sends a re-INVITE with a new offer (hold/unhold); resolves with the peer's answer. */
  reinvite(sdp: string): Promise<string> {
    if (!this.dialog || this.#state !== "confirmed") {
      return Promise.reject(new Error(`Leg ${this.id} is not answered; cannot re-INVITE`));
    }
    const request = this.dialog.createRequest("INVITE", {
      body: sdp,
      contentType: "application/sdp",
    });
    return new Promise((resolve, reject) => {
      this.host.sendRequest(request, this.peer, {
        onResponse: (response) => {
          if (response.status < 200) return;
          this.dialog?.receiveResponse(request, response);
          if (response.status < 300) {
            this.host.sendAck(this.dialog!.createAck(request), this.peer);
            this.localSdp = sdp;
            this.remoteSdp = bodyText(response);
            resolve(this.remoteSdp);
          } else {
            reject(new Error(`re-INVITE refused with ${response.status} ${response.reason}`));
          }
        },
        onTimeout: () => reject(new Error("re-INVITE timed out")),
        onTransportError: (_tx, error) => reject(error),
      });
    });
  }

  /** Sends an in-dialog INFO carrying a DTMF digit (application/dtmf-relay). */
  sendInfoDigit(digit: string, durationMs = 160): void {
    if (!this.dialog || this.#state !== "confirmed") return;
    const request = this.dialog.createRequest("INFO", {
      body: `Signal=${digit}\r\nDuration=${durationMs}\r\n`,
      contentType: "application/dtmf-relay",
    });
    this.host.sendRequest(request, this.peer);
  }

  /** An in-dialog request for this leg (the stack matched Call-ID and our tag). */
  receiveInDialog(request: SipRequest, transaction: ServerTransaction | undefined): void {
    if (request.method === "ACK") {
      this.receiveAck(request);
      return;
    }
    if (!transaction) return;
    const problem = this.dialog?.receiveRequest(request);
    if (problem) {
      transaction.respond(createResponse(request, problem.status, { reason: problem.reason }));
      return;
    }
    switch (request.method) {
      case "BYE":
        transaction.respond(createResponse(request, 200));
        this.finish({ reason: "bye", by: "remote" });
        return;
      case "INVITE":
      case "UPDATE":
        this.#answerReoffer(request, transaction);
        return;
      case "INFO":
        this.#receiveInfo(request, transaction);
        return;
      case "REFER":
        this.#receiveRefer(request, transaction);
        return;
      case "OPTIONS":
      case "NOTIFY":
        transaction.respond(createResponse(request, 200));
        return;
      default:
        transaction.respond(createResponse(request, 405, { headers: [["Allow", ALLOW]] }));
    }
  }

  /** The ACK for our 2xx; only server legs and re-INVITEs we answered wait for one. */
  protected receiveAck(_ack: SipRequest): void {}

  /** Called once when the leg is over, whoever ended it. */
  protected finish(cause: LegEndCause): void {
    if (this.#state === "ended") return;
    this.#state = "ended";
    this.endCause = cause;
    this.dialog?.transition("terminated");
    this.host.legEnded(this);
    this.emit("ended", cause);
    // The stack keeps an ended leg for 32 s to absorb retransmissions, and nothing is
    // told after `ended`: letting go of the listeners lets go of the call and its media.
    this.#listeners = [];
  }

  protected sendBye(): void {
    if (!this.dialog) return;
    const bye = this.dialog.createRequest("BYE");
    this.host.sendRequest(bye, this.peer, {
      onResponse: () => {},
      onTimeout: () => {},
      onTransportError: () => {},
    });
  }

  async #answerReoffer(request: SipRequest, transaction: ServerTransaction): Promise<void> {
    const offer = bodyText(request);
    const handler = this.listeners.find((l) => l.reoffer);
    if (!offer) {
      // An offerless re-INVITE asks us to offer; repeating our last SDP is a valid offer.
      transaction.respond(this.#withSdp(request, 200, this.localSdp ?? ""));
      return;
    }
    try {
      const answer = handler ? await handler.reoffer!(offer) : this.localSdp;
      if (!answer) {
        transaction.respond(createResponse(request, 488));
        return;
      }
      this.remoteSdp = offer;
      this.localSdp = answer;
      transaction.respond(this.#withSdp(request, 200, answer));
    } catch (error) {
      this.host.log.warn("re-offer refused", { leg: this.id, sip_call_id: this.sipCallId, error });
      transaction.respond(createResponse(request, 488));
    }
  }

  #withSdp(request: SipRequest, status: number, sdp: string): SipResponse {
    return createResponse(request, status, {
      body: sdp,
      contentType: sdp ? "application/sdp" : undefined,
      headers: [["Contact", this.host.contactFor(this.peer)], ["Allow", ALLOW]],
    });
  }

  #receiveInfo(request: SipRequest, transaction: ServerTransaction): void {
    const type = request.headers.get("Content-Type")?.toLowerCase() ?? "";
    const text = bodyText(request);
    let digit: string | undefined;
    if (type.startsWith("application/dtmf-relay")) {
      digit = /Signal\s*=\s*([0-9A-D*#])/i.exec(text)?.[1];
    } else if (type.startsWith("application/dtmf")) {
      digit = /^\s*([0-9A-D*#]|1[01])\s*$/i.exec(text)?.[1];
    }
    if (digit === "10") digit = "*";
    if (digit === "11") digit = "#";
    transaction.respond(createResponse(request, 200));
    if (digit) this.emit("digit", digit.toUpperCase());
  }

  #receiveRefer(request: SipRequest, transaction: ServerTransaction): void {
    const target = request.headers.get("Refer-To");
    if (!target) {
      transaction.respond(createResponse(request, 400, { reason: "Missing Refer-To" }));
      return;
    }
    const handler = this.listeners.find((l) => l.refer);
    const accepted = handler ? handler.refer!(target, request.headers.get("Referred-By")) : false;
    transaction.respond(createResponse(request, accepted ? 202 : 603));
    if (accepted && this.dialog) {
      // RFC 3515 §2.4.5: report the outcome; the transfer is taken over by the B2BUA.
      const notify = this.dialog.createRequest("NOTIFY", {
        body: "SIP/2.0 200 OK\r\n",
        contentType: "message/sipfrag;version=2.0",
        headers: [["Event", "refer"], ["Subscription-State", "terminated;reason=noresource"]],
      });
      this.host.sendRequest(notify, this.peer, {
        onResponse: () => {},
        onTimeout: () => {},
        onTransportError: () => {},
      });
    }
  }
}

/** Methods the appliance accepts, for Allow headers. */
export const ALLOW =
  "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, REFER, NOTIFY, PRACK, REGISTER";
