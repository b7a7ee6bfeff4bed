/**
 * `src/main.ts start` for end-to-end tests, plus the one start-up step that the
 * composition does not take yet: ending the calls an earlier process left open
 * (`CallJournal.endUnfinishedCalls()`). Once src/app.ts calls it, tests can spawn
 * src/main.ts again; the call here then finds nothing left to end.
 */
import { Appliance } from "../../src/app.ts";
import { parseCommandLine } from "../../src/cli/commands.ts";
import { loadConfig } from "../../src/config/mod.ts";

const parsed = parseCommandLine(Deno.args);
if (parsed.command !== "start") throw new Error(`Only "start" runs here, not "${parsed.command}"`);
const appliance = await Appliance.start({ config: loadConfig(parsed.values) });
appliance.parts.calls.journal.endUnfinishedCalls();
// The line spawnAppliance() waits for, as src/main.ts prints it.
console.log(
  `Call center appliance is up: http://localhost:${appliance.httpPort}/` +
    (appliance.httpsPort ? ` and https://localhost:${appliance.httpsPort}/` : ""),
);
const stop = () => appliance.stop().finally(() => Deno.exit(0));
Deno.addSignalListener("SIGTERM", stop);
Deno.addSignalListener("SIGINT", stop);
