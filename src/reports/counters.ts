/**
 * The sums a 15-minute rollup row holds. Every one adds exactly across intervals, queues,
 * agents and teams (times are whole milliseconds), except `max_wait_ms`, which is a
 * maximum; so any period's figures are the sum of its rows.
 */
export const COUNTER_FIELDS = [
  "incoming",
  "offered",
  "answered",
  "answered_within",
  "answered_wait_ms",
  "abandoned",
  "short_abandoned",
  "abandoned_wait_ms",
  "blocked",
  "queued",
  "max_wait_ms",
  "ivr_completed",
  "rung_calls",
  "rings",
  "outbound_dialed",
  "outbound_connected",
  "handled",
  "talk_ms",
  "hold_ms",
  "acw_ms",
  "transfers_blind",
  "transfers_consulted",
] as const;

export type CounterField = typeof COUNTER_FIELDS[number];
export type Counters = Record<CounterField, number>;

const ZERO: Readonly<Counters> = Object.freeze(
  Object.fromEntries(COUNTER_FIELDS.map((f) => [f, 0])) as Counters,
);

export function emptyCounters(): Counters {
  // A copy of one zero object: reports make thousands of these per request.
  return { ...ZERO };
}

/** Adds `b` into `a` (in place) and returns `a`. */
export function addCounters(a: Counters, b: Partial<Counters>): Counters {
  for (const f of COUNTER_FIELDS) {
    const v = b[f];
    if (v === undefined) continue;
    a[f] = f === "max_wait_ms" ? Math.max(a[f], v) : a[f] + v;
  }
  return a;
}

/** Time agents spent per state, summed over a period. */
export interface StateTime {
  /** ms per state (`logged_out` is not kept: it is not working time). */
  byState: Record<string, number>;
  /** ms per not-ready reason ("" when none was given). */
  byReason: Record<string, number>;
}

/** Logged in: every state but logged out. */
export function loggedInMs(t: StateTime): number {
  return Object.entries(t.byState).reduce(
    (s, [state, ms]) => state === "logged_out" ? s : s + ms,
    0,
  );
}
