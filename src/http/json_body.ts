import type { Context } from "hono";
import { ApiError } from "./api_error.ts";

// application/json and the structured-syntax suffix types (application/merge-patch+json…).
const JSON_MEDIA_TYPE = /^application\/(?:[a-z0-9!#$&^_.-]+\+)?json$/;
const UTF8_CHARSET = /^"?utf-?8"?$/i;

/**
 * Reads a request body that must be JSON, refusing rather than repairing anything
 * else: a missing or other Content-Type (or a charset other than UTF-8) is 415; bytes
 * that are not UTF-8, and `\uD800`-style escapes of half a surrogate pair, are 400.
 * Both would otherwise reach SQLite as U+FFFD and be stored as text the sender never
 * wrote. Bodies in other formats (CSV imports, WAV prompts, case attachments) are read
 * as bytes by their own routes and never come here.
 *
 * With `optional`, an empty or blank body answers `undefined` whatever its Content-Type.
 */
export async function readJsonBody(
  c: Context,
  options: { optional?: boolean } = {},
): Promise<unknown> {
  if (!options.optional) assertJsonContentType(c.req.header("content-type"));
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (options.optional) {
    if (bytes.every(isJsonWhitespace)) return undefined;
    assertJsonContentType(c.req.header("content-type"));
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw ApiError.badRequest("Request body is not valid UTF-8");
  }
  try {
    return JSON.parse(text, refuseLoneSurrogates);
  } catch (error) {
    if (error instanceof LoneSurrogateError) {
      throw ApiError.badRequest(
        "Request body has a \\u escape of half a surrogate pair, which is not text",
      );
    }
    throw ApiError.badRequest("Request body must be JSON (Content-Type: application/json)");
  }
}

function assertJsonContentType(header: string | undefined): void {
  const [mediaType, ...parameters] = (header ?? "").split(";").map((p) => p.trim());
  const charset = parameters.find((p) => /^charset=/i.test(p))?.slice("charset=".length);
  if (JSON_MEDIA_TYPE.test(mediaType.toLowerCase()) && (!charset || UTF8_CHARSET.test(charset))) {
    return;
  }
  throw new ApiError(
    415,
    "unsupported_media_type",
    header
      ? `Send the request body as UTF-8 JSON with Content-Type: application/json, not ${
        header.slice(0, 100)
      }`
      : "Send the request body as JSON with Content-Type: application/json",
    { expected: "application/json", received: header?.slice(0, 100) ?? null },
  );
}

function isJsonWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

class LoneSurrogateError extends Error {}

function refuseLoneSurrogates(key: string, value: unknown): unknown {
  if (!key.isWellFormed() || (typeof value === "string" && !value.isWellFormed())) {
    throw new LoneSurrogateError();
  }
  return value;
}
