/**
 * The standby side of the replication benchmark, a process of its own so that its CPU is
 * counted apart from the primary's, as on a second box. It follows the primary's feed over
 * HTTP and writes a JSON line to stdout after every read, saying how far it has applied;
 * it stops when its stdin closes. Usage: `_replication_standby.ts BASE SECRET DB_PATH`.
 */
import { SystemClock } from "../src/clock/mod.ts";
import { createLogger } from "../src/log/mod.ts";
import { Replica, StandbyLink } from "../src/replication/mod.ts";

const [base, secret, dbPath] = Deno.args;
const replica = new Replica(dbPath);
const link = new StandbyLink({
  replica,
  clock: new SystemClock(),
  log: createLogger("replication", { level: "error" }),
  snapshotFile: `${dbPath}.snapshot`,
  fetch: (path, init) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: { ...init?.headers, authorization: `Bearer ${secret}` },
    }),
});
const encoder = new TextEncoder();
link.onProgress(() => {
  const line = JSON.stringify({ applied: link.status().appliedSeq, at: Date.now() });
  Deno.stdout.writeSync(encoder.encode(`${line}\n`));
});
link.start();

// The benchmark closes stdin to stop the standby.
for await (const _ of Deno.stdin.readable) { /* nothing is sent */ }
await link.stop();
replica.close();
