/**
 * `callcenter witness`: the lease witness a pair of boxes shares (decision 032), run on a
 * third machine. It serves one lease over HTTP on the address of `--lease-witness` and
 * keeps the highest epoch it granted in the data directory, until SIGTERM or SIGINT.
 */
import { SystemClock } from "../clock/mod.ts";
import type { Config } from "../config/mod.ts";
import { LeaseWitness, type WitnessMemory, witnessRoutes } from "../replication/mod.ts";
import { UsageError } from "./usage_error.ts";

/** The file the witness keeps the highest epoch it granted in. */
export const WITNESS_FILE = "witness_epoch";

export const WITNESS_HELP =
  `Usage: callcenter witness --lease-witness http://ADDR:PORT --witness-token SECRET [--data DIR]

Runs the lease witness of a primary and its standby, on a third machine that both reach
(the same --lease-witness and --witness-token are given to both boxes). A box serves as
the primary only while it holds the witness's lease, so a cut link between the boxes
never leaves two primaries. Listens on ADDR:PORT (0.0.0.0 for every address).`;

export async function runWitness(config: Config, out: (line: string) => void): Promise<number> {
  if (!config.leaseWitness || !config.witnessToken) {
    throw new UsageError("witness needs --lease-witness and --witness-token");
  }
  const address = new URL(config.leaseWitness);
  Deno.mkdirSync(config.dataDir, { recursive: true });
  const file = `${config.dataDir}/${WITNESS_FILE}`;
  const memory: WitnessMemory = {
    load: () => {
      try {
        return Number(Deno.readTextFileSync(file).trim()) || 0;
      } catch {
        return 0;
      }
    },
    save: (epoch) => Deno.writeTextFileSync(file, `${epoch}\n`),
  };
  const app = witnessRoutes(new LeaseWitness(new SystemClock(), memory), config.witnessToken);
  const server = Deno.serve({
    hostname: address.hostname,
    port: Number(address.port || 80),
    onListen: ({ hostname, port }) => out(`Lease witness listening on ${hostname}:${port}`),
  }, app.fetch);
  const stopped = Promise.withResolvers<void>();
  const stop = () => stopped.resolve();
  Deno.addSignalListener("SIGTERM", stop);
  Deno.addSignalListener("SIGINT", stop);
  await stopped.promise;
  Deno.removeSignalListener("SIGTERM", stop);
  Deno.removeSignalListener("SIGINT", stop);
  await server.shutdown();
  return 0;
}
