import type { Agent, Membership } from "./agent.ts";
import { prefer } from "./strategy.ts";
import type { WaitingCall } from "./waiting_call.ts";

/**
 * Whether this member may take this waiting call now: the call is not held for another
 * agent (sticky), the agent did not just transfer it here, the agent is expert enough
 * during the call's expert-first window, and the agent has the call's own skills. Queue
 * skills were checked when memberships were built.
 */
export function mayTake(m: Membership, call: WaitingCall, now: number): boolean {
  // An agent holding chats takes no voice call until they are over (capacity per channel).
  if (m.agent.chats.size > 0) return false;
  if (call.stickyAgent !== undefined && call.stickyAgent !== m.agent) return false;
  if (call.senderHoldOffUntil > now && call.sentBy === m.agent.id) return false;
  if (call.expertUntil > now && m.level < m.queue.expertLevel()) return false;
  for (const need of call.skills) {
    if (m.agent.skillLevel(need.skill) < need.minLevel) return false;
  }
  return true;
}

/**
 * Agents to ring for a call that just became waiting: the single best ready member by the
 * queue's strategy, or for ring-all every ready member in the lowest penalty tier.
 * Cost is O(ready members of this queue).
 */
export function chooseAgents(call: WaitingCall, now: number): Membership[] {
  const queue = call.queue;
  if (call.stickyAgent !== undefined) {
    const m = call.stickyAgent.membershipIn(queue);
    return m && queue.ready.has(m) && mayTake(m, call, now) ? [m] : [];
  }
  if (queue.config.strategy === "ring_all") {
    let tier = Infinity;
    let chosen: Membership[] = [];
    for (const m of queue.ready) {
      if (m.penalty > tier || !mayTake(m, call, now)) continue;
      if (m.penalty < tier) {
        tier = m.penalty;
        chosen = [];
      }
      chosen.push(m);
    }
    return chosen;
  }
  let best: Membership | undefined;
  for (const m of queue.ready) {
    if (mayTake(m, call, now) && (best === undefined || prefer(m, best))) best = m;
  }
  return best ? [best] : [];
}

/** A waiting call an agent can take, and the membership it comes through. */
export interface Match {
  call: WaitingCall;
  membership: Membership;
}

/**
 * The call a newly free agent should take. Calls held for this agent (sticky) come first;
 * otherwise each of the agent's queues offers its first call the agent may take (usually
 * the head), and the best of those wins: higher effective priority, then the queue where
 * the agent has the lower penalty, then the longer wait. Cost is O(queues of the agent)
 * plus any calls at a queue's head that are reserved for others.
 */
export function chooseCall(agent: Agent, now: number): Match | undefined {
  let best: Match | undefined;
  for (const call of agent.sticky) {
    if (call.state !== "waiting") continue;
    const m = agent.membershipIn(call.queue);
    if (m && mayTake(m, call, now) && (best === undefined || before(call, m, best, now))) {
      best = { call, membership: m };
    }
  }
  if (best) return best;
  for (const m of agent.memberships) {
    for (const call of m.queue.waiting) {
      if (!mayTake(m, call, now)) continue;
      if (best === undefined || before(call, m, best, now)) best = { call, membership: m };
      break;
    }
  }
  return best;
}

function before(call: WaitingCall, m: Membership, best: Match, now: number): boolean {
  const pa = call.effectivePriority(now);
  const pb = best.call.effectivePriority(now);
  if (pa !== pb) return pa > pb;
  if (m.penalty !== best.membership.penalty) return m.penalty < best.membership.penalty;
  if (call.enteredAt !== best.call.enteredAt) return call.enteredAt < best.call.enteredAt;
  return call.seq < best.call.seq;
}
