import { z } from "zod";
import { PlayListSchema, TemplateSchema } from "../flow_schema.ts";
import { defineVerb, IvrStepError, nodeSchema, promptNames } from "../verb.ts";

const EXTERNAL = /^\+[1-9]\d{6,14}$/;
const EXTENSION = /^\d{2,8}$/;

const schema = nodeSchema("transfer", {
  /** `+E.164` for an external number, 2–8 digits for an extension, or a template. */
  to: TemplateSchema.refine(
    (to) => to.includes("{") || EXTERNAL.test(to) || EXTENSION.test(to),
    "Use +E.164 (+8613800138000), an extension (1001) or a {variable}",
  ),
  play: PlayListSchema.optional(),
});

/** Transfers the caller to an external number or an internal extension. */
export const transferVerb = defineVerb<z.infer<typeof schema>>({
  name: "transfer",
  summary: "Transfer to an external number or an extension",
  schema,
  exits: () => ({ required: [], optional: [] }),
  waitsForInput: () => false,
  references: (node) => ({ prompts: promptNames(node.play) }),
  async exec(ctx) {
    const target = ctx.vars.render(ctx.node.to).trim();
    const kind = EXTERNAL.test(target) ? "external" : EXTENSION.test(target) ? "extension" : null;
    if (!kind) throw new IvrStepError(`Cannot transfer to ${JSON.stringify(target)}`);
    if (ctx.node.play) await ctx.play(ctx.node.play);
    return { route: { type: "transfer", target, kind } };
  },
});
