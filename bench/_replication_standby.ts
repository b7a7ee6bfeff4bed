/**
 * The standby side of the replication benchmark, in a worker so that applying changes
 * runs on an event loop of its own, as on a second box. It follows the primary's feed
 * over HTTP and tells the main thread, after every read, how far it has applied.
 */
import { SystemClock } from "../src/clock/mod.ts";
import { createLogger } from "../src/log/mod.ts";
import { Replica, StandbyLink } from "../src/replication/mod.ts";

interface Start {
  base: string;
  secret: string;
  dbPath: string;
}

const self = globalThis as unknown as {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown): void;
};

let link: StandbyLink | undefined;
let replica: Replica | undefined;

self.onmessage = async (event: MessageEvent<Start | "stop">) => {
  if (event.data === "stop") {
    await link?.stop();
    replica?.close();
    self.postMessage({ stopped: true });
    return;
  }
  const { base, secret, dbPath } = event.data;
  replica = new Replica(dbPath);
  link = new StandbyLink({
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
  link.onProgress(() => {
    self.postMessage({ applied: link!.status().appliedSeq, at: Date.now() });
  });
  link.start();
};
