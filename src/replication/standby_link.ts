import type { Clock } from "../clock/mod.ts";
import type { Logger } from "../log/mod.ts";
import { decodeBase64, MAX_WAIT_MS, type WireChange } from "./feed_routes.ts";
import { type Replica, ReplicationError } from "./replica.ts";

/** Sends a request to the primary's `/replication` routes (pinned TLS in the appliance). */
export type PrimaryFetch = (path: string, init?: RequestInit) => Promise<Response>;

/** How replication stands, for `/health`, the admin page and takeover. */
export interface LinkStatus {
  /** following: reading the feed; stopped: a change did not apply and replication halted. */
  state: "connecting" | "following" | "stopped";
  appliedSeq: number;
  /** The primary's last change as last heard. */
  headSeq: number;
  lagChanges: number;
  /** How long the oldest change not applied yet has waited; 0 when caught up. */
  lagSeconds: number;
  /** When the primary last answered (ms since the epoch), or undefined. */
  lastContactAt: number | undefined;
  /**
   * When this link last applied from the primary's feed (a read, or a snapshot restored);
   * undefined until it has since this box started, when its copy may still be behind.
   */
  followedAt?: number;
  /** True once the primary, handing over, has sent every change: take over now. */
  handover?: boolean;
  /** The primary's epoch as last heard. */
  primaryEpoch?: number;
  error?: string;
}

export interface StandbyLinkOptions {
  replica: Replica;
  fetch: PrimaryFetch;
  clock: Clock;
  log: Logger;
  /** A scratch file for snapshots, next to the database. */
  snapshotFile: string;
  /** Pause after a failed read before the next (ms). */
  retryMs?: number;
}

/**
 * The standby's loop: reads the primary's feed with long polls (each answer, changes or
 * not, is a heartbeat), applies what arrives, and takes a snapshot when told to. A
 * change that does not apply stops the loop with an alarm; a primary that does not
 * answer is retried until {@link stop}.
 */
