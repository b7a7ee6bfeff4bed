import { z } from "zod";
import { PlayListSchema, TemplateSchema } from "../flow_schema.ts";
import { defineVerb, IvrStepError, nodeSchema, promptNames } from "../verb.ts";
import { priorityOf } from "./queue.ts";

const schema = nodeSchema("callback", {
  /** The queue whose agents will call back. */
  queue: z.string().min(1).max(100),
  /** The number to call back; the caller's own by default. */
  number: TemplateSchema.default("{caller}"),
  priority: z.union([z.int().min(0).max(10), TemplateSchema]).default(0),
  play: PlayListSchema.default(["callback_confirm"]),
});

/**
 * Takes a callback request instead of waiting on hold. The request keeps the time the
 * caller first reached us, so it is served in the order the call would have been.
 */
export const callbackVerb = defineVerb<z.infer<typeof schema>>({
  name: "callback",
  summary: "Request a callback that keeps the caller's place",
  schema,
  exits: () => ({ required: [], optional: [] }),
  waitsForInput: () => false,
  references: (node) => ({ queues: [node.queue], prompts: promptNames(node.play) }),
  async exec(ctx) {
    const { node } = ctx;
    const number = ctx.vars.render(node.number).trim();
    if (!/^\+?\d{3,15}$/.test(number)) {
      throw new IvrStepError(`Cannot call back ${JSON.stringify(number)}: not a phone number`);
    }
    const customerId = ctx.vars.get("customer.id");
    const id = ctx.services.records.saveCallback({
      callId: ctx.call.callId,
      customerId: typeof customerId === "number" ? customerId : null,
      number,
      queueId: ctx.services.queueId(node.queue) ?? null,
      priority: priorityOf(node.priority, (t) => ctx.vars.render(t)),
      placeAt: ctx.startedAt,
      at: ctx.clock.now(),
    });
    ctx.emit("ivr.callback", { id, queue: node.queue });
    await ctx.play(node.play);
    return { route: { type: "callback", id, queue: node.queue } };
  },
});
