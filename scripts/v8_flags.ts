/**
 * The V8 flags the appliance runs with, however it is started: `deno task start`,
 * `deno task bench` and the Dockerfile spell them out, `deno task compile` embeds them in
 * the executable, and the benchmarks start the appliance with them.
 * `tests/cli/v8_flags_test.ts` keeps the spelled-out copies equal to this list. Why these
 * flags: decision 016.
 */
export const APPLIANCE_V8_FLAGS: readonly string[] = [
  // Semi-spaces of 4 MB instead of the 32 MB V8 sizes them up to: at 300 IVR callers
  // scavenges come about six times as often and pause the event loop ~1 ms, not 5–10 ms.
  "--max-semi-space-size=4",
];

/** The `deno run` / `deno compile` argument for `flags` (V8 takes them comma-separated). */
export function v8FlagsArgument(flags: readonly string[] = APPLIANCE_V8_FLAGS): string {
  return `--v8-flags=${flags.join(",")}`;
}
