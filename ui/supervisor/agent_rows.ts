/**
 * Which agents the board shows and in what order: filters by state, queue and
 * team, sorted by name, state or time in state (longest first).
 *
 * @module
 */

import type { AgentRow } from "./supervision_controller.ts";

/** What the board filters on; empty strings mean "all". */
export interface AgentFilter {
  state: string;
  queue: string;
  team: string;
}

/** The orders the board offers. */
export const AGENT_SORTS = ["name", "state", "time"] as const;
export type AgentSort = typeof AGENT_SORTS[number];

const STATE_ORDER = ["on_call", "ringing", "wrap_up", "ready", "not_ready", "logged_out"];

/** The rows to show, filtered and sorted; `now` (ms) measures time in state. */
export function agentRows(
  agents: readonly AgentRow[],
  filter: AgentFilter,
  sort: AgentSort,
  now: number,
): AgentRow[] {
  const rows = agents.filter((a) =>
    (!filter.state || a.state === filter.state) &&
    (!filter.queue || a.queue_ids.includes(Number(filter.queue))) &&
    (!filter.team || String(a.team_id ?? "") === filter.team)
  );
  const byName = (a: AgentRow, b: AgentRow) => a.name.localeCompare(b.name);
  const since = (a: AgentRow) => now - Date.parse(a.since);
  const compare: Record<AgentSort, (a: AgentRow, b: AgentRow) => number> = {
    name: byName,
    state: (a, b) => STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) || byName(a, b),
    time: (a, b) => since(b) - since(a) || byName(a, b),
  };
  return rows.sort(compare[sort]);
}

/** The teams among `agents`, by name, for the team filter. */
export function teamsOf(agents: readonly AgentRow[]): { id: number; name: string }[] {
  const teams = new Map<number, string>();
  for (const a of agents) if (a.team_id != null && a.team) teams.set(a.team_id, a.team);
  return [...teams].map(([id, name]) => ({ id, name })).sort((a, b) =>
    a.name.localeCompare(b.name)
  );
}
