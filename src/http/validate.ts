import type { Context } from "hono";
import type { z } from "zod";
import { ApiError } from "./api_error.ts";
import { readJsonBody } from "./json_body.ts";

/**
 * Reads and validates a JSON body; a bad body is a 400 with every issue listed, a
 * body that is not `application/json` a 415 (see {@link readJsonBody}).
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const body = await readJsonBody(c);
  const result = schema.safeParse(body);
  if (!result.success) throw ApiError.fromZod(result.error);
  return result.data;
}

/** Validates query parameters. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const result = schema.safeParse(c.req.query());
  if (!result.success) throw ApiError.fromZod(result.error, "query");
  return result.data;
}

/** Parses a positive integer path parameter or answers 404 for anything else. */
export function idParam(c: Context, name = "id", what = "Resource"): number {
  const raw = c.req.param(name) ?? "";
  const id = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) throw ApiError.notFound(`${what} ${raw}`);
  return id;
}
