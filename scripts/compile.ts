/**
 * `deno task compile`: one executable with the UI, migrations and defaults embedded.
 *
 * `deno compile` joins our code to Deno's slim runtime, `denort`, which Deno downloads
 * from its own site. Where that site is unreachable, set DENORT_BIN to a denort binary
 * of the same Deno version (2.9.6) and it is used instead of the download.
 */
import { v8FlagsArgument } from "./v8_flags.ts";

const output = Deno.args[0] ?? "dist/callcenter";
const denort = Deno.env.get("DENORT_BIN");
if (denort) {
  try {
    Deno.statSync(denort);
  } catch {
    console.error(`DENORT_BIN points to ${denort}, which does not exist`);
    Deno.exit(1);
  }
}
await Deno.mkdir(output.split("/").slice(0, -1).join("/") || ".", { recursive: true });
const result = await new Deno.Command(Deno.execPath(), {
  args: [
    "compile",
    "--allow-all",
    v8FlagsArgument(),
    "--no-check",
    // A worker module is not found by following imports; this one speaks prompts where
    // no espeak-ng is installed, and brings the espeak-ng package (wasm and voices) in.
    "--include",
    "src/ivr/espeak_wasm_worker.ts",
    "--output",
    output,
    "src/main.ts",
  ],
  stdout: "inherit",
  stderr: "piped",
}).output();
const stderr = new TextDecoder().decode(result.stderr);
if (!result.success) {
  console.error(stderr.trim());
  if (/dns error|download|dl\.deno\.land|failed to lookup/i.test(stderr) && !denort) {
    console.error(
      "\ndeno compile could not download Deno's runtime (denort). Set DENORT_BIN to a denort " +
        `binary for Deno ${Deno.version.deno} and run this task again.`,
    );
  }
  Deno.exit(1);
}
const probe = await new Deno.Command(output, {
  args: ["--version"],
  stdout: "piped",
  stderr: "piped",
}).output();
const printed = new TextDecoder().decode(probe.stdout).trim();
if (!probe.success || printed.startsWith("deno ")) {
  console.error(
    `${output} does not run as the appliance (it printed "${printed.split("\n")[0]}"); ` +
      "DENORT_BIN must be Deno's slim runtime (denort), not the deno command",
  );
  Deno.exit(1);
}
console.log(
  `built ${output} (${(Deno.statSync(output).size / 1e6).toFixed(1)} MB), version ${printed}`,
);
