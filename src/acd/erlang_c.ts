/**
 * Erlang C: the M/M/N queue (Poisson arrivals, exponential handle times, N agents,
 * callers who never hang up) that staffing in call centers is planned with.
 *
 * Notation: A = offered traffic in Erlangs = arrival rate × AHT; N = agents.
 * Everything is computed through the Erlang B recursion
 *   B(0) = 1,  B(n) = A·B(n−1) / (n + A·B(n−1))
 * and C = N·B / (N − A·(1 − B)), which never forms A^N or N! and so stays exact to
 * rounding for thousands of agents, where the textbook factorial formula overflows.
 *
 * @module
 */

function checkInputs(agents: number, erlangs: number): void {
  if (!Number.isInteger(agents) || agents < 1) {
    throw new RangeError(`Agents must be a whole number of at least 1, got ${agents}`);
  }
  if (!(erlangs >= 0 && Number.isFinite(erlangs))) {
    throw new RangeError(`Traffic must be a finite number of Erlangs ≥ 0, got ${erlangs}`);
  }
}

/** Offered traffic in Erlangs for a volume in an interval and an average handle time. */
export function trafficErlangs(calls: number, intervalSeconds: number, ahtSeconds: number): number {
  if (!(intervalSeconds > 0) || !(ahtSeconds > 0) || !(calls >= 0)) {
    throw new RangeError("Calls must be ≥ 0 and the interval and AHT positive");
  }
  return calls / intervalSeconds * ahtSeconds;
}

/** Erlang B: probability that all N servers are busy in a loss system (blocking). */
export function erlangB(agents: number, erlangs: number): number {
  checkInputs(agents, erlangs);
  let b = 1;
  for (let n = 1; n <= agents; n++) b = (erlangs * b) / (n + erlangs * b);
  return b;
}

/** Probability that a caller has to wait (Erlang C). 1 when N ≤ A: the queue never empties. */
export function erlangC(agents: number, erlangs: number): number {
  checkInputs(agents, erlangs);
  if (agents <= erlangs) return 1;
  return cFromB(agents, erlangs, erlangB(agents, erlangs));
}

function cFromB(agents: number, erlangs: number, b: number): number {
  return (agents * b) / (agents - erlangs * (1 - b));
}

/**
 * Fraction (0..1) of callers answered within `thresholdSeconds`:
 * SL = 1 − C · e^(−(N − A) · T / AHT).
 */
export function erlangServiceLevel(
  agents: number,
  erlangs: number,
  ahtSeconds: number,
  thresholdSeconds: number,
): number {
  const c = erlangC(agents, erlangs);
  if (agents <= erlangs) return 0;
  return 1 - c * Math.exp(-(agents - erlangs) * thresholdSeconds / ahtSeconds);
}

/** Expected wait of all callers in seconds: ASA = C · AHT / (N − A); Infinity when N ≤ A. */
export function erlangAsa(agents: number, erlangs: number, ahtSeconds: number): number {
  const c = erlangC(agents, erlangs);
  if (agents <= erlangs) return Infinity;
  return c * ahtSeconds / (agents - erlangs);
}

/** Fraction (0..1) of agents' time spent handling calls: A / N, at most 1. */
export function erlangOccupancy(agents: number, erlangs: number): number {
  checkInputs(agents, erlangs);
  return Math.min(1, erlangs / agents);
}

export interface StaffingRequest {
  erlangs: number;
  ahtSeconds: number;
  thresholdSeconds: number;
  /** Target fraction answered within the threshold, 0..1 (0.8 for 80/20). */
  targetServiceLevel: number;
  /** Fraction of paid time agents are not on the phones (breaks, training…), 0..<1. */
  shrinkage?: number;
}

export interface Staffing {
  /** Agents needed on the phones. */
  agents: number;
  /** Agents to schedule once shrinkage is allowed for: ⌈agents ÷ (1 − shrinkage)⌉. */
  scheduled: number;
  serviceLevel: number;
  asaSeconds: number;
  occupancy: number;
}

/** Fewest agents that reach the target service level, with the figures they would give. */
export function agentsNeeded(request: StaffingRequest): Staffing {
  const { erlangs, ahtSeconds, thresholdSeconds, targetServiceLevel } = request;
  const shrinkage = request.shrinkage ?? 0;
  if (!(targetServiceLevel > 0 && targetServiceLevel < 1)) {
    throw new RangeError(`Target service level must be between 0 and 1, got ${targetServiceLevel}`);
  }
  if (!(shrinkage >= 0 && shrinkage < 1)) {
    throw new RangeError(`Shrinkage must be from 0 up to (not including) 1, got ${shrinkage}`);
  }
  if (!(ahtSeconds > 0) || !(thresholdSeconds >= 0)) {
    throw new RangeError("AHT must be positive and the threshold not negative");
  }
  checkInputs(1, erlangs);
  // Walk the B recursion upwards once instead of restarting it for every candidate N.
  let b = 1;
  for (let n = 1; n < 1_000_000; n++) {
    b = (erlangs * b) / (n + erlangs * b);
    if (n <= erlangs) continue;
    const c = cFromB(n, erlangs, b);
    const sl = 1 - c * Math.exp(-(n - erlangs) * thresholdSeconds / ahtSeconds);
    if (sl >= targetServiceLevel) {
      return {
        agents: n,
        scheduled: Math.ceil(n / (1 - shrinkage) - 1e-9),
        serviceLevel: sl,
        asaSeconds: c * ahtSeconds / (n - erlangs),
        occupancy: erlangs / n,
      };
    }
  }
  throw new RangeError(`No staffing below a million agents reaches the target for ${erlangs} E`);
}
