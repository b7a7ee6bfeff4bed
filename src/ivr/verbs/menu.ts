import { z } from "zod";
import { PlayListSchema } from "../flow_schema.ts";
import { defineVerb, nodeSchema, promptNames } from "../verb.ts";
import { playRetry, readEntry } from "./_input.ts";

const KEY = /^[0-9*#]$/;

const schema = nodeSchema("menu", {
  play: PlayListSchema,
  timeout_s: z.number().min(1).max(60).default(5),
  /** How many times the menu is offered again after a wrong key or silence. */
  retries: z.int().min(0).max(9).default(2),
  invalid_play: PlayListSchema.optional(),
  timeout_play: PlayListSchema.optional(),
}).refine(
  (node) => Object.keys(node.exits ?? {}).some((name) => KEY.test(name)),
  { message: 'A menu needs at least one key exit ("1": "node")', path: ["exits"] },
);

/**
 * Offers choices by key. Each exit named by a key (`0`–`9`, `*`, `#`) is a choice; a
 * wrong key or silence replays the menu up to `retries` times, then leaves through
 * `invalid` or `timeout` (the flow's fallback when not wired).
 */
export const menuVerb = defineVerb<z.infer<typeof schema>>({
  name: "menu",
  summary: "Offer keypad choices with retries",
  schema,
  exits: (node) => ({
    required: Object.keys(node.exits ?? {}).filter((name) => KEY.test(name)),
    optional: ["invalid", "timeout"],
  }),
  waitsForInput: () => true,
  references: (node) => ({
    prompts: [
      ...promptNames(node.play),
      ...promptNames(node.invalid_play ?? ["invalid_choice"]),
      ...promptNames(node.timeout_play ?? ["no_input"]),
    ],
  }),
  async exec(ctx, signal) {
    const { node } = ctx;
    const keys = Object.keys(node.exits ?? {}).filter((name) => KEY.test(name));
    let last: "invalid" | "timeout" = "timeout";
    for (let attempt = 0; attempt <= node.retries; attempt++) {
      if (attempt > 0) {
        await playRetry(ctx, last, { invalid: node.invalid_play, timeout: node.timeout_play });
      }
      const entry = await readEntry(ctx, signal, {
        play: node.play,
        max: 1,
        firstTimeoutMs: node.timeout_s * 1000,
        interDigitTimeoutMs: 0,
      });
      if (entry.digits && keys.includes(entry.digits)) return { exit: entry.digits };
      last = entry.digits ? "invalid" : "timeout";
    }
    ctx.emit("ivr.retries_exhausted", { last });
    return { exit: last };
  },
});
