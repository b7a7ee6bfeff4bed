import type { LegEndCause } from "../sip/mod.ts";
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
