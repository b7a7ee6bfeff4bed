import type { Database } from "../db/mod.ts";

/** A period of call events: `from` inclusive, `to` exclusive, both ISO-8601 UTC. */
export interface TrafficPeriod {
  from: string;
  to: string;
}

/** Callers who took one exit of a node. */
export interface ExitTraffic {
  node: string;
  exit: string;
  to: string;
  /** The exit was not wired and the callers went to the flow's fallback. */
  fallback: boolean;
  callers: number;
}

/** How callers went through one node. */
export interface NodeTraffic {
  entered: number;
  /** Callers who hung up while in this node. */
  hung_up: number;
  /** Callers whose IVR run ended here, by the route they took out (queue, voicemail, …). */
  ended: Record<string, number>;
}

/** What the flow editor draws on the graph for a period. */
export interface FlowTraffic {
  period: TrafficPeriod;
  /** Runs of the flow that ended in the period. */
  calls: number;
  /** Of those, the runs that ended in self-service. */
  self_served: number;
  nodes: Record<string, NodeTraffic>;
  exits: ExitTraffic[];
}

interface CountRow {
  type: string;
  node: string | null;
  exit: string | null;
  target: string | null;
  fallback: number | null;
  route: string | null;
  reason: string | null;
  self_served: number | null;
  n: number;
}

// The partial index call_events_ivr_steps covers exactly these types over `at`.
const STEP_TYPES = "type IN ('ivr.node_entered', 'ivr.node_left', 'ivr.result')";

/**
 * Counts, from `call_events`, the callers who entered each node of a flow, left it by
 * each exit, hung up in it or ended there, for a period. One grouped pass over the
 * IVR's step events of the period; nothing is kept in memory between calls.
 */
export function flowTraffic(db: Database, flowId: number, period: TrafficPeriod): FlowTraffic {
  const rows = db.all<CountRow>(
    `SELECT type,
            json_extract(data, '$.node') AS node,
            json_extract(data, '$.exit') AS exit,
            json_extract(data, '$.to') AS target,
            json_extract(data, '$.fallback') AS fallback,
            json_extract(data, '$.route.type') AS route,
            json_extract(data, '$.route.reason') AS reason,
            json_extract(data, '$.self_served') AS self_served,
            count(*) AS n
       FROM call_events
      WHERE ${STEP_TYPES} AND at >= ? AND at < ?
        AND json_extract(data, '$.flow_id') = ?
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`,
    period.from,
    period.to,
    flowId,
  );
  const traffic: FlowTraffic = { period, calls: 0, self_served: 0, nodes: {}, exits: [] };
  const nodeOf = (id: string) => traffic.nodes[id] ??= { entered: 0, hung_up: 0, ended: {} };
  for (const row of rows) {
    if (row.node === null) continue;
    if (row.type === "ivr.node_entered") nodeOf(row.node).entered += row.n;
    else if (row.type === "ivr.node_left") {
      traffic.exits.push({
        node: row.node,
        exit: row.exit ?? "",
        to: row.target ?? "",
        fallback: row.fallback === 1,
        callers: row.n,
      });
    } else if (row.route !== null) {
      traffic.calls += row.n;
      if (row.self_served === 1) traffic.self_served += row.n;
      const node = nodeOf(row.node);
      if (row.route === "hangup" && row.reason === "caller") node.hung_up += row.n;
      else node.ended[row.route] = (node.ended[row.route] ?? 0) + row.n;
    }
  }
  traffic.exits.sort((a, b) => a.node.localeCompare(b.node) || a.exit.localeCompare(b.exit));
  return traffic;
}

/** One call that went through a node, as the editor lists it. */
export interface NodeCall {
  call_id: string;
  entered_at: string;
  caller: string | null;
  did: string | null;
  state: string | null;
  end_cause: string | null;
}

/** The calls that entered a node of a flow in a period, newest first. */
export function nodeCalls(
  db: Database,
  flowId: number,
  node: string,
  period: TrafficPeriod,
  limit = 100,
): NodeCall[] {
  return db.all<NodeCall>(
    `SELECT e.call_id, min(e.at) AS entered_at, c.caller, c.did, c.state, c.end_cause
       FROM call_events e LEFT JOIN calls c ON c.id = e.call_id
      WHERE e.type IN ('ivr.node_entered', 'ivr.node_left', 'ivr.result')
        AND e.type = 'ivr.node_entered' AND e.at >= ? AND e.at < ?
        AND json_extract(e.data, '$.flow_id') = ? AND json_extract(e.data, '$.node') = ?
      GROUP BY e.call_id
      ORDER BY entered_at DESC
      LIMIT ?`,
    period.from,
    period.to,
    flowId,
    node,
    limit,
  ).map((r) => ({ ...r }));
}
