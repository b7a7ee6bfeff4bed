import type { CollectResult } from "../call_port.ts";
import type { BaseNode, PlaySpec } from "../flow_schema.ts";
import type { VerbContext } from "../verb.ts";

/** Default prompts for a retry, overridable per node. */
export const RETRY_PROMPTS = { invalid: "invalid_choice", timeout: "no_input" } as const;

/**
 * Plays a prompt that the caller may interrupt and reads their entry: a key pressed
 * during the prompt starts it. Records the entry as `ivr.digits` (masked when the
 * node says the entry is sensitive).
 */
export async function readEntry(
  ctx: VerbContext<BaseNode>,
  signal: AbortSignal,
  options: {
    play: readonly PlaySpec[];
    max: number;
    terminator?: string;
    firstTimeoutMs: number;
    interDigitTimeoutMs: number;
    sensitive?: boolean;
  },
): Promise<CollectResult> {
  const { digit } = await ctx.play(options.play, { bargeIn: true });
  let result: CollectResult;
  if (digit !== undefined && digit === options.terminator) {
    result = { digits: "", reason: "terminator" };
  } else if (digit !== undefined && options.max === 1) {
    result = { digits: digit, reason: "max" };
  } else {
    result = await ctx.call.collect({
      max: options.max,
      terminator: options.terminator,
      firstTimeoutMs: options.firstTimeoutMs,
      interDigitTimeoutMs: options.interDigitTimeoutMs,
      bargeInDigits: digit,
      signal,
    });
  }
  ctx.emit("ivr.digits", {
    digits: options.sensitive ? "*".repeat(result.digits.length) : result.digits,
    reason: result.reason,
  });
  return result;
}

/** Tells the caller why we ask again: nothing was pressed, or the entry was not valid. */
export async function playRetry(
  ctx: VerbContext<BaseNode>,
  kind: "invalid" | "timeout",
  custom: { invalid?: readonly PlaySpec[]; timeout?: readonly PlaySpec[] },
): Promise<void> {
  await ctx.play(custom[kind] ?? [RETRY_PROMPTS[kind]]);
}
