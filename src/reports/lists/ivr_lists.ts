import { type Database, isoTime } from "../../db/mod.ts";
import { listOf, type ListRequest, percent, type ReportList } from "./report_list.ts";

interface IvrRun {
  flow: string;
  routeType: string;
  reason: string | null;
  node: string | null;
  blockedClosed: boolean;
}

/**
 * Each IVR run that started in the period, as `ivr.started`, `ivr.result` and a closed
 * refusal (`call.blocked` with reason closed) left it in `call_events`. A run is the
 * first flow's: a caller moved to another flow counts where they came in.
 */
function ivrRuns(db: Database, req: ListRequest): IvrRun[] {
  const rows = db.all<{ call_id: string; type: string; data: string }>(
    `SELECT e.call_id, e.type, e.data FROM call_events e
     WHERE e.call_id IN (
       SELECT call_id FROM call_events WHERE type = 'ivr.started' AND at >= ? AND at < ?)
       AND (e.type IN ('ivr.started', 'ivr.result')
         OR (e.type = 'call.blocked' AND json_extract(e.data, '$.reason') = 'closed'))
     ORDER BY e.seq`,
    isoTime(req.fromMs),
    isoTime(req.toMs),
  );
  const runs = new Map<string, IvrRun>();
  for (const r of rows) {
    const data = JSON.parse(r.data) as Record<string, unknown>;
    if (r.type === "ivr.started") {
      if (!runs.has(r.call_id)) {
        runs.set(r.call_id, {
          flow: String(data.flow ?? data.flow_id ?? "?"),
          routeType: "running",
          reason: null,
          node: null,
          blockedClosed: false,
        });
      }
      continue;
    }
    const run = runs.get(r.call_id);
    if (!run) continue;
    if (r.type === "call.blocked") {
      run.blockedClosed = true;
      continue;
    }
    const route = (data.route ?? {}) as Record<string, unknown>;
    run.routeType = String(route.type ?? "unknown");
    run.reason = typeof route.reason === "string" ? route.reason : null;
    run.node = typeof data.node === "string" ? data.node : null;
  }
  return [...runs.values()];
}

/**
 * Per flow: calls that entered, where they left to (a queue, self-service, voicemail, a
 * callback, a transfer), callers who hung up in the IVR, refusals while closed, runs
 * that failed, and the self-service rate (completed in the IVR ÷ entries × 100).
 */
export function ivrReport(db: Database, req: ListRequest): ReportList {
  const byFlow = new Map<string, Record<string, number>>();
  for (const run of ivrRuns(db, req)) {
    const f = byFlow.get(run.flow) ?? {
      entries: 0,
      to_queue: 0,
      self_service: 0,
      voicemail: 0,
      callback: 0,
      transfer: 0,
      caller_hung_up: 0,
      closed_blocked: 0,
      failed: 0,
    };
    byFlow.set(run.flow, f);
    f.entries++;
    if (run.blockedClosed) f.closed_blocked++;
    else if (run.routeType === "queue") f.to_queue++;
    else if (run.routeType === "self_service") f.self_service++;
    else if (run.routeType === "voicemail") f.voicemail++;
    else if (run.routeType === "callback") f.callback++;
    else if (run.routeType === "transfer") f.transfer++;
    else if (run.routeType === "hangup" && run.reason === "caller") f.caller_hung_up++;
    else if (run.routeType === "hangup" && run.reason !== "flow") f.failed++;
  }
  const rows = [...byFlow.entries()].sort(([a], [b]) => a.localeCompare(b)).map((
    [flow, f],
  ) => ({ flow, ...f, self_service_rate: percent(f.self_service, f.entries) }));
  return listOf("ivr", [
    { id: "flow", kind: "text" },
    { id: "entries", kind: "count" },
    { id: "to_queue", kind: "count" },
    { id: "self_service", kind: "count" },
    { id: "voicemail", kind: "count" },
    { id: "callback", kind: "count" },
    { id: "transfer", kind: "count" },
    { id: "caller_hung_up", kind: "count" },
    { id: "closed_blocked", kind: "count" },
    { id: "failed", kind: "count" },
    { id: "self_service_rate", kind: "percent" },
  ], rows);
}

/** Where callers hang up in the IVR: per flow and node, most hang-ups first. */
export function ivrHangupReport(db: Database, req: ListRequest): ReportList {
  const counts = new Map<string, { flow: string; node: string; hangups: number }>();
  let total = 0;
  for (const run of ivrRuns(db, req)) {
    if (run.routeType !== "hangup" || run.reason !== "caller") continue;
    const key = `${run.flow}\u0000${run.node}`;
    const c = counts.get(key) ?? { flow: run.flow, node: run.node ?? "?", hangups: 0 };
    c.hangups++;
    total++;
    counts.set(key, c);
  }
  const rows = [...counts.values()]
    .sort((a, b) => b.hangups - a.hangups || a.flow.localeCompare(b.flow))
    .map((c) => ({ ...c, share: percent(c.hangups, total) }));
  return listOf("ivr-hangups", [
    { id: "flow", kind: "text" },
    { id: "node", kind: "text" },
    { id: "hangups", kind: "count" },
    { id: "share", kind: "percent" },
  ], rows);
}
