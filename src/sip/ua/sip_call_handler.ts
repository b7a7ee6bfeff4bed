import type { ServerLeg } from "./server_leg.ts";
import type { Trunk } from "./trunk_directory.ts";

/** An INVITE from a trunk, handed to the call layer. */
export interface IncomingCall {
  leg: ServerLeg;
  trunk: Trunk;
  /** The dialed number (Request-URI user). */
  did: string;
  /** The caller's number as the trunk presented it (not yet normalised). */
  caller: string;
  callerName?: string;
}

/** What the call layer does with calls the SIP layer accepts or refuses. */
export interface SipCallHandler {
  incomingCall(call: IncomingCall): void;
  /** A trunk call refused before it reached anything (trunk at its limit, shutting down). */
  blockedCall(
    info: { trunk: Trunk; did: string; caller: string; reason: string; sipCallId: string },
  ): void;
}
