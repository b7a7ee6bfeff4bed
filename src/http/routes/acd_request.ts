import type { Context } from "hono";
import { z } from "zod";
import { QueueDeskError } from "../../queues/mod.ts";
import { ApiError } from "../api_error.ts";
import type { AppEnv } from "../env.ts";

/** The `:id` of a call route; anything that is not a call id is a 404. */
export function callParam(c: Context<AppEnv>): string {
  const id = z.uuid().safeParse(c.req.param("id"));
  if (!id.success) throw ApiError.notFound(`Call ${c.req.param("id")}`);
  return id.data;
}

/** Maps a desk refusal to the API's error shape. */
export function deskError(error: unknown): never {
  if (!(error instanceof QueueDeskError)) throw error;
  if (error.kind === "not_found") throw ApiError.notFound(error.message);
  if (error.kind === "conflict") throw ApiError.conflict(error.message);
  if (error.kind === "forbidden") throw ApiError.forbidden(error.message);
  throw ApiError.badRequest(error.message);
}
