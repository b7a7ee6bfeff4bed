import type { CancelTimer, Clock } from "../clock/mod.ts";
import { type Database, isoTime, StorageError } from "../db/mod.ts";
import type { EventHub } from "../events/mod.ts";
import { createLogger, type Logger } from "../log/mod.ts";

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

/** How often the ends of calls that the disk refused are written again. */
export const END_RETRY_MS = 1000;

/** The end cause of calls that an earlier process left open. */
export const RESTART_CAUSE = "restart";

/** A call whose end is written but not yet known to be stored. */
interface CallEnd {
  callId: string;
  /** The call as opened by this process: its row is written again if the disk refused it. */
  opened?: { row: NewCallRow; startedAt: string };
  at: string;
  cause: string | null;
  /** The `call.ended` event's data, once it has been written. */
  event?: Record<string, unknown>;
}

/**
 * The written history of every call: the `calls` row (current state) and the append-only
 * `call_events` (every change, in order). Reports, the wallboard and the CRM timeline
 * read from here; the event hub gets the same events live.
 *
 * A call must not stay "live" in the history after it ended. The end of a call is kept in
 * memory until the write group holding it commits; when the disk refuses it, it is written
 * again once writes work ({@link END_RETRY_MS}, and at once when the disk takes writes
 * again). Calls that an earlier process left open are ended by
 * {@link CallJournal.endUnfinishedCalls} at start-up. Live views hear `storage.state`
 * when call history stops being stored and when it is stored again.
 */
