import { z } from "zod";

/**
 * How a campaign shares its queue's agents with inbound callers: outbound only while no
 * more than `max_inbound_waiting` callers wait, only while the queue's service level is
 * at least `min_service_level` percent (when set and known), and with at most
 * `outbound_share` of the queue's working agents (ready or calling out) on calls out.
 * The defaults are the strict rule: callers first, no share limit.
 */
export const BlendRuleSchema = z.object({
  max_inbound_waiting: z.number().int().min(0).max(1000).default(0),
  min_service_level: z.number().min(0).max(100).nullable().default(null),
  outbound_share: z.number().min(0).max(1).default(1),
}).strict();
export type BlendRule = z.infer<typeof BlendRuleSchema>;

/** The queue as the dialler sees it at one moment. */
export interface BlendState {
  /** Ready agents of the queue. */
  readyAgents: number;
  /** Agents of the queue on a call out now (taken for outbound). */
  onOutbound: number;
  /** Inbound callers waiting, callbacks not counted. */
  inboundWaiting: number;
  /** The queue's service level today in percent; null before any call counts. */
  serviceLevel: number | null;
}

/** Why the dialler takes fewer agents than are ready. */
export type BlendHold = "inbound_waiting" | "service_level" | "outbound_share";

/**
 * How many of the ready agents the dialler may take now, and what held it back. Pure.
 */
export function outboundAgents(
  rule: BlendRule,
  state: BlendState,
): { agents: number; held: BlendHold | null } {
  const ready = Math.max(0, state.readyAgents);
  if (state.inboundWaiting > rule.max_inbound_waiting) {
    return { agents: 0, held: "inbound_waiting" };
  }
  if (
    rule.min_service_level !== null && state.serviceLevel !== null &&
    state.serviceLevel < rule.min_service_level
  ) {
    return { agents: 0, held: "service_level" };
  }
  const working = ready + Math.max(0, state.onOutbound);
  const allowed = Math.floor(working * rule.outbound_share + 1e-9) - Math.max(0, state.onOutbound);
  const agents = Math.max(0, Math.min(ready, allowed));
  return { agents, held: agents < ready ? "outbound_share" : null };
}
