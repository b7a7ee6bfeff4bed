import { type Database, isoTime } from "../../db/mod.ts";
import { listOf, type ListRequest, percent, type ReportList } from "./report_list.ts";

/**
 * Per trunk over the period: calls that started on it (inbound and outbound), the
 * seconds they were connected, the peak number of calls up at once and when it was first
 * reached, that peak against the trunk's capacity, and the calls it refused for lack of
 * capacity (blocked).
 */
export function trunkUsage(db: Database, req: ListRequest): ReportList {
  const from = isoTime(req.fromMs);
  const to = isoTime(req.toMs);
  const trunks = db.all<{ id: number; name: string; max_calls: number }>(
    "SELECT id, name, max_calls FROM trunks ORDER BY name",
  );
  const calls = db.all<{
    trunk_id: number;
    direction: string;
    started_at: string;
    answered_at: string | null;
    ended_at: string | null;
    end_cause: string | null;
  }>(
    // Calls that overlap the period count toward its peak; only those that started in it
    // count as its calls.
    `SELECT trunk_id, direction, started_at, answered_at, ended_at, end_cause FROM calls
     WHERE trunk_id IS NOT NULL AND started_at < ? AND (ended_at IS NULL OR ended_at > ?)`,
    to,
    from,
  );
  const rows = trunks.map((t) => {
    const mine = calls.filter((c) => c.trunk_id === t.id);
    const blocked = mine.filter((c) => c.end_cause?.startsWith("blocked_"));
    const carried = mine.filter((c) => !c.end_cause?.startsWith("blocked_"));
    const inPeriod = carried.filter((c) => c.started_at >= from);
    const clip = (ms: number) => Math.min(req.toMs, Math.max(req.fromMs, ms));
    let connectedMs = 0;
    for (const c of carried) {
      if (!c.answered_at) continue;
      const end = c.ended_at ? Date.parse(c.ended_at) : req.toMs;
      connectedMs += Math.max(0, clip(end) - clip(Date.parse(c.answered_at)));
    }
    const peak = peakConcurrent(carried, req.fromMs, req.toMs);
    return {
      trunk: t.name,
      calls: inPeriod.length,
      inbound: inPeriod.filter((c) => c.direction === "inbound").length,
      outbound: inPeriod.filter((c) => c.direction === "outbound").length,
      connected_s: Math.round(connectedMs / 1000),
      peak_calls: peak.calls,
      peak_at: peak.atMs === null ? null : new Date(peak.atMs).toISOString(),
      capacity: t.max_calls,
      peak_use: percent(peak.calls, t.max_calls),
      blocked: blocked.filter((c) => c.started_at >= from).length,
    };
  });
  return listOf("trunks", [
    { id: "trunk", kind: "text" },
    { id: "calls", kind: "count" },
    { id: "inbound", kind: "count" },
    { id: "outbound", kind: "count" },
    { id: "connected_s", kind: "seconds" },
    { id: "peak_calls", kind: "count" },
    { id: "peak_at", kind: "time" },
    { id: "capacity", kind: "count" },
    { id: "peak_use", kind: "percent" },
    { id: "blocked", kind: "count" },
  ], rows);
}

/**
 * The most calls up at once within [from, to), and the first instant it was reached. A
 * call ending at the instant another starts does not overlap it.
 */
export function peakConcurrent(
  calls: readonly { started_at: string; ended_at: string | null }[],
  fromMs: number,
  toMs: number,
): { calls: number; atMs: number | null } {
  const edges: [number, number][] = [];
  for (const c of calls) {
    const start = Math.max(fromMs, Date.parse(c.started_at));
    const end = Math.min(toMs, c.ended_at ? Date.parse(c.ended_at) : toMs);
    if (end <= start) continue;
    edges.push([start, 1], [end, -1]);
  }
  // Ends before starts at the same instant.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let up = 0;
  let peak = 0;
  let atMs: number | null = null;
  for (const [t, d] of edges) {
    up += d;
    if (up > peak) {
      peak = up;
      atMs = t;
    }
  }
  return { calls: peak, atMs };
}
