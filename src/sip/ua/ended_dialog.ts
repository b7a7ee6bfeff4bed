/**
 * What the stack keeps of an inbound call's dialog after the call ended: enough to answer
 * a request that was already on its way. The peer's BYE that crossed ours gets 200 (RFC
 * 3261 §15.1.2), a late ACK is absorbed, and anything else gets 481, the dialog being gone
 * (§12.2.2). It replaces the ended leg, which held the INVITE, both SDPs and the dialog's
 * state for the half minute it is kept.
 */
import { createResponse, type ServerTransaction, type SipRequest } from "../core/mod.ts";

export class EndedDialog {
  readonly ended = true;

  /** Already ended: nothing to hang up. */
  hangup(): void {}

  receiveInDialog(request: SipRequest, transaction: ServerTransaction | undefined): void {
    if (!transaction) return; // ACK
    transaction.respond(createResponse(request, request.method === "BYE" ? 200 : 481));
  }
}
