import {
  answerDigestChallenge,
  bodyText,
  type ClientTransaction,
  cloneMessage,
  createCancel,
  createRequest,
  type Destination,
  Dialog,
  generateCallId,
  generateTag,
  parseDigestChallenge,
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
  /**
   * Digest credentials for a 401/407 from the far end (a PBX that checks who calls out
   * through it); without them a challenge ends the leg as rejected.
   */
  credentials?: { username: string; password: string };
}

const quote = (text: string) => `"${text.replace(/["\\]/g, "")}"`;

/**
 * The leg the appliance places: we are the UAC (ringing an agent's phone or browser,
 * or calling out through a trunk).
 */
export class ClientLeg extends Leg {
  readonly direction = "outbound" as const;
  readonly localTag = generateTag();
  #invite: SipRequest;
  #transaction?: ClientTransaction;
  readonly #credentials?: { username: string; password: string };
  /** Challenges answered so far; a second one without `stale` means the password is wrong. */
  #challenges = 0;
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
    this.#invite = invite;
    this.#credentials = options.credentials;
    this.localSdp = options.sdp;
    host.bindDialog(this.dialogKey, this);
  }

  /** The INVITE in flight: the first one, or the one that answered a digest challenge. */
  get invite(): SipRequest {
    return this.#invite;
  }

  get dialogKey(): string {
    return `${this.sipCallId};${this.localTag}`;
  }

  /** Sends the INVITE. */
  start(): void {
    this.#send();
  }

  #send(): void {
    this.#transaction = this.host.sendRequest(this.#invite, this.peer, {
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
      if (this.state === "confirmed" && this.dialog?.remoteTag === tagOf(toOf(response))) {
        // RFC 6026 §7.2: the accepted transaction hands on 2xx retransmissions (our ACK
        // was lost on the way); each is ACKed again, and the call was answered once.
        this.#acknowledge(response);
        return;
      }
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
    if ((response.status === 401 || response.status === 407) && this.#answerChallenge(response)) {
      return;
    }
    this.#final = true;
    this.finish({
      reason: this.#cancelRequested ? "cancel" : "rejected",
      by: "remote",
      status: response.status,
    });
  }

  /**
   * RFC 3261 §22.2 and §22.3: a 401 or 407 to our INVITE is answered once by the same
   * INVITE with CSeq one higher, a new branch and the digest response (a second only when
   * the nonce went stale). The transaction has already ACKed the challenge (§17.1.1.3).
   * False when there is nothing to answer with, or the answer was refused.
   */
  #answerChallenge(response: SipResponse): boolean {
    const credentials = this.#credentials;
    if (!credentials || this.#cancelRequested || this.ended) return false;
    const header = response.status === 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
    const text = response.headers.get(header);
    if (!text) return false;
    let value: string;
    try {
      const challenge = parseDigestChallenge(text);
      if (this.#challenges >= 2 || (this.#challenges === 1 && !challenge.stale)) return false;
      value = answerDigestChallenge(challenge, {
        ...credentials,
        method: "INVITE",
        uri: this.#invite.uri,
      });
    } catch {
      return false;
    }
    this.#challenges++;
    const next = cloneMessage(this.#invite);
    next.headers.delete("Via");
    next.headers.delete("Authorization");
    next.headers.delete("Proxy-Authorization");
    const cseq = Number.parseInt(this.#invite.headers.get("CSeq") ?? "1", 10);
    next.headers.set("CSeq", `${cseq + 1} INVITE`);
    next.headers.append(response.status === 401 ? "Authorization" : "Proxy-Authorization", value);
    this.#invite = next;
    this.#provisional = false;
    this.#send();
    return true;
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
