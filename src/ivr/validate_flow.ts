import type { z } from "zod";
import { type BaseNode, type FlowDefinition, FlowDocumentSchema } from "./flow_schema.ts";
import { VERBS } from "./registry.ts";
import type { Verb } from "./verb.ts";

export type FlowProblemCode =
  | "schema"
  | "unknown_type"
  | "missing_exit"
  | "unknown_exit"
  | "unknown_target"
  | "unreachable"
  | "loop_without_input"
  | "unknown_prompt"
  | "unknown_queue"
  | "unknown_schedule"
  | "unknown_flow";

/** One thing wrong with a flow; `node` is null for flow-level problems. */
export interface FlowProblem {
  node: string | null;
  code: FlowProblemCode;
  message: string;
}

/** What exists outside the flow, for reference checks. */
export interface FlowCatalog {
  prompt(name: string): boolean;
  queue(name: string): boolean;
  schedule(name: string): boolean;
  flow(name: string): boolean;
}

function zodProblems(error: z.ZodError, node: string | null): FlowProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.join(".");
    return { node, code: "schema", message: path ? `${path}: ${issue.message}` : issue.message };
  });
}

/**
 * Checks a flow document's structure and every node against its type's schema.
 * Returns the runnable flow only when all of it parsed; problems list every failure.
 */
export function parseFlow(input: unknown): { flow?: FlowDefinition; problems: FlowProblem[] } {
  const parsed = FlowDocumentSchema.safeParse(input);
  const problems: FlowProblem[] = [];
  const rawNodes = (input as { nodes?: unknown } | null)?.nodes;
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const inNode = issue.path[0] === "nodes" && typeof issue.path[1] === "string";
      const node = inNode ? String(issue.path[1]) : null;
      const path = (inNode ? issue.path.slice(2) : issue.path).join(".");
      problems.push({
        node,
        code: "schema",
        message: path ? `${path}: ${issue.message}` : issue.message,
      });
    }
  }
  const nodes: Record<string, BaseNode> = {};
  if (rawNodes && typeof rawNodes === "object" && !Array.isArray(rawNodes)) {
    for (const [id, raw] of Object.entries(rawNodes as Record<string, unknown>)) {
      const type = (raw as { type?: unknown } | null)?.type;
      if (typeof type !== "string") continue; // the document schema already said so
      const verb = VERBS.get(type);
      if (!verb) {
        problems.push({
          node: id,
          code: "unknown_type",
          message: `Unknown node type ${JSON.stringify(type)}; known types: ${
            [...VERBS.keys()].join(", ")
          }`,
        });
        continue;
      }
      const node = verb.schema.safeParse(raw);
      if (node.success) nodes[id] = node.data;
      else problems.push(...zodProblems(node.error, id));
    }
  }
  if (!parsed.success || problems.length > 0) return { problems };
  return { flow: { ...parsed.data, nodes }, problems };
}

/** Every problem of a flow: structure, exits and targets, reachability, loops, references. */
export function validateFlow(input: unknown, catalog: FlowCatalog): {
  flow?: FlowDefinition;
  problems: FlowProblem[];
} {
  const { flow, problems } = parseFlow(input);
  const doc = input as Partial<FlowDefinition> | null;
  const rawNodes = doc?.nodes && typeof doc.nodes === "object" ? doc.nodes : {};
  // Check what parsed even when other nodes did not, so one bad node hides nothing else.
  const parsedNodes: Record<string, BaseNode> = {};
  for (const [id, raw] of Object.entries(rawNodes)) {
    const verb = VERBS.get((raw as BaseNode)?.type);
    const node = verb?.schema.safeParse(raw);
    if (node?.success) parsedNodes[id] = node.data;
  }
  problems.push(
    ...checkGraph(doc ?? {}, new Set(Object.keys(rawNodes)), parsedNodes),
    ...checkReferences(parsedNodes, catalog),
  );
  return { flow: problems.length === 0 ? flow : undefined, problems };
}

