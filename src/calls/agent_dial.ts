import type { LegEndCause, Trunk } from "../sip/mod.ts";
import { openAgentLegMedia } from "./agent_leg_media.ts";
import type { Call } from "./call.ts";
import type { AgentOffer } from "./call_transfer.ts";
import type { QueuedCallHost } from "./queued_call.ts";

/**
 * "ringing" once the INVITE is out; "unreachable" when the agent has no registered phone
 * or no media could be opened; "gone" when the offer was taken back (or the caller left)
 * while media was being opened.
 */
export type DialOutcome = "ringing" | "unreachable" | "gone";

/**
 * Rings an agent's most recently registered phone or browser for a call: opens media of
 * the kind that contact speaks (RTP, or WebRTC for a browser), then sends the INVITE with
 * the call's id (and queue) in headers the desktop reads for its screen pop.
 */
export async function dialAgent(
  at: DialContext,
  offer: AgentOffer,
  options: {
    queueName?: string;
    headers?: [string, string][];
    answered(sdp: string): void;
    ended(cause: LegEndCause): void;
  },
): Promise<DialOutcome> {
  const { host, call } = at;
  const info = host.agentInfo(offer.agentKey);
  const contact = info?.extension ? host.sip.contactsOf(info.extension)[0] : undefined;
  const fields = { call_id: call.id, agent: info?.username ?? offer.agentKey };
  if (!info || !contact) {
    host.log.warn("agent has no registered phone; the offer counts as not answered", fields);
    return "unreachable";
  }
  return await invite(at, offer, fields, {
    transport: contact.flow.transport,
    requestUri: contact.contact,
    destination: contact.flow,
    to: `<sip:${info.extension}@${host.plane.advertisedAddress}>`,
    headers: [
      ...(options.queueName ? [["X-CC-Queue", options.queueName] as [string, string]] : []),
      ...(options.headers ?? []),
    ],
  }, options);
}

/**
 * Rings an outside number through a trunk (the office PBX that delivered the call): plain
 * RTP media, the INVITE to `sip:<number>@<trunk host>:<port>` over the trunk's transport.
 */
export async function dialOutside(
  at: DialContext,
  offer: AgentOffer,
  number: string,
  trunk: Trunk,
  events: { answered(sdp: string): void; ended(cause: LegEndCause): void },
): Promise<DialOutcome> {
  const target = `${number}@${hostForUri(trunk.host)}:${trunk.port}`;
  return await invite(at, offer, { call_id: at.call.id, number, trunk: trunk.name }, {
    transport: trunk.transport,
    requestUri: `sip:${target}`,
    destination: { transport: trunk.transport, host: trunk.host, port: trunk.port },
    to: `<sip:${target}>`,
    headers: [],
  }, events);
}

/** Where a leg is dialled from: the call it belongs to, and whether it is still wanted. */
interface DialContext {
  host: QueuedCallHost;
  call: Call;
  gone(): boolean;
}

/** Opens media of the kind the transport speaks, then sends the INVITE carrying the call's id. */
async function invite(
  at: DialContext,
  offer: AgentOffer,
  fields: Record<string, unknown>,
  target: {
    transport: string;
    requestUri: string;
    destination: { transport: string; host: string; port: number };
    to: string;
    headers: [string, string][];
  },
  events: { answered(sdp: string): void; ended(cause: LegEndCause): void },
): Promise<DialOutcome> {
  const { host, call } = at;
  try {
    offer.media = await openAgentLegMedia(target.transport, host.plane, host.webrtc);
  } catch (error) {
    host.log.warn("could not open media for the leg", { ...fields, error });
    return "unreachable";
  }
  if (at.gone()) {
    await offer.media.close();
    return "gone";
  }
  const media = offer.media;
  const leg = host.sip.originate({
    requestUri: target.requestUri,
    destination: target.destination,
    from: { user: call.info.caller || "anonymous", displayName: call.info.callerName },
    to: target.to,
    sdp: media.offer,
    headers: [["X-CC-Call-Id", call.id], ...target.headers],
  });
  offer.leg = leg;
  leg.listen({
    answered: events.answered,
    ended: events.ended,
    reoffer: (sdp) => media.reanswer(sdp) ?? "",
  });
  host.log.debug("ringing", { ...fields, sip_call_id: leg.sipCallId });
  return "ringing";
}

/** An IPv6 address in a SIP URI goes in brackets (RFC 3261 §25.1). */
function hostForUri(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}
