import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import type { EventHub } from "../events/mod.ts";

export interface CallEventRow {
  seq: number;
  call_id: string;
  at: string;
  type: string;
  queue_id: number | null;
  agent_id: number | null;
  data: Record<string, unknown>;
}

export interface NewCallRow {
  id: string;
  direction: "inbound" | "outbound" | "internal";
  state: string;
  trunkId?: number | null;
  did?: string | null;
  caller?: string | null;
  customerId?: number | null;
}

/**
 * The written history of every call: the `calls` row (current state) and the append-only
 * `call_events` (every change, in order). Reports, the wallboard and the CRM timeline
 * read from here; the event hub gets the same events live.
 */
export class CallJournal {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly hub: EventHub,
  ) {}

  open(call: NewCallRow): void {
    this.db.runGrouped(
      `INSERT INTO calls (id, direction, state, trunk_id, did, caller, customer_id, started_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      call.id,
      call.direction,
      call.state,
      call.trunkId ?? null,
      call.did ?? null,
      call.caller ?? null,
      call.customerId ?? null,
      isoTime(this.clock.now()),
    );
  }

  /** Appends one event; `queueId`/`agentId` are columns so reports can filter cheaply. */
  event(
    callId: string,
    type: string,
    data: Record<string, unknown> = {},
    refs: { queueId?: number | null; agentId?: number | null } = {},
  ): void {
    const at = isoTime(this.clock.now());
    this.db.runGrouped(
      "INSERT INTO call_events (call_id, at, type, queue_id, agent_id, data) VALUES (?, ?, ?, ?, ?, ?)",
      callId,
      at,
      type,
      refs.queueId ?? null,
      refs.agentId ?? null,
      JSON.stringify(data),
    );
    this.hub.publish(type, {
      call_id: callId,
      ...data,
      queue_id: refs.queueId,
      agent_id: refs.agentId,
    });
  }

  update(
    callId: string,
    change: {
      state?: string;
      answered?: boolean;
      ended?: boolean;
      endCause?: string;
      queueId?: number | null;
      agentId?: number | null;
      customerId?: number | null;
    },
  ): void {
    const now = isoTime(this.clock.now());
    this.db.runGrouped(
      `UPDATE calls SET
         state = coalesce(?, state),
         answered_at = CASE WHEN ? AND answered_at IS NULL THEN ? ELSE answered_at END,
         ended_at = CASE WHEN ? THEN ? ELSE ended_at END,
         end_cause = coalesce(?, end_cause),
         queue_id = coalesce(?, queue_id),
         agent_id = coalesce(?, agent_id),
         customer_id = coalesce(?, customer_id)
       WHERE id = ?`,
      change.state ?? null,
      change.answered ? 1 : 0,
      now,
      change.ended ? 1 : 0,
      now,
      change.endCause ?? null,
      change.queueId ?? null,
      change.agentId ?? null,
      change.customerId ?? null,
      callId,
    );
  }

  /** When the call started (ISO time), as stored; undefined for a call never journalled. */
  startedAt(callId: string): string | undefined {
    return this.db.get<{ started_at: string }>("SELECT started_at FROM calls WHERE id = ?", callId)
      ?.started_at;
  }

  events(callId: string): CallEventRow[] {
    return this.db.all<Omit<CallEventRow, "data"> & { data: string }>(
      "SELECT * FROM call_events WHERE call_id = ? ORDER BY seq",
      callId,
    ).map((row) => ({ ...row, data: JSON.parse(row.data) }));
  }
}
