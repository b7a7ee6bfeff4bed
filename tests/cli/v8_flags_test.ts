import assert from "node:assert/strict";
import { APPLIANCE_V8_FLAGS, v8FlagsArgument } from "../../scripts/v8_flags.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const CHURN = `${ROOT}tests/fixtures/young_generation.ts`;

async function youngGenerationAfterChurn(flags: string[]): Promise<number> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", ...flags, CHURN],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  return Number(new TextDecoder().decode(out.stdout).trim());
}

Deno.test("deno task start, deno task bench and the Dockerfile run with the appliance's V8 flags", async () => {
  const tasks = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`)).tasks;
  const argument = v8FlagsArgument();
  // The benchmarks that run in the runner's own process (CRM import, ACD) get them too.
  for (const task of ["start", "bench"]) {
    const command: string = tasks[task].command;
    assert.match(command, /^deno run /);
    assert.ok(command.split(" ").includes(argument), `deno.json's ${task} task lacks ${argument}`);
  }
  const cmd = (await Deno.readTextFile(`${ROOT}Dockerfile`)).split("\n").find((l) =>
    l.startsWith("CMD ")
  );
  assert.ok(cmd, "the Dockerfile has a CMD");
  assert.ok(JSON.parse(cmd.slice(4)).includes(argument), `the Dockerfile's CMD lacks ${argument}`);
});

Deno.test("with the appliance's V8 flags the young generation stays at 8 MB under churn, where V8's default grows past it", async () => {
  assert.deepEqual(APPLIANCE_V8_FLAGS, ["--max-semi-space-size=4"]);
  const capped = await youngGenerationAfterChurn([
    v8FlagsArgument([...APPLIANCE_V8_FLAGS, "--expose-gc"]),
  ]);
  const uncapped = await youngGenerationAfterChurn([v8FlagsArgument(["--expose-gc"])]);
  assert.ok(capped > 0 && capped <= 8 * 2 ** 20, `young generation ${capped} bytes with the flags`);
  assert.ok(uncapped > 8 * 2 ** 20, `young generation ${uncapped} bytes without the flags`);
});
