import type { Membership } from "./agent.ts";

/**
 * True when the queue's strategy prefers member `a` over member `b` for the next call.
 * Lower penalties come first for every strategy except skills-weighted, whose score
 * already subtracts the penalty. Remaining ties go to the longest idle, then member order,
 * so a decision never depends on set iteration order.
 */
export function prefer(a: Membership, b: Membership): boolean {
  const strategy = a.queue.config.strategy;
  if (strategy === "skills_weighted") {
    if (a.score !== b.score) return a.score > b.score;
  } else if (a.penalty !== b.penalty) {
    return a.penalty < b.penalty;
  }
  const x = a.agent;
  const y = b.agent;
  switch (strategy) {
    case "least_calls":
      if (x.callsToday !== y.callsToday) return x.callsToday < y.callsToday;
      break;
    case "fewest_handle_seconds":
      if (x.handleMsToday !== y.handleMsToday) return x.handleMsToday < y.handleMsToday;
      break;
    case "round_robin": {
      const da = rotation(a);
      const db = rotation(b);
      if (da !== db) return da < db;
      break;
    }
    default:
      break;
  }
  if (x.idleSince !== y.idleSince) return x.idleSince < y.idleSince;
  return a.order < b.order;
}

/** Steps from the queue's round-robin pointer to this member, going round the member list. */
function rotation(m: Membership): number {
  const n = m.queue.members.length;
  return (m.order - m.queue.rrPointer - 1 + 2 * n) % n;
}
