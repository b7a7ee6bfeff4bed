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
  at: { host: QueuedCallHost; call: Call; gone(): boolean },
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
  try {
    offer.media = await openAgentLegMedia(contact.flow.transport, host.plane, host.webrtc);
  } catch (error) {
    host.log.warn("could not open media for the agent leg", { ...fields, error });
    return "unreachable";
  }
  if (at.gone()) {
    await offer.media.close();
    return "gone";
  }
  const media = offer.media;
  const leg = host.sip.originate({
    requestUri: contact.contact,
    destination: contact.flow,
    from: { user: call.info.caller || "anonymous", displayName: call.info.callerName },
    to: `<sip:${info.extension}@${host.plane.advertisedAddress}>`,
    sdp: media.offer,
    headers: [
      ["X-CC-Call-Id", call.id],
      ...(options.queueName ? [["X-CC-Queue", options.queueName] as [string, string]] : []),
      ...(options.headers ?? []),
    ],
  });
  offer.leg = leg;
  leg.listen({
    answered: options.answered,
    ended: options.ended,
    reoffer: (sdp) => media.reanswer(sdp) ?? "",
  });
  host.log.debug("ringing agent", { ...fields, sip_call_id: leg.sipCallId });
  return "ringing";
}

/**
 * Rings an outside number through a trunk (the office PBX that delivered the call): plain
 * RTP media, the INVITE to `sip:<number>@<trunk host>:<port>` over the trunk's transport.
 */
export async function dialOutside(
  at: { host: QueuedCallHost; call: Call; gone(): boolean },
  offer: AgentOffer,
  number: string,
  trunk: Trunk,
  options: { answered(sdp: string): void; ended(cause: LegEndCause): void },
): Promise<DialOutcome> {
  const { host, call } = at;
  const fields = { call_id: call.id, number, trunk: trunk.name };
  try {
    offer.media = await openAgentLegMedia(trunk.transport, host.plane, host.webrtc);
  } catch (error) {
    host.log.warn("could not open media for the outside leg", { ...fields, error });
    return "unreachable";
  }
  if (at.gone()) {
    await offer.media.close();
    return "gone";
  }
  const media = offer.media;
  const target = `${number}@${hostForUri(trunk.host)}:${trunk.port}`;
  const leg = host.sip.originate({
    requestUri: `sip:${target}`,
    destination: { transport: trunk.transport, host: trunk.host, port: trunk.port },
    from: { user: call.info.caller || "anonymous", displayName: call.info.callerName },
    to: `<sip:${target}>`,
    sdp: media.offer,
    headers: [["X-CC-Call-Id", call.id]],
  });
  offer.leg = leg;
  leg.listen({
    answered: options.answered,
    ended: options.ended,
    reoffer: (sdp) => media.reanswer(sdp) ?? "",
  });
  host.log.debug("ringing an outside number", { ...fields, sip_call_id: leg.sipCallId });
  return "ringing";
}

/** An IPv6 address in a SIP URI goes in brackets (RFC 3261 §25.1). */
function hostForUri(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}
