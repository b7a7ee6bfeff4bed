import { z } from "zod";
import { PlayListSchema } from "../flow_schema.ts";
import { defineVerb, nodeSchema, promptNames } from "../verb.ts";

const schema = nodeSchema("play", {
  play: PlayListSchema,
  /** Let a key press cut the announcement short (the key is then discarded). */
  barge_in: z.boolean().optional(),
});

/** Says something and moves on through `next`. */
export const playVerb = defineVerb<z.infer<typeof schema>>({
  name: "play",
  summary: "Play prompts, TTS text or read digits, numbers and dates",
  schema,
  exits: () => ({ required: ["next"], optional: [] }),
  waitsForInput: () => false,
  references: (node) => ({ prompts: promptNames(node.play) }),
  async exec(ctx) {
    await ctx.play(ctx.node.play, { bargeIn: ctx.node.barge_in ?? false });
    return { exit: "next" };
  },
});
