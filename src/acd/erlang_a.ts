/**
 * Erlang A: the M/M/N+M queue (Erlang C's, with callers who hang up after an
 * exponentially distributed patience of mean 1/θ). Real centers lose impatient callers,
 * so Erlang C overstates both the wait and the agents needed; Erlang A is always stable.
 *
 * Computed exactly from the birth–death chain of calls in the system (births λ, deaths
 * min(k, N)·μ + max(0, k − N)·θ), truncated where the remaining probability is below
 * 1e-15. The service level is that of a tagged caller: arriving behind m waiting callers,
 * they reach an agent at rate N·μ + m·θ per step (those ahead are served or give up) and
 * give up themselves at rate θ; the chance of reaching an agent within T is found by
 * uniformisation, which keeps every term positive and so stays accurate.
 *
 * @module
 */

export interface ErlangAFigures {
  /** Probability that a caller has to wait. */
  waitProbability: number;
  /** Fraction (0..1) of callers who hang up before an answer. */
  abandonment: number;
  /** Fraction (0..1) of all callers answered within the threshold. */
  serviceLevel: number;
  /** Average wait of answered callers, seconds. */
  asaSeconds: number;
  /** Fraction of agents' time on calls. */
  occupancy: number;
}

/**
 * Erlang A figures for `agents` agents, `callsPerSecond` arrivals, `ahtSeconds` mean
 * handle time, `patienceSeconds` mean patience and a threshold of `thresholdSeconds`.
 */
export function erlangA(
  agents: number,
  callsPerSecond: number,
  ahtSeconds: number,
  patienceSeconds: number,
  thresholdSeconds: number,
): ErlangAFigures {
  if (!Number.isInteger(agents) || agents < 1) {
    throw new RangeError(`Agents must be a whole number of at least 1, got ${agents}`);
  }
  if (!(callsPerSecond > 0) || !(ahtSeconds > 0) || !(patienceSeconds > 0)) {
    throw new RangeError("Arrival rate, AHT and patience must be positive");
  }
  if (!(thresholdSeconds >= 0)) throw new RangeError("The threshold must not be negative");
  const lambda = callsPerSecond;
  const mu = 1 / ahtSeconds;
  const theta = 1 / patienceSeconds;

  // Unnormalised stationary probabilities, scaled as they go so nothing overflows.
  const p: number[] = [1];
  let total = 1;
  for (let k = 1;; k++) {
    const death = Math.min(k, agents) * mu + Math.max(0, k - agents) * theta;
    const next = p[k - 1] * lambda / death;
    p.push(next);
    total += next;
    if (next > 1e200) {
      for (let i = 0; i < p.length; i++) p[i] /= 1e200;
      total /= 1e200;
    }
    if (k > agents && next / total < 1e-17) break;
    if (k > agents + 1_000_000) throw new RangeError("The queue does not settle");
  }
  const pi = p.map((x) => x / total);

  let waitProbability = 0;
  let meanQueue = 0;
  let busy = 0;
  for (let k = 0; k < pi.length; k++) {
    if (k >= agents) waitProbability += pi[k];
    meanQueue += Math.max(0, k - agents) * pi[k];
    busy += Math.min(k, agents) * pi[k];
  }
  // A caller arriving behind m waiting callers leaves each step at rate N·μ + i·θ (moving
  // up) + θ (giving up); the time of a step does not depend on which ends it, so the
  // answered callers' expected wait is the sum of the steps' means along the way.
  let answeredAfterWait = 0;
  let waitOfAnswered = 0;
  let reach = 1;
  let meanTime = 0;
  for (let m = 0; agents + m < pi.length; m++) {
    const r = agents * mu + m * theta;
    reach *= r / (r + theta);
    meanTime += 1 / (r + theta);
    answeredAfterWait += pi[agents + m] * reach;
    waitOfAnswered += pi[agents + m] * reach * meanTime;
  }
  const answered = 1 - waitProbability + answeredAfterWait;
  // Little's law on the queue: callers leave it by giving up at rate θ each.
  const abandonment = theta * meanQueue / lambda;
  const asaSeconds = answered > 0 ? waitOfAnswered / answered : 0;

  return {
    waitProbability,
    abandonment,
    serviceLevel: (1 - waitProbability) + servedWithin(pi, agents, mu, theta, thresholdSeconds),
    asaSeconds,
    occupancy: busy / agents,
  };
}

/**
 * Probability that a caller arrives to a full house and still reaches an agent within
 * `t` seconds, by uniformisation over the tagged caller's position.
 */
function servedWithin(
  pi: readonly number[],
  agents: number,
  mu: number,
  theta: number,
  t: number,
): number {
  const ahead = pi.length - agents;
  if (ahead <= 0 || t === 0) return 0;
  // mass[m]: probability the tagged caller waits with m callers ahead (arrivals see
  // time averages, PASTA).
  let mass = pi.slice(agents);
  const rate = (m: number) => agents * mu + m * theta;
  const uniform = rate(ahead - 1) + theta;
  const lt = uniform * t;
  // Poisson weights of the number of uniformised steps, accumulated as a tail.
  let weight = Math.exp(-lt);
  let logWeight = -lt;
  let served = 0;
  let remainingTail = 1 - weight;
  for (let step = 1; step < 100_000; step++) {
    const next = new Array<number>(mass.length).fill(0);
    let reached = 0;
    for (let m = 0; m < mass.length; m++) {
      const x = mass[m];
      if (x === 0) continue;
      const advance = rate(m) / uniform;
      const giveUp = theta / uniform;
      if (m === 0) reached += x * advance;
      else next[m - 1] += x * advance;
      next[m] += x * (1 - advance - giveUp);
    }
    mass = next;
    // Reaching an agent within `step` steps counts when at least `step` steps happen.
    served += reached * remainingTail;
    logWeight += Math.log(lt / step);
    weight = Math.exp(logWeight);
    remainingTail = Math.max(0, remainingTail - weight);
    if (remainingTail < 1e-16 || mass.every((x) => x < 1e-18)) break;
  }
  return served;
}

/** Fewest agents whose Erlang A service level reaches `target` (0..1). */
export function agentsNeededErlangA(
  request: {
    callsPerSecond: number;
    ahtSeconds: number;
    patienceSeconds: number;
    thresholdSeconds: number;
    targetServiceLevel: number;
  },
): ErlangAFigures & { agents: number } {
  const { callsPerSecond, ahtSeconds, patienceSeconds, thresholdSeconds, targetServiceLevel } =
    request;
  if (!(targetServiceLevel > 0 && targetServiceLevel < 1)) {
    throw new RangeError(`Target service level must be between 0 and 1, got ${targetServiceLevel}`);
  }
  for (let n = 1; n < 100_000; n++) {
    const f = erlangA(n, callsPerSecond, ahtSeconds, patienceSeconds, thresholdSeconds);
    if (f.serviceLevel >= targetServiceLevel) return { ...f, agents: n };
  }
  throw new RangeError("No staffing below 100,000 agents reaches the target");
}
