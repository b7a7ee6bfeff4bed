import type { Logger } from "../log/mod.ts";
import {
  type ClientLeg,
  hostForUri,
  type LegEndCause,
  type SipStack,
  type Trunk,
} from "../sip/mod.ts";
import type { Call } from "./call.ts";
import type { MediaPlane } from "./call_media.ts";
import { type LegMedia, openLegMedia, type WebRtcLegOptions } from "./leg_media.ts";
import { Party, type PartyMode, type PartyRole } from "./party.ts";

/** Where a new party is rung: an extension's latest registration, or a number on a trunk. */
export type DialTarget =
  | { extension: string }
  | { number: string; trunk: Trunk };

/** A leg to ring for a call, and what to do as it rings, answers or ends. */
export interface DialRequest {
  /** The party's id on the call ("agent:12", "outside:+8613800138000"). */
  partyId: string;
  role: PartyRole;
  to: DialTarget;
  /** The mode the party has when it joins; talk by default. */
  mode?: PartyMode;
  /** Extra SIP headers for the INVITE (the call's id always goes as X-CC-Call-Id). */
  headers?: [string, string][];
  /** True when the leg is no longer wanted (checked once its media is open). */
  gone?(): boolean;
  /** The far end answered with usable audio; the party is not on the call until joined. */
  answered(party: Party): void;
  /** The far end answered with audio that cannot be used; its leg is being hung up. */
  unusable(error: unknown): void;
  ended(cause: LegEndCause): void;
}

/**
 * "ringing" once the INVITE is out; "unreachable" when the extension has no registered
 * phone or no media could be opened; "gone" when the leg stopped being wanted while media
 * was being opened.
 */
export type DialOutcome = "ringing" | "unreachable" | "gone";

/** A leg being rung: hang it up (CANCEL or BYE) and close its media. */
export interface DialedLeg {
  readonly leg: ClientLeg;
  readonly media: LegMedia;
  /** Ends the leg and its media; safe to call more than once. */
  drop(): void;
}

/** What dialling needs from the rest of the appliance. */
export interface DialPlane {
  sip: Pick<SipStack, "contactsOf" | "originate">;
  /** A trunk's digest credentials, for a PBX that challenges calls out through it. */
  trunkCredentials?: (trunk: Trunk) => { username: string; password: string } | undefined;
  plane: MediaPlane;
  webrtc?: WebRtcLegOptions;
  log: Logger;
}

/**
 * Rings a new party for a call: opens media of the kind the far end speaks (RTP, or
 * WebRTC for a browser on SIP over WebSocket), then sends the INVITE with the call's id.
 */
export async function dialParty(
  at: DialPlane,
  call: Pick<Call, "id" | "info">,
  request: DialRequest,
): Promise<{ outcome: DialOutcome; dialed?: DialedLeg }> {
  const target = resolve(at, request.to);
  const fields = { call_id: call.id, party: request.partyId };
  if (!target) {
    at.log.warn("the extension has no registered phone; nothing to ring", fields);
    return { outcome: "unreachable" };
  }
  let media: LegMedia;
  try {
    media = await openLegMedia(target.transport, at.plane, at.webrtc);
  } catch (error) {
    at.log.warn("could not open media for the leg", { ...fields, error });
    return { outcome: "unreachable" };
  }
  if (request.gone?.()) {
    await media.close();
    return { outcome: "gone" };
  }
  const leg = at.sip.originate({
    requestUri: target.requestUri,
    destination: target.destination,
    from: { user: call.info.caller || "anonymous", displayName: call.info.callerName },
    to: target.to,
    sdp: media.offer,
    headers: [["X-CC-Call-Id", call.id], ...(request.headers ?? [])],
    credentials: "trunk" in request.to ? at.trunkCredentials?.(request.to.trunk) : undefined,
  });
  let dropped = false;
  const dialed: DialedLeg = {
    leg,
    media,
    drop: () => {
      if (dropped) return;
      dropped = true;
      leg.hangup();
      void media.close();
    },
  };
  leg.listen({
    answered: async (sdp) => {
      if (dropped) return;
      try {
        await media.accept(sdp);
      } catch (error) {
        request.unusable(error);
        dialed.drop();
        return;
      }
      request.answered(new Party(request.partyId, request.role, media.leg, leg, request.mode));
    },
    ended: (cause) => request.ended(cause),
    reoffer: (sdp) => media.reanswer(sdp) ?? "",
  });
  at.log.debug("ringing", { ...fields, sip_call_id: leg.sipCallId });
  return { outcome: "ringing", dialed };
}

interface ResolvedTarget {
  transport: string;
  requestUri: string;
  destination: { transport: string; host: string; port: number };
  to: string;
}

function resolve(at: DialPlane, to: DialTarget): ResolvedTarget | undefined {
  if ("extension" in to) {
    const contact = at.sip.contactsOf(to.extension)[0];
    if (!contact) return undefined;
    return {
      transport: contact.flow.transport,
      requestUri: contact.contact,
      destination: contact.flow,
      to: `<sip:${to.extension}@${at.plane.advertisedAddress}>`,
    };
  }
  const { trunk } = to;
  const target = `${to.number}@${hostForUri(trunk.host)}:${trunk.port}`;
  return {
    transport: trunk.transport,
    requestUri: `sip:${target}`,
    destination: { transport: trunk.transport, host: trunk.host, port: trunk.port },
    to: `<sip:${target}>`,
  };
}
