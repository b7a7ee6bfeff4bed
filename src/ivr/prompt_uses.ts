import type { FlowStore } from "./flow_store.ts";
import { VERBS } from "./registry.ts";
import { parseFlow } from "./validate_flow.ts";

/**
 * Something that plays a prompt: a flow's published version or its draft, or a queue
 * setting (the queues domain reports those; the IVR does not read queue tables).
 */
export type PromptUse =
  | { kind: "flow"; flow_id: number; flow: string; version: number; published: boolean }
  | { kind: "queue"; queue_id: number; queue: string; setting: "music_on_hold" };

/**
 * Prompt names played by the published version and the draft of every flow, each with
 * the flows that play it. Older versions are left out: a rollback to one is validated
 * again, so it cannot start playing a prompt that is gone.
 */
export function flowPromptUses(flows: FlowStore): Map<string, PromptUse[]> {
  const uses = new Map<string, PromptUse[]>();
  for (const flow of flows.list()) {
    const versions = new Set([flow.published_version, flow.draft_version]);
    for (const version of versions) {
      if (version === null) continue;
      const stored = flows.read(flow.id, version);
      const nodes = stored && parseFlow(stored.definition).flow?.nodes;
      if (!nodes) continue;
      const names = new Set<string>();
      for (const node of Object.values(nodes)) {
        for (const name of VERBS.get(node.type)?.references(node).prompts ?? []) names.add(name);
      }
      for (const name of names) {
        const list = uses.get(name) ?? [];
        list.push({
          kind: "flow",
          flow_id: flow.id,
          flow: flow.name,
          version,
          published: version === flow.published_version,
        });
        uses.set(name, list);
      }
    }
  }
  return uses;
}

/** "flow Main menu (published)", "queue Sales (music on hold)": one line per use. */
export function describeUse(use: PromptUse): string {
  return use.kind === "flow"
    ? `flow ${use.flow} (${use.published ? "published" : "draft"} version ${use.version})`
    : `queue ${use.queue} (music on hold)`;
}
