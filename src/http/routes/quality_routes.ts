import type { Context } from "hono";
import { z } from "zod";
import { canAccess, type Role, ROLE_GROUPS } from "../../auth/mod.ts";
import {
  EvaluationInputSchema,
  FormInputSchema,
  PassRateQuerySchema,
  type QualityActor,
  type QualityReview,
} from "../../quality/mod.ts";
import { ApiError } from "../api_error.ts";
import type { AppEnv } from "../env.ts";
import { route, type RouteTarget } from "../route.ts";
import { idParam, readJson, readQuery } from "../validate.ts";
import { qualityError } from "./quality_error.ts";
import { mountQaReviewPlanRoutes } from "./qa_review_plan_routes.ts";

/** Roles that build forms and score calls. */
const EVALUATORS: readonly Role[] = [
  ...new Set([...ROLE_GROUPS.quality, ...ROLE_GROUPS.supervisors]),
];

const EvaluationListSchema = z.object({
  agent_id: z.coerce.number().int().positive().optional(),
  call_id: z.string().min(1).max(64).optional(),
  status: z.enum(["submitted", "acknowledged", "disputed"]).optional(),
}).strict();

const AnswerBodySchema = z.object({ note: z.string().max(2000).default("") }).strict();

export interface QualityRouteDeps {
  quality: QualityReview;
}

function actor(c: Context<AppEnv>): QualityActor {
  const user = c.get("user")!;
  return { userId: user.id, evaluator: canAccess(user.role, EVALUATORS) };
}

/** QA forms, evaluations, the agent's acknowledgement or dispute, and the pass rate. */
export function mountQualityRoutes(target: RouteTarget, { quality }: QualityRouteDeps): void {
  route(target, {
    method: "get",
    path: "/qa/agents",
    summary: "Agents whose calls evaluators may pick (id, name, username)",
    tag: "quality",
    access: EVALUATORS,
  }, (c) => c.json({ agents: quality.agents() }));

  route(target, {
    method: "get",
    path: "/qa/forms",
    summary: "Evaluation forms (active ones for scoring; all for evaluators)",
    tag: "quality",
    access: ROLE_GROUPS.anyone,
  }, (c) => c.json({ forms: quality.forms(!actor(c).evaluator) }));

  route(target, {
    method: "post",
    path: "/qa/forms",
    summary:
      "Create an evaluation form: sections of yes/no and 1–5 questions, weights, critical ones",
    tag: "quality",
    access: EVALUATORS,
    body: FormInputSchema,
    status: 201,
  }, async (c) => {
    const input = await readJson(c, FormInputSchema);
    try {
      return c.json({ form: quality.saveForm(input, c.get("user")!.id) }, 201);
    } catch (error) {
      qualityError(error);
    }
  });

  route(target, {
    method: "put",
    path: "/qa/forms/:id",
    summary: "Replace an evaluation form (evaluations keep the form as it was)",
    tag: "quality",
    access: EVALUATORS,
    body: FormInputSchema,
  }, async (c) => {
    const id = idParam(c, "id", "Form");
    const input = await readJson(c, FormInputSchema);
    try {
      return c.json({ form: quality.saveForm(input, c.get("user")!.id, id) });
    } catch (error) {
      qualityError(error);
    }
  });

  route(target, {
    method: "post",
    path: "/qa/evaluations",
    summary: "Score a recorded call on a form, with comments pinned to moments of the recording",
    tag: "quality",
    access: EVALUATORS,
    body: EvaluationInputSchema,
    status: 201,
  }, async (c) => {
    const input = await readJson(c, EvaluationInputSchema);
    try {
      return c.json({ evaluation: quality.evaluate(input, c.get("user")!.id) }, 201);
    } catch (error) {
      qualityError(error);
    }
  });

  route(
    target,
    {
      method: "get",
      path: "/qa/evaluations",
      summary: "Evaluations, newest first (agents: their own)",
      tag: "quality",
      access: ROLE_GROUPS.anyone,
      query: EvaluationListSchema,
    },
    (c) =>
      c.json({ evaluations: quality.evaluations(actor(c), readQuery(c, EvaluationListSchema)) }),
  );

  route(target, {
    method: "get",
    path: "/qa/evaluations/:id",
    summary: "One evaluation with the form it was scored on",
    tag: "quality",
    access: ROLE_GROUPS.anyone,
  }, (c) => {
    try {
      return c.json({ evaluation: quality.evaluation(actor(c), idParam(c, "id", "Evaluation")) });
    } catch (error) {
      qualityError(error);
    }
  });

  for (const how of ["acknowledge", "dispute"] as const) {
    route(target, {
      method: "post",
      path: `/qa/evaluations/:id/${how}`,
      summary: how === "acknowledge"
        ? "The evaluated agent acknowledges the evaluation"
        : "The evaluated agent disputes the evaluation (a note says why)",
      tag: "quality",
      access: ROLE_GROUPS.anyone,
      body: AnswerBodySchema,
    }, async (c) => {
      const id = idParam(c, "id", "Evaluation");
      const { note } = await readJson(c, AnswerBodySchema);
      try {
        return c.json({
          evaluation: quality.answer(
            actor(c),
            id,
            how === "acknowledge" ? "acknowledged" : "disputed",
            note,
          ),
        });
      } catch (error) {
        qualityError(error);
      }
    });
  }

  route(target, {
    method: "get",
    path: "/qa/pass-rate",
    summary: "QA pass rate (KPI.md) by agent, team, form or period (agents: their own)",
    tag: "quality",
    access: ROLE_GROUPS.anyone,
    query: PassRateQuerySchema,
  }, (c) => {
    const query = readQuery(c, PassRateQuerySchema);
    const who = actor(c);
    if (!who.evaluator) {
      if (query.agent_id !== undefined && query.agent_id !== who.userId) {
        throw ApiError.forbidden("Agents see only their own pass rate");
      }
      query.agent_id = who.userId;
    }
    return c.json({ by: query.by, rows: quality.passRate(query) });
  });

  mountQaReviewPlanRoutes(target, { quality, evaluators: EVALUATORS });
}
