import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";

/** A caller's request to be called back instead of waiting. */
export interface CallbackRequest {
  /** The call on which the caller asked. */
  callId: string;
  customerId: number | null;
  /** The number to call back. */
  number: string;
  /** The queue whose agents call back; null when it no longer exists. */
  queueId: number | null;
  priority: number;
  /**
   * When the caller first reached us (ms since the epoch). Callbacks are served in this
   * order, so asking for one does not cost the caller their place.
   */
  placeAt: number;
  /** When the request was taken (ms since the epoch); now by the CRM's clock if left out. */
  at?: number;
}

/** A stored request waiting to be dialled. */
export interface PendingCallback {
  id: number;
  call_id: string;
  customer_id: number | null;
  number: string;
  queue_id: number | null;
  priority: number;
  place_at: string;
  attempts: number;
  last_outcome: string | null;
  next_attempt_at: string | null;
}

/**
 * The callback requests of all channels: the IVR's callback node and a queue's overflow
 * write here, the outbound dialer reads from here. The only writer of `callbacks`.
 */
export class Callbacks {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  /** Stores a pending request and returns its id. */
  request(callback: CallbackRequest): number {
    return this.db.run(
      `INSERT INTO callbacks (call_id, customer_id, number, queue_id, priority, place_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      callback.callId,
      callback.customerId,
      callback.number,
      callback.queueId,
      callback.priority,
      isoTime(callback.placeAt),
      isoTime(callback.at ?? this.clock.now()),
    ).lastInsertRowid;
  }

  /**
   * Pending requests due at `now` (never tried, or their retry time has come), in the
   * order they are served: priority, then the place the caller had.
   */
  due(now: number, options: { queueId?: number; limit?: number } = {}): PendingCallback[] {
    return this.db.all<PendingCallback>(
      `SELECT id, call_id, customer_id, number, queue_id, priority, place_at, attempts,
              last_outcome, next_attempt_at
       FROM callbacks
       WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
         AND (? IS NULL OR queue_id = ?)
       ORDER BY priority DESC, place_at, id LIMIT ?`,
      isoTime(now),
      options.queueId ?? null,
      options.queueId ?? null,
      options.limit ?? 50,
    );
  }

  /** The queues that have a request due at `now`. */
  dueQueues(now: number): number[] {
    return this.db.all<{ queue_id: number }>(
      `SELECT DISTINCT queue_id FROM callbacks
       WHERE status = 'pending' AND queue_id IS NOT NULL
         AND (next_attempt_at IS NULL OR next_attempt_at <= ?)`,
      isoTime(now),
    ).map((r) => r.queue_id);
  }

  /** Marks a request as being dialled; false when it was no longer pending. */
  startDialing(id: number): boolean {
    return this.db.run(
      "UPDATE callbacks SET status = 'dialing' WHERE id = ? AND status = 'pending'",
      id,
    ).changes > 0;
  }

  /**
   * Writes what an attempt came to: `counted` attempts go up by one; the request is
   * pending again (at `nextAt`), done, failed or cancelled.
   */
  attempted(
    id: number,
    result: {
      outcome: string;
      status: "pending" | "done" | "failed" | "cancelled";
      counted: boolean;
      nextAt?: number;
    },
  ): void {
    const now = isoTime(this.clock.now());
    this.db.run(
      `UPDATE callbacks SET status = ?, last_outcome = ?, attempts = attempts + ?,
         next_attempt_at = ?, done_at = ? WHERE id = ?`,
      result.status,
      result.outcome,
      result.counted ? 1 : 0,
      result.nextAt === undefined ? null : isoTime(result.nextAt),
      result.status === "pending" ? null : now,
      id,
    );
  }

  get(id: number): PendingCallback & { status: string } | undefined {
    return this.db.get(
      `SELECT id, call_id, customer_id, number, queue_id, priority, place_at, attempts,
              last_outcome, next_attempt_at, status FROM callbacks WHERE id = ?`,
      id,
    );
  }

  /** Deletes every request of one customer (their erasure); returns how many there were. */
  forgetCustomer(customerId: number): number {
    return this.db.run("DELETE FROM callbacks WHERE customer_id = ?", customerId).changes;
  }
}
