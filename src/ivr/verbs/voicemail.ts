import { z } from "zod";
import { PlayListSchema } from "../flow_schema.ts";
import { defineVerb, nodeSchema, promptNames } from "../verb.ts";

const schema = nodeSchema("voicemail", {
  /** The greeting before the beep. */
  play: PlayListSchema.default(["voicemail_greeting"]),
  max_s: z.int().min(5).max(600).default(120),
  beep: z.boolean().default(true),
  /** Which mailbox the message lands in. */
  box: z.string().min(1).max(64).default("general"),
  /** Said after the message when the caller is still there. */
  thanks: PlayListSchema.default(["voicemail_saved"]),
});

/** Records a message after a beep and keeps it, linked to the customer when known. */
export const voicemailVerb = defineVerb<z.infer<typeof schema>>({
  name: "voicemail",
  summary: "Record a voicemail linked to the customer",
  schema,
  exits: () => ({ required: [], optional: [] }),
  waitsForInput: () => false,
  references: (node) => ({ prompts: [...promptNames(node.play), ...promptNames(node.thanks)] }),
  async exec(ctx, signal) {
    const { node } = ctx;
    await ctx.play(node.play);
    const recorded = await ctx.call.recordVoicemail({
      maxMs: node.max_s * 1000,
      beep: node.beep,
      signal,
    });
    const customerId = ctx.vars.get("customer.id");
    const id = ctx.services.records.saveVoicemail({
      callId: ctx.call.callId,
      flowId: ctx.flowId,
      customerId: typeof customerId === "number" ? customerId : null,
      caller: ctx.call.caller,
      box: node.box,
      path: recorded.path ?? null,
      durationMs: recorded.durationMs,
      at: ctx.clock.now(),
    });
    ctx.emit("ivr.voicemail", {
      id,
      duration_ms: recorded.durationMs,
      ended: recorded.ended,
      box: node.box,
    });
    if (recorded.ended !== "hangup") await ctx.play(node.thanks);
    return { route: { type: "voicemail", id } };
  },
});
