import type { Call, CallService, DialedLeg, DialOutcome, Party } from "../calls/mod.ts";
import type { Logger } from "../log/mod.ts";
import type { LegEndCause, Trunk } from "../sip/mod.ts";
import type { AgentInfo } from "./queue_config.ts";

/** One attempt to reach an agent (or an outside number): the leg ringing there, then its party. */
export interface AgentOffer {
  /** The agent's engine key; for an outside number, `outside:<number>`. */
  agentKey: string;
  /** Set when the offer rings an outside number through a trunk, not an agent. */
  outside?: string;
  /** Taken back by us (another agent answered, the caller left, the ring timed out). */
  withdrawn: boolean;
  /** The leg while it rings and after. */
  dialed?: DialedLeg;
  /** The answered party, once the far end picked up with usable audio. */
  party?: Party;
}

/** What ringing and answering a leg report back to the call that rang it. */
export interface OfferEvents {
  answered(party: Party): void;
  /** The far end answered with audio that cannot be used; its leg is being dropped. */
  unusable(error: unknown): void;
  ended(cause: LegEndCause): void;
}

/** Where offers are rung from: the call-control API and who agents are. */
export interface OfferLine {
  calls: CallService;
  log: Logger;
  agentInfo(agentKey: string): AgentInfo | undefined;
}

/**
 * Rings an agent's most recently registered phone or browser for a call, with the call's
 * queue in a header the desktop reads for its screen pop; an outside number is rung
 * through the trunk given.
 */
export async function ringOffer(
  line: OfferLine,
  call: Call,
  offer: AgentOffer,
  options: {
    queueName?: string;
    headers?: [string, string][];
    trunk?: Trunk;
    gone(): boolean;
  } & OfferEvents,
): Promise<DialOutcome> {
  const headers = [
    ...(options.queueName ? [["X-CC-Queue", options.queueName] as [string, string]] : []),
    ...(options.headers ?? []),
  ];
  let to;
  if (offer.outside !== undefined) {
    if (!options.trunk) return "unreachable";
    to = { number: offer.outside, trunk: options.trunk };
  } else {
    const info = line.agentInfo(offer.agentKey);
    if (!info?.extension) {
      line.log.warn("agent has no extension; the offer counts as not answered", {
        call_id: call.id,
        agent: info?.username ?? offer.agentKey,
      });
      return "unreachable";
    }
    to = { extension: info.extension };
  }
  const { outcome, dialed } = await line.calls.dial(call, {
    partyId: offer.outside !== undefined ? offer.agentKey : `agent:${offer.agentKey}`,
    role: offer.outside !== undefined ? "outside" : "agent",
    to,
    headers,
    gone: options.gone,
    answered: (party) => {
      offer.party = party;
      options.answered(party);
    },
    unusable: options.unusable,
    ended: options.ended,
  });
  offer.dialed = dialed;
  return outcome;
}

/** Hangs up an offer's leg and closes its media; takes its party off the call. */
export function dropOffer(call: Call, offer: AgentOffer): void {
  offer.withdrawn = true;
  if (offer.party && !offer.party.left && !call.ended) call.leave(offer.party.id);
  offer.dialed?.drop();
}
