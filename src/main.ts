/**
 * The command line: `start`, `migrate`, `user`, `backup`, `restore`, `doctor`.
 * Every failure a person can fix ends in one line that says what to do, exit code 1
 * (2 for a wrong command line).
 */
import { Appliance } from "./appliance.ts";
import {
  ConfigError,
  DatabaseFileError,
  HELP,
  lockFile,
  parseCommandLine,
  runCommand,
  UsageError,
} from "./cli/commands.ts";
import { loadConfig } from "./config/mod.ts";
import { StandbyStartError } from "./replication/mod.ts";
import { SystemClock } from "./clock/mod.ts";
import {
  priorityShortfall,
  raiseThreadPriority,
  requestWakeLatencyAt,
  trimCHeapEvery,
} from "./threads/mod.ts";
import { VERSION } from "./version.ts";

async function start(values: Record<string, string | boolean | undefined>): Promise<number> {
  const config = loadConfig(values);
  // Before start-up: this thread keeps the media time, and the threads the runtime has
  // already started get their step below it (decision 013).
  const priority = raiseThreadPriority(config.threadPriority);
  const shortfall = priorityShortfall(priority);
  if (shortfall) {
    console.warn(
      `Threads run at ${shortfall}. Audio may stutter when other programs load the CPU; ` +
        `use --thread-priority ${priority.granted} to accept this.`,
    );
  }
  // Decision 047: while audio is paced, the CPUs are asked to wake quickly.
  requestWakeLatencyAt(priority.granted, (reason) => {
    console.warn(`The CPUs may be slow to wake (${reason}); audio may leave late.`);
  });
  const appliance = await Appliance.start({ config });
  // Process-wide, so here rather than in the appliance: free C heap pages go back to the
  // system (decision 043).
  const trimming = trimCHeapEvery({ clock: new SystemClock() });
  Deno.writeTextFileSync(lockFile(config), String(Deno.pid));
  console.log(
    `Call center appliance ${VERSION} is up: http://localhost:${appliance.httpPort}/` +
      (appliance.httpsPort ? ` and https://localhost:${appliance.httpsPort}/` : "") +
      (appliance.role === "primary"
        ? ""
        : config.standbyOf
        ? ` as the standby of ${config.standbyOf} (replicating; SIP answers 503 until it takes over)`
        : " as the standby (health only, no SIP, database read-only until promoted)"),
  );
  const stopped = Promise.withResolvers<void>();
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    trimming.stop();
    appliance.stop().finally(() => {
      try {
        Deno.removeSync(lockFile(config));
      } catch {
        // Already gone.
      }
      stopped.resolve();
    });
  };
  Deno.addSignalListener("SIGTERM", onSignal);
  Deno.addSignalListener("SIGINT", onSignal);
  await stopped.promise;
  return 0;
}

async function main(args: string[]): Promise<number> {
  try {
    const parsed = parseCommandLine(args);
    if (parsed.command === "help") {
      console.log(HELP.main);
      return 0;
    }
    if (parsed.command === "version") {
      console.log(VERSION);
      return 0;
    }
    if (parsed.help) {
      console.log(HELP[parsed.command]);
      return 0;
    }
    if (parsed.command === "start") return await start(parsed.values);
    return await runCommand(parsed, (line) => console.log(line));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n`);
      console.error(HELP.main);
      return 2;
    }
    if (
      error instanceof ConfigError || error instanceof DatabaseFileError ||
      error instanceof StandbyStartError
    ) {
      console.error(error.message);
      return 1;
    }
    if (error instanceof Deno.errors.AddrInUse) {
      console.error(
        `A port is already in use: ${error.message}; run "callcenter doctor" to see which`,
      );
      return 1;
    }
    throw error;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