export class CallJournal {
  readonly #live = new Map<string, { row: NewCallRow; startedAt: string }>();
  /** Ends written since the last commit: the next commit confirms them, a loss retries them. */
  readonly #unconfirmed = new Map<string, CallEnd>();
  /** Ends that the disk refused, until a retry stores them. */
  readonly #unwritten = new Map<string, CallEnd>();
  #retry: CancelTimer | undefined;
  /** Whether the start-up sweep waits for the disk to take writes. */
  #sweepPending = false;
  /** Rows older than this were written by an earlier process. */
  #startedAt: string;
  /** The state the start-up sweep found each agent in when it logged them out. */
  readonly #leftBehind = new Map<number, string>();
  /** When the start-up sweep ran (ms), so what it found is given back only soon after. */
  #sweptAt: number | undefined;
  /** What the sweep's transaction logged out, kept once it has committed. */
  #sweptAgents: { user_id: number; state: string }[] = [];
  readonly #log: Logger;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly hub: EventHub,
    log?: Logger,
  ) {
    this.#log = log ?? createLogger("calls");
    this.#startedAt = isoTime(clock.now());
    db.listenWrites({
      committed: () => {
        if (this.#unconfirmed.size > 0) this.#unconfirmed.clear();
      },
      lost: () => this.#endsLost(),
    });
    db.storage.listen((state) => {
      this.hub.publish("storage.state", { state });
      // Not from inside the database's commit: the retry writes.
      if (state === "ok" && (this.#unwritten.size > 0 || this.#sweepPending)) {
        this.#scheduleRetry(0);
      }
    });
  }

  open(call: NewCallRow): void {
    const startedAt = isoTime(this.clock.now());
    this.#live.set(call.id, { row: call, startedAt });
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
      startedAt,
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
    if (type === "call.ended") {
      const end = this.#unconfirmed.get(callId) ?? this.#unwritten.get(callId);
      if (end) end.event = data;
    }
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
    if (change.ended) {
      // Before the write, so that a write the disk refuses finds it to retry.
      this.#unconfirmed.set(callId, {
        callId,
        opened: this.#live.get(callId),
        at: now,
        cause: change.endCause ?? null,
      });
      this.#live.delete(callId);
    }
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

  /**
   * Ends every call that an earlier process left open (it died, or stopped with a full
   * disk) with cause {@link RESTART_CAUSE} and a `call.ended` event, at the last moment
   * that process is known to have written. Its queue and agent figures are closed too: a
   * call still waiting gets its queue outcome (abandoned, reason "restart"), an agent
   * still on it gets `agent.work_done`, and an agent not logged out gets a `logged_out`
   * state. Calls this process opened are left alone. Returns how many calls it ended.
   * When the disk refuses these writes, they are tried again later, with the ends of
   * this process's calls that the disk refused.
   *
   * `promoted` says this process was a standby until now: it wrote nothing before, and
   * everything stored, including what the primary wrote (replicated) after this process
   * started, is the earlier process's.
   */
  endUnfinishedCalls(promoted = false): number {
    if (promoted) this.#startedAt = isoTime(this.clock.now());
    const ended = this.#endEarlierCalls();
    this.#retryEnds();
    return ended;
  }

  #endEarlierCalls(): number {
    try {
      this.#sweptAgents = [];
      const ended = this.db.transaction(() => this.#endEarlierProcessCalls());
      this.#sweepPending = false;
      // An agent who comes back soon gets the state they were in (see takeStateLeftBehind).
      if (this.#sweptAgents.length > 0) this.#sweptAt = this.clock.now();
      for (const agent of this.#sweptAgents) this.#leftBehind.set(agent.user_id, agent.state);
      if (ended > 0) {
        this.#log.warn("calls left open by an earlier process were ended", { calls: ended });
      }
      return ended;
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      this.#sweepPending = true;
      this.#scheduleRetry(END_RETRY_MS);
      return 0;
    }
  }

  #endEarlierProcessCalls(): number {
    const agents = this.db.all<{ user_id: number; at: string; state: string }>(
      `SELECT l.user_id, l.at, l.state FROM agent_state_log l
       JOIN (SELECT user_id, max(id) AS id FROM agent_state_log WHERE at < ? GROUP BY user_id) last
         ON last.id = l.id
       WHERE l.state <> 'logged_out'`,
      this.#startedAt,
    );
    const lastEvent = this.db.get<{ at: string | null }>(
      "SELECT max(at) AS at FROM call_events WHERE at < ?",
      this.#startedAt,
    )?.at ?? "";
    // The last moment the earlier process is known to have been alive.
    const lastSeen = agents.reduce((latest, a) => a.at > latest ? a.at : latest, lastEvent);

    const open = this.db.all<{ id: string; started_at: string }>(
      "SELECT id, started_at FROM calls WHERE state <> 'ended'",
    ).filter((call) =>
      !this.#live.has(call.id) && !this.#unconfirmed.has(call.id) &&
      !this.#unwritten.has(call.id)
    );
    for (const call of open) {
      const at = call.started_at > lastSeen ? call.started_at : lastSeen;
      this.#storeEnd({
        callId: call.id,
        at,
        cause: RESTART_CAUSE,
        event: { cause: RESTART_CAUSE, by: "local", sip_status: null },
      });
      const events = this.events(call.id);
      this.#closeQueueStay(call.id, events, at);
      this.#closeAgentWork(call.id, events, at);
    }
    for (const agent of agents) {
      this.db.run(
        "INSERT INTO agent_state_log (user_id, at, state, reason) VALUES (?, ?, 'logged_out', ?)",
        agent.user_id,
        lastSeen,
        RESTART_CAUSE,
      );
    }
    this.#sweptAgents = agents;
    return open.length;
  }

  /**
   * The state the earlier process left agent `userId` in (it died, or this box took over
   * from it) when the start-up sweep logged them out, if that was less than `withinMs`
   * ago; told once per agent, so a later return starts afresh.
   */
  takeStateLeftBehind(userId: number, withinMs: number): string | undefined {
    const state = this.#leftBehind.get(userId);
    this.#leftBehind.delete(userId);
    if (this.#sweptAt === undefined || this.clock.now() - this.#sweptAt >= withinMs) return;
    return state;
  }

  /** Writes what is missing of a call's end: its row (ended), and its `call.ended` event. */
  #storeEnd(end: CallEnd): void {
    const row = this.db.get<{ state: string }>("SELECT state FROM calls WHERE id = ?", end.callId);
    if (!row && end.opened) {
      const { row: call, startedAt } = end.opened;
      this.db.run(
        `INSERT INTO calls (id, direction, state, trunk_id, did, caller, customer_id, started_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        call.id,
        call.direction,
        "ended",
        call.trunkId ?? null,
        call.did ?? null,
        call.caller ?? null,
        call.customerId ?? null,
        startedAt,
      );
    }
    if (row || end.opened) {
      this.db.run(
        `UPDATE calls SET state = 'ended', ended_at = coalesce(ended_at, ?),
           end_cause = coalesce(?, end_cause)
         WHERE id = ? AND (state <> 'ended' OR ended_at IS NULL)`,
        end.at,
        end.cause,
        end.callId,
      );
    }
    if (!end.event) return;
    const written = this.db.get(
      "SELECT 1 FROM call_events WHERE call_id = ? AND type = 'call.ended'",
      end.callId,
    );
    if (written) return;
    this.db.run(
      "INSERT INTO call_events (call_id, at, type, data) VALUES (?, ?, 'call.ended', ?)",
      end.callId,
      end.at,
      JSON.stringify(end.event),
    );
  }

  /**
   * A call that entered a queue and has no outcome yet (KPI.md: every offered call is
   * answered, abandoned, overflowed…) is abandoned in its last queue, as the ACD would
   * have written it had the caller hung up then.
   */
  #closeQueueStay(callId: string, events: CallEventRow[], at: string): void {
    if (events.some((e) => e.data.outcome !== undefined)) return;
    const entered = events.findLast((e) => e.type === "queue.entered" && e.queue_id !== null);
    if (!entered) return;
    const queue = this.db.get<{ short_abandon_s: number }>(
      "SELECT short_abandon_s FROM queues WHERE id = ?",
      entered.queue_id,
    );
    const waitMs = Math.max(0, Date.parse(at) - Date.parse(entered.at));
    const data: Record<string, unknown> = {
      reason: RESTART_CAUSE,
      wait_ms: waitMs,
      outcome: "abandoned",
      short: waitMs <= (queue?.short_abandon_s ?? 20) * 1000,
    };
    if (entered.data.queue !== undefined) data.queue = entered.data.queue;
    this.db.run(
      "INSERT INTO call_events (call_id, at, type, queue_id, data) VALUES (?, ?, 'queue.abandoned', ?, ?)",
      callId,
      at,
      entered.queue_id,
      JSON.stringify(data),
    );
  }

  /**
   * An agent who answered the call (or took it by transfer) and has no `agent.work_done`
   * for it after that was on it when the process died: the talk ends there, with no
   * wrap-up, so the agent's handled calls match the calls answered.
   */
  #closeAgentWork(callId: string, events: CallEventRow[], at: string): void {
    const starts = events.filter((e) =>
      (e.type === "queue.answered" || e.type === "transfer.completed") && e.agent_id !== null
    );
    const closed = new Set<number>();
    for (const start of starts.reverse()) {
      const agentId = start.agent_id!;
      if (closed.has(agentId)) continue;
      closed.add(agentId);
      const later = events.filter((e) => e.seq > start.seq);
      if (later.some((e) => e.type === "agent.work_done" && e.agent_id === agentId)) continue;
      const agent = start.data.agent;
      const handedOn = later.find((e) =>
        e.type === "transfer.completed" && e.data.from_agent === agent
      );
      const talkMs = Math.max(0, Date.parse(handedOn?.at ?? at) - Date.parse(start.at));
      this.db.run(
        "INSERT INTO call_events (call_id, at, type, agent_id, data) VALUES (?, ?, 'agent.work_done', ?, ?)",
        callId,
        at,
        agentId,
        JSON.stringify({
          agent,
          handle_ms: talkMs,
          talk_ms: talkMs,
          acw_ms: 0,
          reason: RESTART_CAUSE,
        }),
      );
    }
  }

  /** The writes since the last commit are in doubt: their ends are written again. */
  #endsLost(): void {
    if (this.#unconfirmed.size === 0) return;
    for (const [callId, end] of this.#unconfirmed) this.#unwritten.set(callId, end);
    this.#unconfirmed.clear();
    this.#scheduleRetry(END_RETRY_MS);
  }

  #scheduleRetry(delayMs: number): void {
    if (this.#retry) {
      if (delayMs > 0) return;
      this.#retry();
    }
    this.#retry = this.clock.setTimer(delayMs, () => {
      this.#retry = undefined;
      this.#retryEnds();
    });
  }

  /** Writes the refused ends again, each in a transaction of its own (durable on return). */
  #retryEnds(): void {
    if (this.#sweepPending) {
      this.#endEarlierCalls();
      if (this.#sweepPending) return;
    }
    for (const [callId, end] of this.#unwritten) {
      try {
        this.db.transaction(() => this.#storeEnd(end));
        this.#unwritten.delete(callId);
      } catch (error) {
        if (error instanceof StorageError) {
          this.#scheduleRetry(END_RETRY_MS);
          return;
        }
        this.#unwritten.delete(callId);
        this.#log.error("could not write the end of a call; it stays live in the history", {
          call_id: callId,
          error,
        });
      }
    }
  }
}
