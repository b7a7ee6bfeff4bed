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
import { ALLOW, type EndReason, Leg, type LegEndCause, type LegHost } from "./leg.ts";

export interface ServerLegOptions {
  /**
   * How long the INVITE may wait for a final answer. Past it the leg refuses the call
   * with 408 and ends, so whatever the call held (a trunk slot, media) is let go even
   * if the layer above never answers.
   */
  setupTimeoutMs?: number;
}

/**
 * The leg of a call that arrived: we are the UAS of the peer's INVITE (a PBX trunk, or
 * a phone calling in). The call layer rings, answers, rejects or hangs it up. Whatever
 * happens, the INVITE gets exactly one final answer and the leg ends if that answer is
 * not a 2xx.
 */
export class ServerLeg extends Leg {
  readonly direction = "inbound" as const;
  readonly localTag = generateTag();
  /**
   * When the INVITE arrived, in performance.now() milliseconds: at the kernel where the
   * transport can tell (so time spent unread counts), else when it was read.
   */
  readonly receivedAt: number;
  /** When the INVITE was read off the socket, in performance.now() milliseconds. */
  readonly readAt = performance.now();
  #final = false;
  #stopRetransmit?: CancelTimer;
  #stopAckWait?: CancelTimer;
  #stopSetupWait?: CancelTimer;

  constructor(
    host: LegHost,
    readonly invite: SipRequest,
    private readonly transaction: InviteServerTransaction,
    source: Destination,
    options: ServerLegOptions = {},
  ) {
    super(host, source, callIdOf(invite));
    this.receivedAt = invite.arrivedAt ?? performance.now();
    this.remoteSdp = bodyText(invite) || undefined;
    host.bindDialog(this.dialogKey, this);
    const setup = options.setupTimeoutMs;
    if (setup !== undefined) {
      this.#stopSetupWait = host.clock.setTimer(setup, () => this.#setupTimedOut(setup));
    }
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
    if (!this.#respond(response)) return;
    if (sdp) this.localSdp = sdp;
    if (this.state === "calling") this.transition("early");
  }

  /**
   * 200 OK with our SDP answer; the leg is confirmed when the ACK arrives (RFC 3261
   * §13.3.1.4). Throws when the call cannot be answered, having refused it first, so
   * the INVITE still gets its final answer and the leg ends.
   */
  answer(sdp: string): void {
    if (this.#final || this.ended) throw new Error(`Leg ${this.id} was already answered or ended`);
    const response = this.#response(200, sdp);
    let dialog: Dialog;
    try {
      dialog = Dialog.fromUas(this.invite, response);
    } catch (error) {
      // Admission checks the INVITE for this (uasDialogProblem); should one slip through,
      // the caller still hears a final answer rather than ringing forever.
      this.reject(500);
      throw error;
    }
    this.#final = true;
    this.localSdp = sdp;
    this.dialog = dialog;
    if (!this.#respond(response)) {
      throw new Error(`Leg ${this.id} could not send its 200 OK`);
    }
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
    this.#refuse(status, { reason: "rejected", by: "local", status }, reason, headers);
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
    this.#refuse(487, { reason: "cancel", by: "remote", status: 487 });
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
    this.#stopSetupWait?.();
    super.finish(cause);
  }

  #setupTimedOut(afterMs: number): void {
    if (this.#final || this.ended) return;
    this.host.log.warn("call not answered in time; refusing it", {
      sip_call_id: this.sipCallId,
      after_ms: afterMs,
    });
    // RFC 3261 §21.4.9: we could not produce a response within a suitable time.
    this.#refuse(408, { reason: "timeout", by: "local", status: 408 });
  }

  /** The one final non-2xx answer, and the end of the leg that goes with it. */
  #refuse(
    status: number,
    cause: LegEndCause,
    reason?: string,
    headers: [string, string][] = [],
  ): void {
    if (this.#final || this.ended) return;
    this.#final = true;
    const sent = this.#respond(
      createResponse(this.invite, status, { reason, toTag: this.localTag, headers }),
    );
    if (sent) this.finish(cause);
  }

  /**
   * Hands a response to the INVITE transaction. When the transaction is gone (its
   * transport failed) the leg can never answer, so it ends here rather than holding on.
   */
  #respond(response: SipResponse): boolean {
    try {
      this.transaction.respond(response);
      return true;
    } catch (error) {
      this.host.log.debug("INVITE transaction cannot answer; ending the leg", {
        sip_call_id: this.sipCallId,
        status: response.status,
        error,
      });
      this.#final = true;
      this.finish({ reason: "transport_error", by: "local", status: response.status });
      return false;
    }
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
