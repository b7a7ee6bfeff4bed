import { z } from "zod";
import { PlayListSchema, TemplateSchema } from "../flow_schema.ts";
import { defineVerb, IvrStepError, nodeSchema, promptNames } from "../verb.ts";

const schema = nodeSchema("queue", {
  queue: z.string().min(1).max(100),
  /** 0–10, higher is served first; a template such as `{customer.vip}` is read per call. */
  priority: z.union([z.int().min(0).max(10), TemplateSchema]).default(0),
  /** Skills the ACD should prefer for this caller (on top of the queue's own). */
  skills: z.array(z.string().min(1).max(64)).max(10).default([]),
  /** Said before the caller is handed over ("please hold"). */
  play: PlayListSchema.optional(),
  /**
   * A flow (by name) the caller is handed to when the agent hangs up first: a post-call
   * survey. Without it the queue's own survey, if any, is used.
   */
  survey: z.string().min(1).max(100).optional(),
});

/** Reads a priority from a number or a rendered template, kept within 0–10. */
export function priorityOf(value: number | string, render: (t: string) => string): number {
  const n = typeof value === "number" ? value : Number.parseInt(render(value), 10);
  return Number.isFinite(n) ? Math.min(10, Math.max(0, Math.trunc(n))) : 0;
}

/** Hands the caller to an ACD queue with a priority and skill hints. */
export const queueVerb = defineVerb<z.infer<typeof schema>>({
  name: "queue",
  summary: "Send the caller to an ACD queue",
  schema,
  exits: () => ({ required: [], optional: [] }),
  waitsForInput: () => false,
  references: (node) => ({
    queues: [node.queue],
    prompts: promptNames(node.play),
    flows: node.survey ? [node.survey] : [],
  }),
  async exec(ctx) {
    const { node } = ctx;
    const queueId = ctx.services.queueId(node.queue);
    if (queueId === undefined) throw new IvrStepError(`Queue ${node.queue} does not exist`);
    if (node.play) await ctx.play(node.play);
    const customerId = ctx.vars.get("customer.id");
    return {
      route: {
        type: "queue",
        queue: node.queue,
        queueId,
        priority: priorityOf(node.priority, (t) => ctx.vars.render(t)),
        skills: [...node.skills],
        language: ctx.vars.language,
        customerId: typeof customerId === "number" ? customerId : null,
        ...(node.survey ? { survey: node.survey } : {}),
      },
    };
  },
});
