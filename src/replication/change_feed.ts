import type { Session } from "node:sqlite";
import type { Clock } from "../clock/mod.ts";
import type { Database } from "../db/mod.ts";

/** One committed transaction (or write group) of the primary, as a SQLite changeset. */
export interface Change {
  /** 1 for the first change of a feed, one more for each next. */
  seq: number;
  /** When the primary committed it (ms since the epoch, from its clock). */
  at: number;
  changeset: Uint8Array;
}

/** Where a reader stands against the feed, or why it must start again from a snapshot. */
export type FeedRead =
  | { kind: "changes"; changes: Change[]; head: number }
  | { kind: "snapshot_needed"; reason: string };

export interface ChangeFeedOptions {
  db: Database;
  clock: Clock;
  /** Changes kept for standbys that lag; one further behind catches up from a snapshot. */
  keep?: number;
  /** Names the feed; a standby that read another feed (a restarted primary) takes a snapshot. */
  feedId?: string;
  /**
   * When recording starts: at once (the default), or with the first snapshot a standby
   * takes, which every standby starts from. Until then a box without a standby spends
   * nothing on changesets, in time on each commit or in memory (decision 045).
   */
  recordFrom?: "now" | "first_snapshot";
}

/** How many changes the feed keeps by default: minutes of a busy center's writes. */
export const FEED_KEEP = 20_000;

/**
 * The primary's change feed: a SQLite session on the database's connection records every
 * row change, and each commit turns what it recorded into one numbered changeset
 * (docs/decisions/023-replication.md). Changes live in memory, bounded; the feed is named
 * by a random id per process, so a standby never mixes two feeds' numbers.
 */
export class ChangeFeed {
  readonly feedId: string;
  readonly #db: Database;
  readonly #clock: Clock;
  readonly #keep: number;
  readonly #changes: Change[] = [];
  readonly #waiters = new Set<() => void>();
  #session: Session | undefined;
  #head = 0;
  /** The standby's last read of this feed: where it stood and when. */
  #lastRead: { after: number; at: number } | undefined;
  #stopListening: () => void = () => {};
  #closed = false;

  constructor(options: ChangeFeedOptions) {
    this.#db = options.db;
    this.#clock = options.clock;
    this.#keep = options.keep ?? FEED_KEEP;
    this.feedId = options.feedId ?? crypto.randomUUID();
    if (options.recordFrom !== "first_snapshot") this.#startRecording();
  }

  /** Whether commits are being recorded (always, or since the first snapshot). */
  get recording(): boolean {
    return this.#session !== undefined;
  }

  #startRecording(): void {
    // Whatever the connection has open is recorded from here on; a write group already
    // open would be split, so it is committed first.
    this.#db.flush();
    this.#session = this.#db.raw.createSession();
    this.#stopListening = this.#db.listenWrites({
      committed: () => this.#takeCommitted(),
      // A rolled-back transaction leaves nothing in a changeset, but a fresh session makes
      // sure nothing of it is ever sent.
      lost: () => this.#renewSession(),
    });
  }

  /** The number of the last change; 0 before the first. */
  get head(): number {
    return this.#head;
  }

  /** Changes after `seq` (at most `max`), or why the reader must take a snapshot. */
  read(feedId: string, after: number, max = 500): FeedRead {
    if (feedId === this.feedId) this.#lastRead = { after, at: this.#clock.now() };
    if (feedId !== this.feedId) {
      return { kind: "snapshot_needed", reason: "the standby read another feed" };
    }
    if (!this.recording) {
      return { kind: "snapshot_needed", reason: "the feed starts with the first snapshot" };
    }
    if (after > this.#head) {
      return { kind: "snapshot_needed", reason: "the standby is ahead of the feed" };
    }
    if (after === this.#head) return { kind: "changes", changes: [], head: this.#head };
    const first = this.#changes[0]?.seq ?? this.#head + 1;
    if (after + 1 < first) {
      return { kind: "snapshot_needed", reason: "the standby fell behind what the feed keeps" };
    }
    const start = after + 1 - first;
    return {
      kind: "changes",
      changes: this.#changes.slice(start, start + max),
      head: this.#head,
    };
  }

  /**
   * How far the standby is behind, as the primary sees it: changes it had not read at its
   * last read, how long the oldest of them has waited, and when it last read (undefined
   * before its first read of this feed).
   */
  readerLag(): { lagChanges: number; lagSeconds: number; lastReadAt: number | undefined } {
    const read = this.#lastRead;
    if (!read) return { lagChanges: this.#head, lagSeconds: 0, lastReadAt: undefined };
    const oldest = this.#changes.find((change) => change.seq === read.after + 1);
    return {
      lagChanges: this.#head - read.after,
      lagSeconds: oldest ? Math.max(0, this.#clock.now() - oldest.at) / 1000 : 0,
      lastReadAt: read.at,
    };
  }

  /** Resolves once a change after `seq` exists, or after `timeoutMs`, or when `signal` aborts. */
  waitFor(seq: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.#head > seq || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        cancel();
        this.#waiters.delete(wake);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const wake = () => {
        if (this.#head > seq) done();
      };
      const cancel = this.#clock.setTimer(timeoutMs, done);
      this.#waiters.add(wake);
      signal?.addEventListener("abort", done);
    });
  }

  /**
   * A consistent copy of the database in `file` and the feed position it stands at: the
   * changes after `seq` are exactly what the copy lacks.
   */
  snapshot(file: string): { feedId: string; seq: number } {
    // The backup commits any open write group first, which adds its change to the feed.
    this.#db.backupTo(file);
    // Recording starts in the same turn as the copy, so no write falls between the two.
    if (!this.recording && !this.#closed) this.#startRecording();
    return { feedId: this.feedId, seq: this.#head };
  }

  /** Stops recording; the database keeps working. */
  close(): void {
    this.#closed = true;
    this.#stopListening();
    for (const wake of this.#waiters) wake();
    try {
      this.#session?.close();
    } catch {
      // Closed with its database already.
    }
  }

  #takeCommitted(): void {
    const changeset = this.#session!.changeset();
    this.#renewSession();
    if (changeset.length === 0) return;
    this.#head++;
    this.#changes.push({ seq: this.#head, at: this.#clock.now(), changeset });
    if (this.#changes.length > this.#keep) {
      this.#changes.splice(0, this.#changes.length - this.#keep);
    }
    for (const wake of [...this.#waiters]) wake();
  }

  /** A session has no reset: a new one records from now on. */
  #renewSession(): void {
    this.#session?.close();
    this.#session = this.#db.raw.createSession();
  }
}
