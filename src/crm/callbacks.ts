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

  /** Deletes every request of one customer (their erasure); returns how many there were. */
  forgetCustomer(customerId: number): number {
    return this.db.run("DELETE FROM callbacks WHERE customer_id = ?", customerId).changes;
  }
}
