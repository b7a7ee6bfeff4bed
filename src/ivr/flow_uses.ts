import type { FlowStore } from "./flow_store.ts";
import { VERBS } from "./registry.ts";
import type { VerbReferences } from "./verb.ts";
import { parseFlow } from "./validate_flow.ts";

/**
 * The flows whose published version names `name` among its nodes' references of `kind`,
 * leaving out the flow called `except`. Flows name queues and other flows by name,
 * resolved as each call reaches the node, so renaming or removing what they name strands
 * their callers. Drafts are left out: one that names something gone is refused when it is
 * published.
 */
function publishedFlowsNaming(
  flows: FlowStore,
  kind: "queues" | "flows",
  name: string,
  except?: string,
): string[] {
  const names: string[] = [];
  for (const flow of flows.list()) {
    if (flow.published_version === null || flow.name === except) continue;
    const stored = flows.read(flow.id, flow.published_version);
    const nodes = stored && parseFlow(stored.definition).flow?.nodes;
    if (!nodes) continue;
    const naming = Object.values(nodes).some((node) => {
      const references: VerbReferences | undefined = VERBS.get(node.type)?.references(node);
      return references?.[kind]?.includes(name);
    });
    if (naming) names.push(flow.name);
  }
  return names;
}

/** The flows whose published version sends callers to the queue named `queue`. */
export function flowsRoutingTo(flows: FlowStore, queue: string): string[] {
  return publishedFlowsNaming(flows, "queues", queue);
}

/**
 * The other flows whose published version hands callers on to the flow named `flow`: a
 * `goto` node, or a queue node naming it as the post-call survey.
 */
export function flowsLeadingTo(flows: FlowStore, flow: string): string[] {
  return publishedFlowsNaming(flows, "flows", flow, flow);
}
