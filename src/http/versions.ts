import type { Context } from "hono";
import { z } from "zod";
import { StaleEditError } from "../db/mod.ts";
import { ApiError } from "./api_error.ts";
import type { AppEnv } from "./env.ts";

/** The version an `ETag` carries: `"3"` (weak tags `W/"3"` are taken too). */
export function etag(version: number): string {
  return `"${version}"`;
}

/**
 * The version the client read, from `If-Match`; undefined when it sent none (a client
 * that does not care about concurrent edits). A tag that is no version is a 400.
 */
export function ifMatch(c: Context<AppEnv>): number | undefined {
  const header = c.req.header("if-match");
  if (header === undefined || header.trim() === "*") return undefined;
  const match = /^(?:W\/)?"?(\d{1,12})"?$/.exec(header.trim());
  if (!match) throw ApiError.badRequest(`If-Match must be a version such as "3"`);
  return Number(match[1]);
}

/** A stale save as the API answers it: 409 with who changed the record and when. */
export function staleEditAnswer(error: StaleEditError): ApiError {
  return new ApiError(409, "changed_meanwhile", error.message, {
    version: error.version,
    changed_by: error.changedBy,
    changed_at: error.changedAt,
  });
}

/** The signed-in user's name, which versioned records keep as their last editor. */
export function actorOf(c: Context<AppEnv>): string {
  return c.get("user")?.username ?? "api";
}

export { StaleEditError };

/** Fields a record's answer carries that a client may send back unchanged and never sets. */
const READ_ONLY_FIELDS = ["version", "updated_at", "updated_by"] as const;

/**
 * Accepts a body that is a record as it was read (`GET` then `PUT` of the same object):
 * the version fields are dropped before `schema` checks the rest, so a strict schema does
 * not refuse them. The version that counts for concurrent edits is `If-Match`.
 */
export function asSentBack<S extends z.ZodType>(schema: S) {
  return z.preprocess((body) => {
    if (typeof body !== "object" || body === null || Array.isArray(body)) return body;
    const copy: Record<string, unknown> = { ...body };
    for (const field of READ_ONLY_FIELDS) delete copy[field];
    return copy;
  }, schema);
}
