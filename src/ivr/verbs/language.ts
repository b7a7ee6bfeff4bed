import { z } from "zod";
import { LanguageSchema } from "../flow_schema.ts";
import { defineVerb, nodeSchema } from "../verb.ts";

const schema = nodeSchema("language", {
  /** A prompt set, or `customer` for the language in the CRM (unchanged when unknown). */
  language: z.union([LanguageSchema, z.literal("customer")]),
});

/** Switches the prompt set (zh-CN or en) for everything the caller hears next. */
export const languageVerb = defineVerb<z.infer<typeof schema>>({
  name: "language",
  summary: "Switch the prompt language",
  schema,
  exits: () => ({ required: ["next"], optional: [] }),
  waitsForInput: () => false,
  references: () => ({}),
  exec(ctx) {
    const wanted = ctx.node.language === "customer"
      ? ctx.vars.get("customer.language")
      : ctx.node.language;
    if (wanted === "en" || wanted === "zh-CN") {
      ctx.vars.language = wanted;
      ctx.emit("ivr.language", { language: wanted });
    }
    return Promise.resolve({ exit: "next" });
  },
});
