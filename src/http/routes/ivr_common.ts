/** What the IVR flow routes share: schemas, error translation, look-ups. */
import type { Context } from "hono";
import { z } from "zod";
import { DuplicateFlowError, FlowValidationError, type IvrDomain } from "../../ivr/mod.ts";
import { ApiError } from "../api_error.ts";
import type { AppEnv } from "../env.ts";
import { readJsonBody } from "../json_body.ts";
import { idParam } from "../validate.ts";

export const FlowNameSchema = z.string().trim().min(1).max(100);
export const VersionSchema = z.union([
  z.enum(["draft", "published"]),
  z.coerce.number().int().positive(),
]);

/** Turns the IVR's refusals into API answers: 422 with every problem, 409 for a taken name. */
export function invalid(error: unknown): never {
  if (error instanceof FlowValidationError) {
    throw new ApiError(422, "invalid_flow", error.message, { problems: error.problems });
  }
  if (error instanceof DuplicateFlowError) throw ApiError.conflict(error.message);
  throw error;
}

/** The flow named by the `:id` path parameter, or a 404. */
export function flowOr404(ivr: IvrDomain, c: Context<AppEnv>) {
  const id = idParam(c, "id", "IVR flow");
  const flow = ivr.flows.get(id);
  if (!flow) throw ApiError.notFound(`IVR flow ${id}`);
  return flow;
}

/** Reads a JSON body that may be left out entirely (an empty body means `{}`). */
export async function optionalJson<S extends z.ZodType>(
  c: Context<AppEnv>,
  schema: S,
): Promise<z.infer<S>> {
  const body = await readJsonBody(c, { optional: true }) ?? {};
  const result = schema.safeParse(body);
  if (!result.success) throw ApiError.fromZod(result.error);
  return result.data;
}
