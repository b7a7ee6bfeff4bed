import type { FlowStore } from "./flow_store.ts";
import { VERBS } from "./registry.ts";
import { parseFlow } from "./validate_flow.ts";

/**
 * The flows whose published version sends callers to the queue named `queue` (flows name
 * queues by name, resolved as each call reaches the node). Drafts are left out: one that
 * names a queue that is gone is refused when it is published.
 */
export function flowsRoutingTo(flows: FlowStore, queue: string): string[] {
  const names: string[] = [];
  for (const flow of flows.list()) {
    if (flow.published_version === null) continue;
    const stored = flows.read(flow.id, flow.published_version);
    const nodes = stored && parseFlow(stored.definition).flow?.nodes;
    if (!nodes) continue;
    const routes = Object.values(nodes).some((node) =>
      VERBS.get(node.type)?.references(node).queues?.includes(queue)
    );
    if (routes) names.push(flow.name);
  }
  return names;
}