export class StandbyLink {
  readonly #options: StandbyLinkOptions;
  readonly #abort = new AbortController();
  #loop: Promise<void> | undefined;
  #status: LinkStatus = {
    state: "connecting",
    appliedSeq: 0,
    headSeq: 0,
    lagChanges: 0,
    lagSeconds: 0,
    lastContactAt: undefined,
  };
  /** When the first change not yet applied was committed on the primary. */
  #behindSince: number | undefined;
  readonly #listeners = new Set<() => void>();

  constructor(options: StandbyLinkOptions) {
    this.#options = options;
  }

  status(): LinkStatus {
    const now = this.#options.clock.now();
    const lagSeconds = this.#behindSince === undefined
      ? 0
      : Math.max(0, (now - this.#behindSince) / 1000);
    return { ...this.#status, lagSeconds };
  }

  /** Told after every answer from the primary (a heartbeat) and every change of state. */
  onProgress(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
  }

  /** One read of the feed (and a snapshot when needed); the loop's step, for tests. */
  async step(): Promise<void> {
    const { replica } = this.#options;
    const position = replica.position();
    if (!position) {
      await this.#takeSnapshot();
      return;
    }
    const response = await this.#options.fetch(
      `/replication/changes?feed=${encodeURIComponent(position.feedId)}&after=${position.seq}` +
        `&wait_ms=${MAX_WAIT_MS}`,
      { signal: this.#abort.signal },
    );
    if (response.status === 409) {
      await response.body?.cancel();
      this.#contact();
      await this.#takeSnapshot();
      return;
    }
    if (!response.ok) throw await linkFailure(response);
    const body = await response.json() as {
      feed_id: string;
      epoch: number;
      head: number;
      handover?: boolean;
      changes: WireChange[];
    };
    this.#contact();
    const changes = body.changes.map((c) => ({
      seq: c.seq,
      at: c.at,
      changeset: decodeBase64(c.changeset),
    }));
    locally(() => replica.apply(body.feed_id, changes));
    const applied = replica.position()?.seq ?? 0;
    const next = changes.find((c) => c.seq === applied + 1);
    this.#behindSince = applied < body.head
      ? (next?.at ?? this.#behindSince ?? this.#options.clock.now())
      : undefined;
    this.#progress({
      state: "following",
      followedAt: this.#options.clock.now(),
      appliedSeq: applied,
      headSeq: body.head,
      primaryEpoch: body.epoch,
      handover: body.handover === true && applied === body.head,
    });
  }

  async #run(): Promise<void> {
    const { log, clock } = this.#options;
    while (!this.#abort.signal.aborted) {
      try {
        await this.step();
      } catch (error) {
        if (this.#abort.signal.aborted) return;
        if (error instanceof ReplicationError) {
          log.error("replication stopped: a change from the primary did not apply", {
            error: error.message,
          });
          this.#progress({ state: "stopped", error: error.message });
          return;
        }
        if (error instanceof LocalWriteError) {
          // A full or failing disk here: an alarm on this box, nothing for the primary to
          // do; the change is read again and applied once there is room.
          log.error("this standby cannot store the primary's changes; retrying", {
            error: error.message,
          });
        } else {
          log.warn("the primary did not answer the replication link", {
            error: error instanceof Error ? error.message : String(error),
          });
        }
        this.#progress({ error: error instanceof Error ? error.message : String(error) });
        await new Promise<void>((resolve) => clock.setTimer(this.#options.retryMs ?? 500, resolve));
      }
    }
  }

  async #takeSnapshot(): Promise<void> {
    const { fetch, replica, snapshotFile, log } = this.#options;
    const response = await fetch("/replication/snapshot", { signal: this.#abort.signal });
    if (!response.ok) throw await linkFailure(response);
    const feedId = response.headers.get("x-feed-id");
    const seq = Number(response.headers.get("x-feed-seq"));
    if (!feedId || !Number.isSafeInteger(seq)) {
      throw new Error("The primary's snapshot came without its feed position");
    }
    if (!response.body) throw new Error("The primary's snapshot came empty");
    const body = response.body;
    await locally(() => Deno.writeFile(snapshotFile, body));
    this.#contact();
    try {
      await locally(() => replica.restore(snapshotFile, { feedId, seq }));
    } finally {
      await Deno.remove(snapshotFile).catch(() => {});
    }
    log.info("caught up from a snapshot of the primary", { feed_id: feedId, seq });
    this.#behindSince = undefined;
    const epoch = Number(response.headers.get("x-epoch"));
    this.#progress({
      state: "following",
      followedAt: this.#options.clock.now(),
      appliedSeq: seq,
      headSeq: seq,
      primaryEpoch: Number.isSafeInteger(epoch) && epoch > 0 ? epoch : undefined,
    });
  }

  #contact(): void {
    this.#status.lastContactAt = this.#options.clock.now();
  }

  #progress(change: Partial<LinkStatus>): void {
    const next = { ...this.#status, ...change };
    if (change.state && change.error === undefined) delete next.error;
    next.lagChanges = Math.max(0, next.headSeq - next.appliedSeq);
    this.#status = next;
    for (const listener of this.#listeners) listener();
  }
}

async function linkFailure(response: Response): Promise<Error> {
  const text = await response.text().catch(() => "");
  return new Error(`The primary answered ${response.status}: ${text.slice(0, 200)}`);
}

/** This box could not store what the primary sent (its disk is full or failing). */
export class LocalWriteError extends Error {
  override name = "LocalWriteError";
}

/** Runs a write to this box's storage; its failures, but a conflict, become {@link LocalWriteError}. */
function locally<T>(write: () => T): T {
  const failed = (error: unknown): never => {
    if (error instanceof ReplicationError) throw error;
    throw new LocalWriteError(
      `Storing on this box failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  };
  try {
    const result = write();
    return (result instanceof Promise ? result.catch(failed) : result) as T;
  } catch (error) {
    return failed(error);
  }
}
