import type { Context } from "hono";
import {
  RecordingKeyMissingError,
  SealedFileError,
  type SealedReader,
} from "../../recordings/mod.ts";
import { ApiError } from "../api_error.ts";
import type { AppEnv } from "../env.ts";
import { parseRange } from "./byte_range.ts";

/**
 * Opens a stored audio file for a response, turning what can go wrong with it into the
 * API's answers: a missing file 404, a key that is gone 409, a damaged file 422.
 */
export async function openStoredAudio(
  open: () => Promise<SealedReader>,
  what: string,
): Promise<SealedReader> {
  try {
    return await open();
  } catch (error) {
    throw audioProblem(error, what);
  }
}

/** The API's answer for a problem reading stored audio; other errors are returned as they are. */
export function audioProblem(error: unknown, what: string): unknown {
  if (error instanceof Deno.errors.NotFound) {
    return ApiError.notFound(`The audio file of ${what} is missing`);
  }
  if (error instanceof RecordingKeyMissingError) {
    return new ApiError(
      409,
      "key_missing",
      `The audio of ${what} is sealed with key ${error.keyId}, which is gone from the key directory`,
    );
  }
  if (error instanceof SealedFileError) {
    return new ApiError(422, "audio_damaged", `The audio file of ${what} is damaged`);
  }
  return error;
}

/**
 * Answers with the audio, whole or one byte range (206; 416 past the end). The first
 * chunk is read before answering, so a damaged file is an error status, not a cut-off body.
 */
export async function audioResponse(
  c: Context<AppEnv>,
  audio: SealedReader,
  what: string,
): Promise<Response> {
  const size = audio.size;
  const rangeHeader = c.req.header("range");
  const range = rangeHeader ? parseRange(rangeHeader, size) : undefined;
  if (range === "unsatisfiable") {
    return c.body(null, 416, { "content-range": `bytes */${size}`, "accept-ranges": "bytes" });
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  const headers: Record<string, string> = {
    "content-type": "audio/wav",
    "content-length": String(Math.max(0, end - start + 1)),
    "accept-ranges": "bytes",
    "cache-control": "private, no-store",
  };
  if (range) headers["content-range"] = `bytes ${start}-${end}/${size}`;
  if (size === 0) return c.body(null, 200, headers);
  const reader = audio.range(start, end).getReader();
  let first: ReadableStreamReadResult<Uint8Array>;
  try {
    first = await reader.read();
  } catch (error) {
    throw audioProblem(error, what);
  }
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (first.done) controller.close();
      else controller.enqueue(first.value);
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return c.body(body, range ? 206 : 200, headers);
}
