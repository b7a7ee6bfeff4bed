import { z } from "zod";
import { ScalarSchema, VariableNameSchema } from "../flow_schema.ts";
import { defineVerb, nodeSchema } from "../verb.ts";

const RESERVED = /^(time\.|language$|caller$|did$|call_id$)/;

const schema = nodeSchema("set", {
  /** Values to set; strings may contain `{name}` templates. */
  values: z.record(
    VariableNameSchema.refine(
      (name) => !RESERVED.test(name),
      "This variable is set by the IVR itself",
    ),
    ScalarSchema,
  ).refine((v) => Object.keys(v).length > 0, "Set at least one variable"),
});

/** Sets variables for later conditions, templates, webhooks or the queue. */
export const setVariableVerb = defineVerb<z.infer<typeof schema>>({
  name: "set",
  summary: "Set variables",
  schema,
  exits: () => ({ required: ["next"], optional: [] }),
  waitsForInput: () => false,
  references: () => ({}),
  exec(ctx) {
    for (const [name, value] of Object.entries(ctx.node.values)) {
      ctx.vars.set(name, typeof value === "string" ? ctx.vars.render(value) : value);
    }
    return Promise.resolve({ exit: "next" });
  },
});
