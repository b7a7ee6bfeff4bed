import type { Context } from "hono";
import {
  CalibrationInputSchema,
  CalibrationScoreSchema,
  type QualityReview,
  SamplingRuleInputSchema,
  WorklistQuerySchema,
} from "../../quality/mod.ts";
import type { AppEnv } from "../env.ts";
import { route, type RouteTarget } from "../route.ts";
import { idParam, readJson, readQuery } from "../validate.ts";
import { qualityError } from "./quality_error.ts";
import type { Role } from "../../auth/mod.ts";

const me = (c: Context<AppEnv>) => c.get("user")!.id;

/**
 * What evaluators plan their reviews with: sampling rules that fill the worklist, the
 * worklist itself, and calibration sessions with the spread between evaluators.
 */
export function mountQaReviewPlanRoutes(
  target: RouteTarget,
  { quality, evaluators }: { quality: QualityReview; evaluators: readonly Role[] },
): void {
  const { sampling, calibrations } = quality;
  const run = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      qualityError(error);
    }
  };

  route(target, {
    method: "get",
    path: "/qa/evaluators",
    summary: "Who picked calls can be given to (id, name)",
    tag: "quality",
    access: evaluators,
  }, (c) => c.json({ evaluators: sampling.evaluators() }));

  route(target, {
    method: "get",
    path: "/qa/sampling-rules",
    summary: "Sampling rules that pick calls for review",
    tag: "quality",
    access: evaluators,
  }, (c) => c.json({ rules: sampling.rules() }));

  route(target, {
    method: "post",
    path: "/qa/sampling-rules",
    summary:
      "Create a sampling rule: N calls per agent a week or a share of the week's calls, with filters",
    tag: "quality",
    access: evaluators,
    body: SamplingRuleInputSchema,
    status: 201,
  }, async (c) => {
    const input = await readJson(c, SamplingRuleInputSchema);
    return c.json({ rule: run(() => sampling.saveRule(input, me(c))) }, 201);
  });

  route(target, {
    method: "put",
    path: "/qa/sampling-rules/:id",
    summary: "Replace a sampling rule (calls it already picked stay picked)",
    tag: "quality",
    access: evaluators,
    body: SamplingRuleInputSchema,
  }, async (c) => {
    const id = idParam(c, "id", "Sampling rule");
    const input = await readJson(c, SamplingRuleInputSchema);
    return c.json({ rule: run(() => sampling.saveRule(input, me(c), id)) });
  });

  route(target, {
    method: "delete",
    path: "/qa/sampling-rules/:id",
    summary: "Remove a sampling rule and its calls not yet scored",
    tag: "quality",
    access: evaluators,
    status: 204,
  }, (c) => {
    run(() => sampling.removeRule(idParam(c, "id", "Sampling rule")));
    return c.body(null, 204);
  });

  route(target, {
    method: "post",
    path: "/qa/sampling-rules/:id/run",
    summary: "Pick this week's calls for one rule now (only what is still missing)",
    tag: "quality",
    access: evaluators,
  }, (c) => {
    const id = idParam(c, "id", "Sampling rule");
    const [result] = run(() => sampling.run(id));
    c.set("audit", { entity: "qa_sampling_rules", entityId: String(id), details: result });
    return c.json(result);
  });

  route(target, {
    method: "get",
    path: "/qa/worklist",
    summary:
      "Calls picked for review: the asker's and the shared ones (everyone=1: all), open by default; active rules pick first",
    tag: "quality",
    access: evaluators,
    query: WorklistQuerySchema,
  }, (c) => {
    const query = readQuery(c, WorklistQuerySchema);
    // Filling on read keeps the list current without a timer: a run picks only what is missing.
    sampling.run();
    return c.json({ items: sampling.worklist(me(c), query) });
  });

  route(target, {
    method: "get",
    path: "/qa/calibrations",
    summary: "Calibration sessions, open ones first",
    tag: "quality",
    access: evaluators,
  }, (c) => c.json({ calibrations: calibrations.list(me(c)) }));

  route(target, {
    method: "post",
    path: "/qa/calibrations",
    summary: "Start a calibration: several evaluators score the same recorded call on one form",
    tag: "quality",
    access: evaluators,
    body: CalibrationInputSchema,
    status: 201,
  }, async (c) => {
    const input = await readJson(c, CalibrationInputSchema);
    return c.json({ calibration: run(() => calibrations.create(input, me(c))) }, 201);
  });

  route(target, {
    method: "get",
    path: "/qa/calibrations/:id",
    summary:
      "A calibration with its form; the scores and their spread once the asker has scored, started it, or it is closed",
    tag: "quality",
    access: evaluators,
  }, (c) => {
    const id = idParam(c, "id", "Calibration");
    return c.json({ calibration: run(() => calibrations.get(me(c), id)) });
  });

  route(target, {
    method: "post",
    path: "/qa/calibrations/:id/scores",
    summary: "Score the calibration's call (again, while open, to change the score)",
    tag: "quality",
    access: evaluators,
    body: CalibrationScoreSchema,
  }, async (c) => {
    const id = idParam(c, "id", "Calibration");
    const { answers } = await readJson(c, CalibrationScoreSchema);
    return c.json({ calibration: run(() => calibrations.score(me(c), id, answers)) });
  });

  route(target, {
    method: "post",
    path: "/qa/calibrations/:id/close",
    summary: "End scoring; everyone sees the scores and the spread",
    tag: "quality",
    access: evaluators,
  }, (c) => {
    const id = idParam(c, "id", "Calibration");
    return c.json({ calibration: run(() => calibrations.close(me(c), id)) });
  });
}
