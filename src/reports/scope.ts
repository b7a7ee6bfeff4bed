/** Who a report is about. */
export type Scope =
  | { kind: "center" }
  | { kind: "queue"; id: number }
  | { kind: "team"; id: number }
  | { kind: "agent"; id: number };

export const SCOPE_KINDS = ["center", "queue", "team", "agent"] as const;

/** A scope that names a queue, team or agent that does not exist (a 400 in the API). */
export class ScopeError extends RangeError {
  override name = "ScopeError";
}

/** The SQL condition on a `report_intervals` / `report_agent_states` row for the scope. */
export function scopeCondition(scope: Scope): { sql: string; params: number[] } {
  switch (scope.kind) {
    case "center":
      return { sql: "", params: [] };
    case "queue":
      return { sql: " AND queue_id = ?", params: [scope.id] };
    case "team":
      return { sql: " AND team_id = ?", params: [scope.id] };
    case "agent":
      return { sql: " AND agent_id = ?", params: [scope.id] };
  }
}
