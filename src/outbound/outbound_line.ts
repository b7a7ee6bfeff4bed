import type { Trunk } from "../sip/mod.ts";
import { OutboundRefused } from "./outbound_refused.ts";
import type { OutboundPolicy } from "./outbound_policy.ts";

/** The trunks outbound calls may use: the list, and their call slots. */
export interface OutboundTrunks {
  byId(id: number): Trunk | undefined;
  list(): Trunk[];
  acquire(trunk: Trunk): boolean;
  release(trunk: Trunk): void;
}

/**
 * The trunk a call goes out on: the one asked for, else the policy's, else the first
 * enabled trunk. Throws {@link OutboundRefused} when there is none.
 */
export function pickTrunk(
  trunks: OutboundTrunks,
  policy: OutboundPolicy,
  wanted?: number | null,
): Trunk {
  const id = wanted ?? policy.trunk_id;
  const trunk = id != null ? trunks.byId(id) : trunks.list().find((t) => t.enabled);
  if (!trunk || !trunk.enabled) {
    throw new OutboundRefused("no_trunk", "No enabled trunk to call out on");
  }
  return trunk;
}

/**
 * The number the called person sees, most specific first: the campaign's, the queue's,
 * the center's policy, the trunk's account name; `anonymous` when nothing is set.
 */
export function pickCallerId(
  choices: { campaign?: string | null; queue?: string | null },
  policy: OutboundPolicy,
  trunk: Trunk,
): string {
  return choices.campaign ?? choices.queue ?? policy.caller_id ?? trunk.username ?? "anonymous";
}
