import { z } from "zod";
import { PlayListSchema, TemplateSchema } from "../flow_schema.ts";
import { defineVerb, nodeSchema, promptNames } from "../verb.ts";
import { playRetry, readEntry } from "./_input.ts";

const schema = nodeSchema("survey", {
  intro: PlayListSchema.optional(),
  /** Each question is answered with one key, 1 (worst) to 5 (best). */
  questions: z.array(z.strictObject({
    id: z.string().regex(/^[a-z0-9_]{1,32}$/),
    play: PlayListSchema,
  })).min(1).max(5),
  timeout_s: z.number().min(1).max(30).default(5),
  retries: z.int().min(0).max(3).default(1),
  /** The agent the scores are for; the call layer passes `agent_id` into post-call surveys. */
  agent: TemplateSchema.default("{agent_id}"),
  thanks: PlayListSchema.default(["survey_thanks"]),
});

/**
 * A satisfaction survey: 1–5 scores by keypad, stored per call and agent. A question
 * left unanswered after its retries is skipped rather than scored.
 */
export const surveyVerb = defineVerb<z.infer<typeof schema>>({
  name: "survey",
  summary: "Ask 1–5 satisfaction questions and store the scores",
  schema,
  exits: () => ({ required: ["done"], optional: [] }),
  waitsForInput: () => true,
  references: (node) => ({
    prompts: [
      ...promptNames(node.intro),
      ...node.questions.flatMap((q) => promptNames(q.play)),
      ...promptNames(node.thanks),
      "invalid_choice",
      "no_input",
    ],
  }),
  async exec(ctx, signal) {
    const { node } = ctx;
    if (node.intro) await ctx.play(node.intro);
    const agent = Number.parseInt(ctx.vars.render(node.agent), 10);
    const customerId = ctx.vars.get("customer.id");
    let answered = 0;
    for (const question of node.questions) {
      for (let attempt = 0; attempt <= node.retries; attempt++) {
        const entry = await readEntry(ctx, signal, {
          play: question.play,
          max: 1,
          firstTimeoutMs: node.timeout_s * 1000,
          interDigitTimeoutMs: 0,
        });
        if (/^[1-5]$/.test(entry.digits)) {
          const score = Number(entry.digits);
          const id = ctx.services.records.saveSurvey({
            callId: ctx.call.callId,
            agentId: Number.isFinite(agent) ? agent : null,
            customerId: typeof customerId === "number" ? customerId : null,
            question: question.id,
            score,
            at: ctx.clock.now(),
          });
          ctx.vars.set(`survey.${question.id}`, score);
          ctx.emit("ivr.survey", { id, question: question.id, score });
          answered++;
          break;
        }
        if (attempt < node.retries) await playRetry(ctx, entry.digits ? "invalid" : "timeout", {});
      }
    }
    if (answered > 0) await ctx.play(node.thanks);
    ctx.vars.set("survey.answered", answered);
    return { exit: "done" };
  },
});
