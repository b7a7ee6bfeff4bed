import {
  bodyText,
  type ClientTransaction,
  createCancel,
  createRequest,
  type Destination,
  Dialog,
  generateCallId,
  generateTag,
  type SipRequest,
  type SipResponse,
  tagOf,
  toOf,
} from "../core/mod.ts";
import { ALLOW, type EndReason, Leg, type LegHost } from "./leg.ts";

export interface OriginateOptions {
  /** Request-URI: the registered contact, or the number at the trunk. */
  requestUri: string;
  /** Where the INVITE goes: the contact's flow (connection or address). */
  destination: Destination;
  /** From: who the callee sees as calling. */
  from: { user: string; displayName?: string; host: string };
  /** To: the AOR being called. */
  to: string;
  sdp: string;
  headers?: [string, string][];
}

const quote = (text: string) => `"${text.replace(/["\\]/g, "")}"`;

/**
 * The leg the appliance places: we are the UAC (ringing an agent's phone or browser,
 * or calling out through a trunk).
 */
export class ClientLeg extends Leg {
  readonly direction = "outbound" as const;
  readonly localTag = generateTag();
  readonly invite: SipRequest;
  #transaction?: ClientTransaction;
  #provisional = false;
  #cancelRequested = false;
  #final = false;

  constructor(host: LegHost, options: OriginateOptions) {
    const callId = generateCallId(options.from.host);
    super(host, options.destination, callId);
    const invite = createRequest({ method: "INVITE", uri: options.requestUri, body: options.sdp });
    invite.headers.append("Max-Forwards", "70");
    const display = options.from.displayName ? `${quote(options.from.displayName)} ` : "";
    invite.headers.append(
      "From",
      `${display}<sip:${options.from.user}@${options.from.host}>;tag=${this.localTag}`,
    );
    invite.headers.append("To", options.to);
    invite.headers.append("Call-ID", callId);
    invite.headers.append("CSeq", "1 INVITE");
    invite.headers.append("Contact", host.contactFor(options.destination));
    invite.headers.append("Allow", ALLOW);
    invite.headers.append("Content-Type", "application/sdp");
    for (const [name, value] of options.headers ?? []) invite.headers.append(name, value);
    this.invite = invite;
    this.localSdp = options.sdp;
    host.bindDialog(this.dialogKey, this);
  }

  get dialogKey(): string {
    return `${this.sipCallId};${this.localTag}`;
  }

  /** Sends the INVITE. */
  start(): void {
    this.#transaction = this.host.sendRequest(this.invite, this.peer, {
      onResponse: (response) => this.#receive(response),
      onTimeout: () => this.finish({ reason: "timeout", by: "remote", status: 408 }),
      onTransportError: () => this.finish({ reason: "transport_error", by: "remote", status: 503 }),
    });
  }

  /** Stops ringing (CANCEL) or ends the call (BYE). */
  hangup(reason: EndReason = "bye"): void {
    if (this.ended) return;
    if (this.state === "confirmed") {
      this.sendBye();
      this.finish({ reason, by: "local" });
      return;
    }
    this.#cancelRequested = true;
    // RFC 3261 §9.1: a CANCEL may only follow a provisional response.
    if (this.#provisional) this.#sendCancel();
    this.finish({ reason: reason === "bye" ? "cancel" : reason, by: "local" });
  }

  /** A 2xx retransmission or a late 2xx after CANCEL (transaction gone): ACK it again. */
  receiveStray(response: SipResponse): void {
    if (response.status >= 200 && response.status < 300) this.#acknowledge(response);
  }

  #receive(response: SipResponse): void {
    if (response.status < 200) {
      if (response.status === 100) return;
      this.#provisional = true;
      if (this.#cancelRequested) {
        this.#sendCancel();
        return;
      }
      if (this.ended) return;
      if (!this.dialog && tagOf(toOf(response))) {
        this.dialog = Dialog.fromUac(this.invite, response);
      }
      const sdp = bodyText(response) || undefined;
      if (sdp) this.remoteSdp = sdp;
      this.transition("early");
      this.emit("ringing", sdp);
      return;
    }
    if (response.status < 300) {
      this.#final = true;
      this.#acknowledge(response);
      if (this.#cancelRequested || this.ended) {
        // Answered after we gave up (CANCEL crossed the 200): hang up at once (§15).
        this.sendBye();
        return;
      }
      this.remoteSdp = bodyText(response);
      this.transition("confirmed");
      this.emit("answered", this.remoteSdp);
      return;
    }
    this.#final = true;
    this.finish({
      reason: this.#cancelRequested ? "cancel" : "rejected",
      by: "remote",
      status: response.status,
    });
  }

  #acknowledge(response: SipResponse): void {
    if (!this.dialog || this.dialog.remoteTag !== tagOf(toOf(response))) {
      this.dialog = Dialog.fromUac(this.invite, response);
    } else {
      this.dialog.receiveResponse(this.invite, response);
    }
    this.host.sendAck(this.dialog.createAck(this.invite), this.peer);
  }

  #sendCancel(): void {
    if (this.#final || !this.#transaction) return;
    this.host.sendRequest(createCancel(this.#transaction.request), this.peer, {
      onResponse: () => {},
      onTimeout: () => {},
      onTransportError: () => {},
    });
    this.#final = true;
  }
}
