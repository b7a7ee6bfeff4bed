import { z } from "zod";
import { PlayListSchema, VariableNameSchema } from "../flow_schema.ts";
import { defineVerb, nodeSchema, promptNames, type VerbContext, type VerbResult } from "../verb.ts";
import { playRetry, readEntry } from "./_input.ts";

const schema = nodeSchema("collect", {
  play: PlayListSchema,
  /** Where the entry is kept (`{digits}` in later templates by default). */
  variable: VariableNameSchema.default("digits"),
  min: z.int().min(1).max(32).default(1),
  max: z.int().min(1).max(32),
  terminator: z.enum(["#", "*"]).optional(),
  /** A regular expression the whole entry must match. */
  pattern: z.string().max(200).refine((p) => {
    try {
      new RegExp(p);
      return true;
    } catch {
      return false;
    }
  }, "Not a valid regular expression").optional(),
  timeout_s: z.number().min(1).max(60).default(6),
  inter_digit_s: z.number().min(1).max(30).default(4),
  retries: z.int().min(0).max(9).default(2),
  /** Mask the entry in call events (PINs, card numbers). */
  sensitive: z.boolean().default(false),
  /**
   * A card number or PIN: masked like `sensitive`, kept out of the flow's variable
   * listings, and the call's recording is paused while the node asks for it (prompts,
   * retries and keys), so neither the keys' tones nor digits read aloud are kept.
   */
  secret: z.boolean().default(false),
  invalid_play: PlayListSchema.optional(),
  timeout_play: PlayListSchema.optional(),
}).refine((node) => node.min <= node.max, {
  message: "min must not be more than max",
  path: ["min"],
});

/**
 * Reads several keys (an account number, a PIN) into a variable. An entry that is too
 * short, too long or does not match `pattern` is asked for again; after the retries
 * the node leaves through `failed` (the flow's fallback when not wired).
 */
export const collectVerb = defineVerb<z.infer<typeof schema>>({
  name: "collect",
  summary: "Collect digits with length, terminator and pattern checks",
  schema,
  exits: () => ({ required: ["done"], optional: ["failed"] }),
  waitsForInput: () => true,
  references: (node) => ({
    prompts: [
      ...promptNames(node.play),
      ...promptNames(node.invalid_play ?? ["invalid_entry"]),
      ...promptNames(node.timeout_play ?? ["no_input"]),
    ],
  }),
  async exec(ctx, signal) {
    if (!ctx.node.secret) return await collect(ctx, signal);
    await ctx.call.pauseRecording();
    try {
      return await collect(ctx, signal);
    } finally {
      ctx.call.resumeRecording();
    }
  },
});

async function collect(
  ctx: VerbContext<z.infer<typeof schema>>,
  signal: AbortSignal,
): Promise<VerbResult> {
  const { node } = ctx;
  const pattern = node.pattern ? new RegExp(`^(?:${node.pattern})$`) : undefined;
  const retry = {
    invalid: node.invalid_play ?? ["invalid_entry"],
    timeout: node.timeout_play,
  };
  let last: "invalid" | "timeout" = "timeout";
  for (let attempt = 0; attempt <= node.retries; attempt++) {
    if (attempt > 0) await playRetry(ctx, last, retry);
    const entry = await readEntry(ctx, signal, {
      play: node.play,
      max: node.max,
      terminator: node.terminator,
      firstTimeoutMs: node.timeout_s * 1000,
      interDigitTimeoutMs: node.inter_digit_s * 1000,
      sensitive: node.sensitive || node.secret,
    });
    const { digits } = entry;
    if (digits.length === 0) {
      last = "timeout";
      continue;
    }
    if (
      digits.length >= node.min && digits.length <= node.max && (!pattern || pattern.test(digits))
    ) {
      ctx.vars.set(node.variable, digits, { secret: node.secret });
      return { exit: "done" };
    }
    last = "invalid";
  }
  ctx.emit("ivr.retries_exhausted", { last });
  return { exit: "failed" };
}
