import { agentsNeeded, agentsNeededErlangA, trafficErlangs } from "../acd/mod.ts";
import type { ReportRow } from "./report_service.ts";

/** What the manager asks the what-if calculator. */
export interface WhatIfInput {
  /** Calls in one interval. */
  calls: number;
  intervalMinutes: number;
  ahtSeconds: number;
  thresholdSeconds: number;
  /** Target service level, percent (exclusive of 0 and 100). */
  targetPercent: number;
  /** Shrinkage, percent of paid time off the phones (0 up to, not including, 100). */
  shrinkagePercent: number;
  /** Mean patience of callers; with it the answer also gives Erlang A's. */
  patienceSeconds?: number;
}

export interface StaffingAnswer {
  agents: number;
  /** Agents to schedule once shrinkage is allowed for. */
  scheduled: number;
  serviceLevel: number;
  asaSeconds: number;
  occupancy: number;
  abandonment?: number;
}

const pct = (x: number) => Math.round(x * 1000) / 10;
const tenth = (x: number) => Math.round(x * 10) / 10;

/** Agents needed by Erlang C (and Erlang A with a patience) for an interval's load. */
export function whatIf(input: WhatIfInput): { erlangC: StaffingAnswer; erlangA?: StaffingAnswer } {
  const intervalSeconds = input.intervalMinutes * 60;
  const erlangs = trafficErlangs(input.calls, intervalSeconds, input.ahtSeconds);
  const shrink = input.shrinkagePercent / 100;
  const scheduled = (agents: number) => Math.ceil(agents / (1 - shrink) - 1e-9);
  if (erlangs === 0) {
    const none = { agents: 0, scheduled: 0, serviceLevel: 100, asaSeconds: 0, occupancy: 0 };
    return input.patienceSeconds ? { erlangC: none, erlangA: { ...none, abandonment: 0 } } : {
      erlangC: none,
    };
  }
  const c = agentsNeeded({
    erlangs,
    ahtSeconds: input.ahtSeconds,
    thresholdSeconds: input.thresholdSeconds,
    targetServiceLevel: input.targetPercent / 100,
    shrinkage: shrink,
  });
  const answer: { erlangC: StaffingAnswer; erlangA?: StaffingAnswer } = {
    erlangC: {
      agents: c.agents,
      scheduled: c.scheduled,
      serviceLevel: pct(c.serviceLevel),
      asaSeconds: tenth(c.asaSeconds),
      occupancy: pct(c.occupancy),
    },
  };
  if (input.patienceSeconds) {
    const a = agentsNeededErlangA({
      callsPerSecond: input.calls / intervalSeconds,
      ahtSeconds: input.ahtSeconds,
      patienceSeconds: input.patienceSeconds,
      thresholdSeconds: input.thresholdSeconds,
      targetServiceLevel: input.targetPercent / 100,
    });
    answer.erlangA = {
      agents: a.agents,
      scheduled: scheduled(a.agents),
      serviceLevel: pct(a.serviceLevel),
      asaSeconds: tenth(a.asaSeconds),
      occupancy: pct(a.occupancy),
      abandonment: pct(a.abandonment),
    };
  }
  return answer;
}

/** One interval of the staffing view: needed beside scheduled and logged in. */
export interface StaffingInterval {
  start: number;
  end: number;
  calls: number;
  ahtSeconds: number | null;
  /** Erlang C's agents for the interval's actual calls and AHT; null without calls. */
  needed: number | null;
  /** Erlang A's, when a patience is known. */
  neededErlangA: number | null;
  /** Average agents scheduled to work during the interval. */
  scheduled: number;
  /** Average agents logged in during the interval. */
  loggedIn: number;
}

/** The staffing view of a report's rows (a queue's or the center's). */
export function staffingByInterval(
  rows: readonly ReportRow[],
  target: { thresholdSeconds: number; targetPercent: number; patienceSeconds?: number },
): StaffingInterval[] {
  return rows.map((row) => {
    const length = row.end - row.start;
    const calls = row.counts.offered;
    const aht = row.counts.handled > 0
      ? (row.counts.talk_ms + row.counts.acw_ms) / row.counts.handled / 1000
      : null;
    let needed: number | null = null;
    let neededA: number | null = null;
    if (calls > 0 && aht !== null && aht > 0) {
      const answer = whatIf({
        calls,
        intervalMinutes: length / 60_000,
        ahtSeconds: aht,
        thresholdSeconds: target.thresholdSeconds,
        targetPercent: target.targetPercent,
        shrinkagePercent: 0,
        patienceSeconds: target.patienceSeconds,
      });
      needed = answer.erlangC.agents;
      neededA = answer.erlangA?.agents ?? null;
    }
    return {
      start: row.start,
      end: row.end,
      calls,
      ahtSeconds: aht === null ? null : tenth(aht),
      needed,
      neededErlangA: neededA,
      scheduled: Math.round(row.counts.scheduled_ms / length * 10) / 10,
      loggedIn: Math.round(row.counts.logged_in_ms / length * 10) / 10,
    };
  });
}
