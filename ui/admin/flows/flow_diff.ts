/**
 * What changed between two versions of a flow: nodes added, removed and changed (with
 * the fields that differ), and the flow's own settings. Where a node is drawn (`ui`) is
 * not a change callers would notice, so it is left out.
 *
 * @module
 */
import type { FlowDoc } from "./flow_model.ts";

export interface FlowDiff {
  added: string[];
  removed: string[];
  changed: { node: string; fields: string[] }[];
  /** Flow-level fields that differ (start, fallback, timezone, language, variables). */
  settings: string[];
}

const SETTINGS = ["start", "fallback", "timezone", "language", "variables"] as const;

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Objects with their keys sorted, so key order never counts as a change. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** The changes that turn `before` into `after`. */
export function diffFlows(before: FlowDoc, after: FlowDoc): FlowDiff {
  const added = Object.keys(after.nodes).filter((id) => !(id in before.nodes)).sort();
  const removed = Object.keys(before.nodes).filter((id) => !(id in after.nodes)).sort();
  const changed: FlowDiff["changed"] = [];
  for (const id of Object.keys(after.nodes).sort()) {
    const a = before.nodes[id];
    const b = after.nodes[id];
    if (!a) continue;
    const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])]
      .filter((f) => f !== "ui" && !same(a[f], b[f]))
      .sort();
    if (fields.length > 0) changed.push({ node: id, fields });
  }
  const settings = SETTINGS.filter((f) => !same(before[f], after[f]));
  return { added, removed, changed, settings };
}

/** Whether the diff has anything in it. */
export function isEmptyDiff(diff: FlowDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length + diff.settings.length ===
    0;
}
