/**
 * Runs the appliance as a real process (`src/main.ts start`, with the V8 flags that
 * `deno task start` gives it) on free ports.
 */

import { v8FlagsArgument } from "../../scripts/v8_flags.ts";

const MAIN = new URL("../../src/main.ts", import.meta.url).pathname;

export interface RunningProcess {
  process: Deno.ChildProcess;
  httpPort: number;
  httpsPort: number;
  dataDir: string;
  output: () => string;
  /** Sends SIGTERM and waits for the exit status. */
  stop(): Promise<Deno.CommandStatus>;
}

/** `main` is the program to run, src/main.ts unless a test needs its own start-up. */
export async function spawnAppliance(
  dataDir: string,
  args: string[] = [],
  env: Record<string, string> = {},
  main = MAIN,
): Promise<RunningProcess> {
  const command = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      v8FlagsArgument(),
      main,
      "start",
      "--data",
      dataDir,
      "--bind",
      "127.0.0.1",
      "--http-port",
      "0",
      "--https-port",
      "0",
      "--sip-port",
      "0",
      ...args,
    ],
    env: { CC_ADMIN_PASSWORD: "admin-secret-1", NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  });
  const process = command.spawn();
  let text = "";
  const decoder = new TextDecoder();
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) text += decoder.decode(chunk);
  };
  const pumps = Promise.all([pump(process.stdout), pump(process.stderr)]);
  const deadline = Date.now() + 30_000;
  let match: RegExpMatchArray | null = null;
  let exited = false;
  process.status.then(() => exited = true);
  while (!match && !exited && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    match = text.match(/is up: http:\/\/localhost:(\d+)\/ and https:\/\/localhost:(\d+)\//);
  }
  if (!match) {
    if (exited) {
      // It stopped by itself: what it printed says why.
      const status = await process.status;
      await pumps;
      throw new Error(`Appliance exited with code ${status.code} before it was up:\n${text}`);
    }
    process.kill("SIGKILL");
    await process.status;
    throw new Error(`Appliance did not start within 30 s:\n${text}`);
  }
  return {
    process,
    httpPort: Number(match[1]),
    httpsPort: Number(match[2]),
    dataDir,
    output: () => text,
    async stop() {
      try {
        process.kill("SIGTERM");
      } catch {
        // Already exited.
      }
      const status = await process.status;
      await pumps;
      return status;
    },
  };
}
