import { z } from "zod";
import { defineVerb, nodeSchema } from "../verb.ts";

const schema = nodeSchema("goto", {
  /** Another flow's name: the caller continues at its start (its published version). */
  flow: z.string().min(1).max(100).optional(),
});

/** Jumps to another node (`next`) or to the start of another flow. */
export const gotoVerb = defineVerb<z.infer<typeof schema>>({
  name: "goto",
  summary: "Go to a node or to another flow",
  schema,
  exits: (node) => ({ required: node.flow ? [] : ["next"], optional: [] }),
  waitsForInput: () => false,
  references: (node) => ({ flows: node.flow ? [node.flow] : [] }),
  exec(ctx) {
    return Promise.resolve(ctx.node.flow ? { flow: ctx.node.flow } : { exit: "next" });
  },
});
