import { percent } from "./ratio.ts";

/** Schedule figures (KPI.md): adherence and attendance, against planned shifts. */

/** A stretch of time `[startMs, endMs)`. */
export interface Span {
  startMs: number;
  endMs: number;
}

/** An agent's plan and what they did, for one period. */
export interface AgentPlanAndWork {
  agentId: number;
  /** Shifts, breaks taken out: the scheduled working time. */
  working: Span[];
  /** Time logged in and in a working state (ready, ringing, on a call, wrap-up). */
  worked: Span[];
  /** Whether the agent logged in at all during a scheduled shift. */
  loggedIn: boolean;
}

/**
 * Total length of the overlap of two sets of spans, each free of self-overlap: one sweep
 * over both in time order, so a month of state changes against a month of shifts is cheap.
 */
export function overlapMs(a: readonly Span[], b: readonly Span[]): number {
  const x = inOrder(a);
  const y = inOrder(b);
  let total = 0;
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const start = Math.max(x[i].startMs, y[j].startMs);
    const end = Math.min(x[i].endMs, y[j].endMs);
    if (end > start) total += end - start;
    if (x[i].endMs <= y[j].endMs) i++;
    else j++;
  }
  return total;
}

function inOrder(spans: readonly Span[]): readonly Span[] {
  for (let i = 1; i < spans.length; i++) {
    if (spans[i].startMs < spans[i - 1].startMs) {
      return [...spans].sort((p, q) => p.startMs - q.startMs);
    }
  }
  return spans;
}

/** Shift spans with the breaks inside them cut out. */
export function subtractSpans(shifts: readonly Span[], breaks: readonly Span[]): Span[] {
  let out = [...shifts];
  for (const b of breaks) {
    out = out.flatMap((s) => {
      if (b.endMs <= s.startMs || b.startMs >= s.endMs) return [s];
      const parts: Span[] = [];
      if (b.startMs > s.startMs) parts.push({ startMs: s.startMs, endMs: b.startMs });
      if (b.endMs < s.endMs) parts.push({ startMs: b.endMs, endMs: s.endMs });
      return parts;
    });
  }
  return out;
}

/** Adherence = time logged in and working within scheduled working time ÷ that time × 100. */
export function adherence(plans: readonly AgentPlanAndWork[]): number | null {
  let scheduled = 0;
  let worked = 0;
  for (const p of plans) {
    scheduled += p.working.reduce((s, w) => s + (w.endMs - w.startMs), 0);
    worked += overlapMs(p.working, p.worked);
  }
  return percent(worked, scheduled);
}

/** Attendance = agents who logged in ÷ agents scheduled × 100. */
export function attendance(plans: readonly AgentPlanAndWork[]): number | null {
  const scheduled = plans.filter((p) => p.working.length > 0);
  return percent(scheduled.filter((p) => p.loggedIn).length, scheduled.length);
}
