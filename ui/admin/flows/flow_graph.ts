/**
 * Edits of a flow document as pure functions: each takes a document and returns a new
 * one, so the editor can keep the old one for undo. Also the graph views the layout and
 * the canvas need.
 *
 * @module
 */
import { DEFAULT_LAYOUT, layeredLayout } from "./flow_layout.ts";
import { cloneDoc, type FlowDoc, type FlowNode, freshNodeId } from "./flow_model.ts";

/** Each node's targets, in exit order (wired exits only). */
export function flowEdges(doc: FlowDoc): Map<string, string[]> {
  return new Map(
    Object.entries(doc.nodes).map(([id, node]) => [id, Object.values(node.exits ?? {})]),
  );
}

/** Adds a node of `type` at a point; returns the new document and the node's id. */
export function addNode(
  doc: FlowDoc,
  node: FlowNode,
  at: { x: number; y: number },
): { doc: FlowDoc; id: string } {
  const next = cloneDoc(doc);
  const id = freshNodeId(next, node.type);
  next.nodes[id] = { ...structuredClone(node), ui: { x: Math.round(at.x), y: Math.round(at.y) } };
  return { doc: next, id };
}

/** Wires `exit` of `from` to `to`; `to` null unwires it. */
export function connect(doc: FlowDoc, from: string, exit: string, to: string | null): FlowDoc {
  const next = cloneDoc(doc);
  const node = next.nodes[from];
  if (!node) return next;
  const exits = { ...node.exits };
  if (to === null) delete exits[exit];
  else exits[exit] = to;
  if (Object.keys(exits).length > 0) node.exits = exits;
  else delete node.exits;
  return next;
}

/** Moves a node to a point. */
export function moveNode(doc: FlowDoc, id: string, at: { x: number; y: number }): FlowDoc {
  const next = cloneDoc(doc);
  if (next.nodes[id]) next.nodes[id].ui = { x: Math.round(at.x), y: Math.round(at.y) };
  return next;
}

/**
 * Removes nodes and every exit that led to them. The start and the fallback cannot be
 * removed (a flow always has both); they are left in place.
 */
export function removeNodes(doc: FlowDoc, ids: readonly string[]): FlowDoc {
  const gone = new Set(ids.filter((id) => id !== doc.start && id !== doc.fallback));
  const next = cloneDoc(doc);
  for (const id of gone) delete next.nodes[id];
  for (const node of Object.values(next.nodes)) {
    if (!node.exits) continue;
    for (const [exit, target] of Object.entries(node.exits)) {
      if (gone.has(target)) delete node.exits[exit];
    }
    if (Object.keys(node.exits).length === 0) delete node.exits;
  }
  return next;
}

/** Nodes copied from a flow: their documents by id, exits among them kept. */
export type NodeGroup = Record<string, FlowNode>;

/** The chosen nodes, with exits that leave the group dropped (they would dangle). */
export function copyNodes(doc: FlowDoc, ids: readonly string[]): NodeGroup {
  const chosen = new Set(ids.filter((id) => doc.nodes[id]));
  const group: NodeGroup = {};
  for (const id of chosen) {
    const node = structuredClone(doc.nodes[id]);
    if (node.exits) {
      node.exits = Object.fromEntries(
        Object.entries(node.exits).filter(([, target]) => chosen.has(target)),
      );
    }
    group[id] = node;
  }
  return group;
}

/**
 * Pastes a copied group under fresh ids, shifted by `offset`, with its inner exits
 * renamed to match; returns the new document and the new ids.
 */
export function pasteNodes(
  doc: FlowDoc,
  group: NodeGroup,
  offset: { x: number; y: number },
): { doc: FlowDoc; ids: string[] } {
  const next = cloneDoc(doc);
  const renamed = new Map<string, string>();
  for (const [id, node] of Object.entries(group)) {
    const fresh = freshNodeId(next, id);
    renamed.set(id, fresh);
    next.nodes[fresh] = structuredClone(node); // reserve the id before the next one is chosen
  }
  for (const [id, node] of Object.entries(group)) {
    const copy = next.nodes[renamed.get(id)!];
    if (node.exits) {
      copy.exits = Object.fromEntries(
        Object.entries(node.exits).map(([exit, target]) => [exit, renamed.get(target) ?? target]),
      );
      if (Object.keys(copy.exits).length === 0) delete copy.exits;
    }
    const ui = node.ui ?? { x: 0, y: 0 };
    copy.ui = { x: ui.x + offset.x, y: ui.y + offset.y };
  }
  return { doc: next, ids: [...renamed.values()] };
}

/** Places every node by the layered layout (see {@link layeredLayout}). */
export function autoLayout(doc: FlowDoc): FlowDoc {
  const next = cloneDoc(doc);
  const at = layeredLayout(Object.keys(next.nodes), flowEdges(next), [next.start, next.fallback]);
  for (const [id, p] of at) next.nodes[id].ui = { x: p.x + 20, y: p.y + 20 };
  return next;
}

/** Whether some node has no position yet (a flow made elsewhere), so it needs a layout. */
export function needsLayout(doc: FlowDoc): boolean {
  return Object.values(doc.nodes).some((n) => !n.ui);
}

/** Box size on the canvas. */
export const NODE_SIZE = { width: DEFAULT_LAYOUT.width, height: DEFAULT_LAYOUT.height };
