import type { FlowNode, JsonSchema, NodeType } from "./flow_model.ts";

/** Parameters a new node of some types starts with, so it is useful as dropped. */
const STARTERS: Record<string, Record<string, unknown>> = {
  play: { play: ["welcome"] },
  menu: { play: ["main_menu"] },
  hangup: { play: ["goodbye"] },
  collect: { play: ["enter_account"], variable: "account" },
};

/**
 * A new node of `type`: a starter for common types, the first queue or schedule where
 * one is needed, and an empty value for other required fields (which validation then
 * marks for the admin to fill in).
 */
export function newNode(
  type: NodeType,
  choices: { queues: string[]; schedules: string[] },
): FlowNode {
  const node: FlowNode = { type: type.type, ...structuredClone(STARTERS[type.type] ?? {}) };
  const properties = type.schema.properties ?? {};
  for (const name of type.schema.required ?? []) {
    if (name === "type" || name in node) continue;
    const schema: JsonSchema = properties[name] ?? {};
    if (schema.default !== undefined) continue;
    if (name === "queue") node.queue = choices.queues[0] ?? "";
    else if (name === "schedule") node.schedule = choices.schedules[0] ?? "";
    else if (schema.type === "string") node[name] = "";
    else if (schema.type === "array") node[name] = [];
    else if (schema.type === "object") node[name] = {};
  }
  return node;
}