function checkGraph(
  doc: Partial<FlowDefinition>,
  ids: Set<string>,
  nodes: Record<string, BaseNode>,
): FlowProblem[] {
  const problems: FlowProblem[] = [];
  for (const key of ["start", "fallback"] as const) {
    const target = doc[key];
    if (typeof target === "string" && !ids.has(target)) {
      problems.push({
        node: null,
        code: "unknown_target",
        message: `${key} names node ${target}, which does not exist`,
      });
    }
  }
  const edges = new Map<string, string[]>();
  for (const [id, node] of Object.entries(nodes)) {
    const verb = VERBS.get(node.type)!;
    const { required, optional } = verb.exits(node);
    const exits = node.exits ?? {};
    for (const name of required) {
      if (!(name in exits)) {
        problems.push({
          node: id,
          code: "missing_exit",
          message: `Exit ${JSON.stringify(name)} is not connected`,
        });
      }
    }
    for (const [name, target] of Object.entries(exits)) {
      if (!required.includes(name) && !optional.includes(name)) {
        const allowed = [...required, ...optional];
        problems.push({
          node: id,
          code: "unknown_exit",
          message: `A ${node.type} node has no exit ${JSON.stringify(name)}` +
            (allowed.length ? ` (it has ${allowed.join(", ")})` : " (it ends the IVR)"),
        });
      } else if (!ids.has(target)) {
        problems.push({
          node: id,
          code: "unknown_target",
          message: `Exit ${JSON.stringify(name)} leads to node ${target}, which does not exist`,
        });
      }
    }
    const targets = Object.values(exits).filter((t) => ids.has(t));
    // An unwired optional exit leads to the fallback.
    if (optional.some((name) => !(name in exits)) && typeof doc.fallback === "string") {
      targets.push(doc.fallback);
    }
    edges.set(id, targets);
  }
  problems.push(...unreachable(doc, ids, edges), ...loopsWithoutInput(nodes, edges));
  return problems;
}

function unreachable(
  doc: Partial<FlowDefinition>,
  ids: Set<string>,
  edges: Map<string, string[]>,
): FlowProblem[] {
  const seen = new Set<string>();
  const stack = [doc.start, doc.fallback].filter((id): id is string =>
    typeof id === "string" && ids.has(id)
  );
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(edges.get(id) ?? []));
  }
  // Nodes that failed their schema have unknown edges; what they would reach is not unreachable.
  if ([...seen].some((id) => !edges.has(id))) return [];
  return [...ids].filter((id) => !seen.has(id)).map((id) => ({
    node: id,
    code: "unreachable" as const,
    message: "No path from the start or the fallback reaches this node",
  }));
}

/** Cycles made only of nodes that never wait for the caller would spin without end. */
function loopsWithoutInput(
  nodes: Record<string, BaseNode>,
  edges: Map<string, string[]>,
): FlowProblem[] {
  const quiet = new Set(
    Object.entries(nodes).filter(([, n]) => !(VERBS.get(n.type) as Verb).waitsForInput(n)).map((
      [id],
    ) => id),
  );
  const next = (id: string) => (edges.get(id) ?? []).filter((t) => quiet.has(t));
  // Tarjan's strongly connected components over the quiet nodes.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const problems: FlowProblem[] = [];
  const visit = (id: string) => {
    index.set(id, counter);
    low.set(id, counter++);
    stack.push(id);
    onStack.add(id);
    for (const t of next(id)) {
      if (!index.has(t)) {
        visit(t);
        low.set(id, Math.min(low.get(id)!, low.get(t)!));
      } else if (onStack.has(t)) low.set(id, Math.min(low.get(id)!, index.get(t)!));
    }
    if (low.get(id) === index.get(id)) {
      const component: string[] = [];
      let t: string;
      do {
        t = stack.pop()!;
        onStack.delete(t);
        component.push(t);
      } while (t !== id);
      if (component.length > 1 || next(id).includes(id)) {
        const cycle = component.reverse();
        problems.push({
          node: cycle[0],
          code: "loop_without_input",
          message: `Nodes ${
            cycle.join(" → ")
          } form a loop that never waits for a key press or a timeout`,
        });
      }
    }
  };
  for (const id of quiet) if (!index.has(id)) visit(id);
  return problems;
}

function checkReferences(nodes: Record<string, BaseNode>, catalog: FlowCatalog): FlowProblem[] {
  const problems: FlowProblem[] = [];
  for (const [id, node] of Object.entries(nodes)) {
    const refs = VERBS.get(node.type)!.references(node);
    for (const name of new Set(refs.prompts ?? [])) {
      if (!catalog.prompt(name)) {
        problems.push({
          node: id,
          code: "unknown_prompt",
          message: `Prompt ${name} does not exist; upload it or use a built-in prompt`,
        });
      }
    }
    for (const name of refs.queues ?? []) {
      if (!catalog.queue(name)) {
        problems.push({ node: id, code: "unknown_queue", message: `Queue ${name} does not exist` });
      }
    }
    for (const name of refs.schedules ?? []) {
      if (!catalog.schedule(name)) {
        problems.push({
          node: id,
          code: "unknown_schedule",
          message: `Schedule ${name} does not exist; define its business hours first`,
        });
      }
    }
    for (const name of refs.flows ?? []) {
      if (!catalog.flow(name)) {
        problems.push({
          node: id,
          code: "unknown_flow",
          message: `Flow ${name} does not exist or is not published`,
        });
      }
    }
  }
  return problems;
}
