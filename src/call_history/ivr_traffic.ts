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

/** One IVR step as it is appended to `call_events`. */
export interface IvrStep {
  /** ISO-8601 UTC, as `call_events.at`. */
  at: string;
  type: string;
  data: Record<string, unknown>;
}

/** A count of one kind of step at a node (the rollup's row, or events counted live). */
interface StepCount {
  node: string;
  kind: "entered" | "exit" | "end";
  name: string;
  target: string;
  fallback: number;
  callers: number;
  self_served: number;
}

const HOUR_MS = 3_600_000;

/** The step's row in the hourly counts, or undefined for steps that are not counted. */
function stepKey(step: IvrStep): Omit<StepCount, "callers"> & { flowId: number } | undefined {
  const flowId = step.data.flow_id;
  const node = step.data.node;
  if (typeof flowId !== "number" || typeof node !== "string") return undefined;
  const base = { flowId, node, target: "", fallback: 0, self_served: 0 };
  if (step.type === "ivr.node_entered") return { ...base, kind: "entered", name: "" };
  if (step.type === "ivr.node_left") {
    return {
      ...base,
      kind: "exit",
      name: String(step.data.exit ?? ""),
      target: String(step.data.to ?? ""),
      fallback: step.data.fallback === true ? 1 : 0,
    };
  }
  if (step.type === "ivr.result") {
    const route = step.data.route as { type?: string; reason?: string } | undefined;
    if (!route?.type) return undefined;
    const hungUp = route.type === "hangup" && route.reason === "caller";
    return {
      ...base,
      kind: "end",
      name: hungUp ? "hung_up" : route.type,
      self_served: step.data.self_served === true ? 1 : 0,
    };
  }
  return undefined;
}

/**
 * Adds an IVR step to the hourly counts the flow editor reads; steps that are not
 * counted are ignored. Written in the same commit group as the event itself.
 */
export function countIvrStep(db: Database, step: IvrStep): void {
  const key = stepKey(step);
  if (!key) return;
  db.runGrouped(
    `INSERT INTO ivr_traffic_hours
       (flow_id, hour, node, kind, name, target, fallback, callers, self_served)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)
     ON CONFLICT (flow_id, hour, node, kind, name, target) DO UPDATE SET
       callers = callers + 1, self_served = self_served + excluded.self_served,
       fallback = excluded.fallback`,
    key.flowId,
    step.at.slice(0, 13),
    key.node,
    key.kind,
    key.name,
    key.target,
    key.fallback,
    key.self_served,
  );
}

function hourOf(iso: string): string {
  return iso.slice(0, 13);
}

/** The first whole hour at or after `iso`, as an ISO time. */
function ceilHour(iso: string): string {
  const ms = Date.parse(iso);
  return new Date(Math.ceil(ms / HOUR_MS) * HOUR_MS).toISOString();
}

function floorHour(iso: string): string {
  const ms = Date.parse(iso);
  return new Date(Math.floor(ms / HOUR_MS) * HOUR_MS).toISOString();
}

/** Steps counted from the events themselves, for the parts of a period not a whole hour. */
function countEvents(db: Database, flowId: number, from: string, to: string): StepCount[] {
  if (from >= to) return [];
  const rows = db.all<{ type: string; data: string }>(
    `SELECT type, data FROM call_events
      WHERE at >= ? AND at < ? AND type IN ('ivr.node_entered', 'ivr.node_left', 'ivr.result')`,
    from,
    to,
  );
  const counts: StepCount[] = [];
  for (const row of rows) {
    const key = stepKey({ at: from, type: row.type, data: JSON.parse(row.data) });
    if (key?.flowId !== flowId) continue;
    const { flowId: _, ...count } = key;
    counts.push({ ...count, callers: 1 });
  }
  return counts;
}

/**
 * Counts the callers who entered each node of a flow, left it by each exit, hung up in
 * it or ended there, for a period: whole hours from the hourly counts, the minutes at
 * either end from the events themselves, so any period is counted exactly.
 */
export function flowTraffic(db: Database, flowId: number, period: TrafficPeriod): FlowTraffic {
  const firstHour = ceilHour(period.from);
  const lastHour = floorHour(period.to);
  const counts: StepCount[] = [];
  if (firstHour < lastHour) {
    counts.push(
      ...db.all<StepCount>(
        `SELECT node, kind, name, target, max(fallback) AS fallback, sum(callers) AS callers,
                sum(self_served) AS self_served
           FROM ivr_traffic_hours
          WHERE flow_id = ? AND hour >= ? AND hour < ?
          GROUP BY node, kind, name, target`,
        flowId,
        hourOf(firstHour),
        hourOf(lastHour),
      ),
      ...countEvents(db, flowId, period.from, firstHour),
      ...countEvents(db, flowId, lastHour, period.to),
    );
  } else counts.push(...countEvents(db, flowId, period.from, period.to));

  const traffic: FlowTraffic = { period, calls: 0, self_served: 0, nodes: {}, exits: [] };
  const nodeOf = (id: string) => traffic.nodes[id] ??= { entered: 0, hung_up: 0, ended: {} };
  const exits = new Map<string, ExitTraffic>();
  for (const c of counts) {
    if (c.kind === "entered") nodeOf(c.node).entered += c.callers;
    else if (c.kind === "exit") {
      const key = JSON.stringify([c.node, c.name, c.target]);
      const exit = exits.get(key) ??
        { node: c.node, exit: c.name, to: c.target, fallback: false, callers: 0 };
      exit.callers += c.callers;
      exit.fallback ||= c.fallback === 1;
      exits.set(key, exit);
    } else {
      traffic.calls += c.callers;
      traffic.self_served += c.self_served;
      const node = nodeOf(c.node);
      if (c.name === "hung_up") node.hung_up += c.callers;
      else node.ended[c.name] = (node.ended[c.name] ?? 0) + c.callers;
    }
  }
  traffic.exits = [...exits.values()].sort((a, b) =>
    a.node.localeCompare(b.node) || a.exit.localeCompare(b.exit) || a.to.localeCompare(b.to)
  );
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

/**
 * The calls that entered a node of a flow in a period, newest first. Walks the period's
 * events from the newest back (the `at` index) and stops after a few rows per call
 * wanted, so a busy node of a long period answers as fast as a quiet one.
 */
export function nodeCalls(
  db: Database,
  flowId: number,
  node: string,
  period: TrafficPeriod,
  limit = 100,
): NodeCall[] {
  // Callers who came back to the node have several rows: read a few per call wanted.
  const rows = db.all<NodeCall>(
    `SELECT e.call_id, e.at AS entered_at, c.caller, c.did, c.state, c.end_cause
       FROM call_events e LEFT JOIN calls c ON c.id = e.call_id
      WHERE e.at >= ? AND e.at < ? AND e.type = 'ivr.node_entered'
        AND json_extract(e.data, '$.flow_id') = ? AND json_extract(e.data, '$.node') = ?
      ORDER BY e.at DESC
      LIMIT ?`,
    period.from,
    period.to,
    flowId,
    node,
    limit * 4,
  );
  const calls = new Map<string, NodeCall>();
  // Newest first; an older row of the same call moves it to its first visit.
  for (const row of rows) calls.set(row.call_id, { ...row });
  return [...calls.values()]
    .sort((a, b) => b.entered_at.localeCompare(a.entered_at))
    .slice(0, limit);
}
