/**
 * The flow document as the editor holds it, and the facts about nodes that the canvas,
 * the property panel and the layout share: which exits a node has and what one line
 * says about it. Pure: no DOM, no fetching.
 *
 * @module
 */

/** A node of a flow document: its type's parameters besides these common fields. */
export interface FlowNode {
  type: string;
  label?: string;
  exits?: Record<string, string>;
  ui?: { x: number; y: number };
  [parameter: string]: unknown;
}

/** A flow document (format 1), as `/ivr/flows/:id` answers it. */
export interface FlowDoc {
  format: 1;
  name: string;
  description?: string;
  timezone: string;
  language?: string;
  start: string;
  fallback: string;
  variables?: Record<string, string | number | boolean | null>;
  nodes: Record<string, FlowNode>;
}

/** A JSON Schema as `/ivr/node-types` answers it (the parts the editor reads). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
  description?: string;
}

/** One node type of `/ivr/node-types`. */
export interface NodeType {
  type: string;
  summary: string;
  exits: { required: string[]; optional: string[] };
  schema: JsonSchema;
}

/** One problem of `/ivr/flows/:id/validate` (or of a save). */
export interface FlowProblem {
  node: string | null;
  code: string;
  message: string;
}

/** One exit of a node as the canvas draws it. */
export interface NodeExit {
  name: string;
  target: string | null;
  /** An unwired required exit is a problem; an unwired optional one leads to the fallback. */
  required: boolean;
}

/** Keys a menu offers: each is an exit named by the key. */
export const MENU_KEY = /^[0-9*#]$/;

/**
 * The exits a node has: its type's fixed ones, a menu's keys (wired, or `pendingKeys` the
 * admin added and has not wired yet) and a condition's cases. Wired exits the type does
 * not know are listed too, so the canvas shows what validation will complain about.
 */
export function nodeExits(
  node: FlowNode,
  type: NodeType | undefined,
  pendingKeys: readonly string[] = [],
): NodeExit[] {
  const exits = node.exits ?? {};
  const seen = new Set<string>();
  const list: NodeExit[] = [];
  const add = (name: string, required: boolean) => {
    if (seen.has(name)) return;
    seen.add(name);
    list.push({ name, target: exits[name] ?? null, required });
  };
  if (node.type === "menu") {
    const keys = [...Object.keys(exits).filter((k) => MENU_KEY.test(k)), ...pendingKeys];
    for (const key of keys.sort(keyOrder)) add(key, true);
  }
  if (node.type === "condition" && Array.isArray(node.cases)) {
    for (const c of node.cases as { exit?: unknown }[]) {
      if (typeof c?.exit === "string") add(c.exit, true);
    }
  }
  for (const name of type?.exits.required ?? []) add(name, true);
  for (const name of type?.exits.optional ?? []) add(name, false);
  for (const name of Object.keys(exits)) add(name, false);
  return list;
}

/** Menu keys in keypad order: 1–9, 0, *, #. */
function keyOrder(a: string, b: string): number {
  const rank = (k: string) => "1234567890*#".indexOf(k);
  return rank(a) - rank(b);
}

/** The name a node goes by on the canvas: its label, else its id. */
export function nodeName(doc: FlowDoc, id: string): string {
  return doc.nodes[id]?.label || id;
}

function playNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((spec) => {
    if (typeof spec === "string") return spec;
    if (spec && typeof spec === "object") {
      const s = spec as Record<string, unknown>;
      return String(s.prompt ?? s.tts ?? s.digits ?? s.number ?? s.date ?? "");
    }
    return "";
  }).filter(Boolean);
}

/**
 * One line about a node: what a menu offers ("1 Sales, 2 Support, 9 Voicemail"), which
 * queue, what plays. `typeName` is the type's name in the UI language.
 */
export function nodeSummary(doc: FlowDoc, id: string, typeName: string): string {
  const node = doc.nodes[id];
  if (!node) return "";
  const detail = summaryDetail(doc, node);
  return detail ? `${typeName}: ${detail}` : typeName;
}

function summaryDetail(doc: FlowDoc, node: FlowNode): string {
  switch (node.type) {
    case "menu":
      return Object.entries(node.exits ?? {})
        .filter(([key]) => MENU_KEY.test(key))
        .sort(([a], [b]) => keyOrder(a, b))
        .map(([key, target]) => `${key} ${nodeName(doc, target)}`)
        .join(", ");
    case "queue":
    case "callback":
      return String(node.queue ?? "");
    case "business_hours":
      return String(node.schedule ?? "");
    case "transfer":
      return String(node.to ?? "");
    case "voicemail":
      return String(node.box ?? "general");
    case "goto":
      return String(node.flow ?? (node.exits?.next ? nodeName(doc, node.exits.next) : ""));
    case "set":
      return Object.keys((node.values as Record<string, unknown>) ?? {}).join(", ");
    case "collect":
      return String(node.variable ?? "");
    default:
      return playNames(node.play ?? node.intro).join(", ");
  }
}

/** A node id not yet in the flow, from the type (`menu`, `menu_2`, …). */
export function freshNodeId(doc: FlowDoc, base: string): string {
  const stem = base.replace(/[^A-Za-z0-9_-]/g, "_").replace(/^[^A-Za-z]+/, "") || "node";
  if (!doc.nodes[stem]) return stem;
  for (let n = 2;; n++) {
    const id = `${stem}_${n}`;
    if (!doc.nodes[id]) return id;
  }
}

/** A deep copy, for undo snapshots and edits that must not touch what was rendered. */
export function cloneDoc(doc: FlowDoc): FlowDoc {
  return structuredClone(doc);
}

/** Variables every call has, and those a CRM look-up sets. */
const CALL_VARIABLES = [
  "caller",
  "did",
  "call_id",
  "language",
  "customer.id",
  "customer.account",
  "customer.name",
  "customer.vip",
  "customer.language",
  "customer.last_agent_id",
  "customer.open_cases",
];

/** Variable names a flow can read: the call's, the flow's own, and those its nodes set. */
export function flowVariables(doc: FlowDoc): string[] {
  const names = new Set([...CALL_VARIABLES, ...Object.keys(doc.variables ?? {})]);
  for (const node of Object.values(doc.nodes)) {
    if (typeof node.variable === "string") names.add(node.variable);
    if (node.values && typeof node.values === "object") {
      for (const name of Object.keys(node.values)) names.add(name);
    }
  }
  return [...names].sort();
}
