import { z } from "zod";
import { PlayListSchema } from "../flow_schema.ts";
import { defineVerb, nodeSchema, promptNames } from "../verb.ts";

const schema = nodeSchema("hangup", {
  /** A goodbye before the line drops. */
  play: PlayListSchema.optional(),
  /** The caller got what they called for here (counted as self-service in reports). */
  self_served: z.boolean().default(false),
});

/** Ends the call. */
export const hangupVerb = defineVerb<z.infer<typeof schema>>({
  name: "hangup",
  summary: "Say goodbye and end the call",
  schema,
  exits: () => ({ required: [], optional: [] }),
  waitsForInput: () => false,
  references: (node) => ({ prompts: promptNames(node.play) }),
  async exec(ctx) {
    if (ctx.node.play) await ctx.play(ctx.node.play);
    return {
      route: ctx.node.self_served ? { type: "self_service" } : { type: "hangup", reason: "flow" },
    };
  },
});
