import type { CancelTimer } from "../../clock/mod.ts";
import {
  bodyText,
  callIdOf,
  createResponse,
  type Destination,
  Dialog,
  fromOf,
  generateTag,
  type InviteServerTransaction,
  type NameAddr,
  type ServerTransaction,
  type SipRequest,
  type SipResponse,
  toOf,
} from "../core/mod.ts";
import { ALLOW, type EndReason, Leg, type LegHost } from "./leg.ts";

/**
 * The leg of a call that arrived: we are the UAS of the peer's INVITE (a PBX trunk, or
 * a phone calling in). The call layer rings, answers, rejects or hangs it up.
 */
export class ServerLeg extends Leg {
  readonly direction = "inbound" as const;
  readonly localTag = generateTag();
  /** When the INVITE arrived, in performance.now() milliseconds. */
  readonly receivedAt = performance.now();
  #final = false;
  #stopRetransmit?: CancelTimer;
  #stopAckWait?: CancelTimer;

  constructor(
    host: LegHost,
    readonly invite: SipRequest,
    private readonly transaction: InviteServerTransaction,
    source: Destination,
  ) {
    super(host, source, callIdOf(invite));
    this.remoteSdp = bodyText(invite) || undefined;
    host.bindDialog(this.dialogKey, this);
  }

  get dialogKey(): string {
    return `${this.sipCallId};${this.localTag}`;
  }

  /** The caller as the peer presented it (From). */
  get from(): NameAddr {
    return fromOf(this.invite);
  }

  /** The called party (To), the DID for trunk calls. */
  get to(): NameAddr {
    return toOf(this.invite);
  }

  /** 180 Ringing, or 183 Session Progress with early media when `sdp` is given. */
  ring(sdp?: string): void {
    if (this.#final || this.ended) return;
    const response = this.#response(sdp ? 183 : 180, sdp);
    this.transaction.respond(response);
    if (sdp) this.localSdp = sdp;
    if (this.state === "calling") this.transition("early");
  }

  /** 200 OK with our SDP answer; the leg is confirmed when the ACK arrives (RFC 3261 §13.3.1.4). */
  answer(sdp: string): void {
    if (this.#final || this.ended) throw new Error(`Leg ${this.id} was already answered or ended`);
    this.#final = true;
    this.localSdp = sdp;
    const response = this.#response(200, sdp);
    this.dialog = Dialog.fromUas(this.invite, response);
    this.transaction.respond(response);
    this.host.legAnswered?.(this);
    if (!this.transaction.reliable) this.#retransmit(response, this.host.t1);
    this.#stopAckWait = this.host.clock.setTimer(64 * this.host.t1, () => {
      this.#stopRetransmit?.();
      this.host.log.warn("no ACK for our 200; hanging up", { sip_call_id: this.sipCallId });
      this.sendBye();
      this.finish({ reason: "no_ack", by: "remote" });
    });
  }

  /** A final non-2xx answer (486 busy, 480 unavailable, 503, 603…). */
  reject(status: number, reason?: string, headers: [string, string][] = []): void {
    if (this.#final || this.ended) return;
    this.#final = true;
    this.transaction.respond(
      createResponse(this.invite, status, { reason, toTag: this.localTag, headers }),
    );
    this.finish({ reason: "rejected", by: "local", status });
  }

  hangup(reason: EndReason = "bye"): void {
    if (this.ended) return;
    if (!this.#final) {
      this.reject(reason === "shutdown" ? 503 : 480);
      return;
    }
    this.#stopRetransmit?.();
    this.#stopAckWait?.();
    this.sendBye();
    this.finish({ reason, by: "local" });
  }

  /** RFC 3261 §9.2: the CANCEL gets 200, the INVITE 487, unless it was already answered. */
  receiveCancel(cancel: SipRequest, cancelTransaction: ServerTransaction): void {
    cancelTransaction.respond(createResponse(cancel, 200));
    if (this.#final || this.ended) return;
    this.#final = true;
    this.transaction.respond(createResponse(this.invite, 487, { toTag: this.localTag }));
    this.finish({ reason: "cancel", by: "remote", status: 487 });
  }

  protected override receiveAck(_ack: SipRequest): void {
    this.#stopRetransmit?.();
    this.#stopAckWait?.();
    this.#stopRetransmit = this.#stopAckWait = undefined;
    if (this.state !== "confirmed" && !this.ended && this.#final) {
      this.transition("confirmed");
      this.emit("answered", this.remoteSdp ?? "");
    }
  }

  protected override finish(cause: Parameters<Leg["finish"]>[0]): void {
    this.#stopRetransmit?.();
    this.#stopAckWait?.();
    super.finish(cause);
  }

  #retransmit(response: SipResponse, interval: number): void {
    this.#stopRetransmit = this.host.clock.setTimer(interval, () => {
      try {
        this.transaction.respond(response);
      } catch {
        return; // The transaction is gone; the ACK timer decides.
      }
      this.#retransmit(response, Math.min(interval * 2, this.host.t2));
    });
  }

  #response(status: number, sdp?: string): SipResponse {
    return createResponse(this.invite, status, {
      toTag: this.localTag,
      body: sdp,
      contentType: sdp ? "application/sdp" : undefined,
      copyRecordRoute: true,
      headers: [["Contact", this.host.contactFor(this.peer)], ["Allow", ALLOW], [
        "Supported",
        "replaces",
      ]],
    });
  }
}
