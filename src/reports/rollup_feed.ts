import type { CancelTimer, Clock } from "../clock/mod.ts";
import type { Database } from "../db/mod.ts";
import {
  callFacts,
  type CallTrack,
  type FactContext,
  type LoggedCallEvent,
  newCallTrack,
} from "./call_facts.ts";
import { addCounters, COUNTER_FIELDS, type Counters, emptyCounters } from "./counters.ts";
import { intervalStart } from "./intervals.ts";
import { splitSpan } from "./state_spans.ts";
import { TeamHistory } from "./team_history.ts";

/** Rows read from a log per transaction. */
const BATCH = 20_000;
/**
 * Rows a timer pass reads at most: the feed runs on the loop that serves calls, so a
 * backlog is worked off in slices of about a millisecond, one every
 * {@link BACKLOG_PAUSE_MS}. A slice is as long as an INVITE arriving meanwhile waits
 * unread: 500 rows took 2.5–4.7 ms at 200 calls/s, at the tail of call set-up (decision
 * 049). Five thousand rows a second is still over three times what 200 calls/s append.
 */
export const FOLLOW_SLICE = 200;
const BACKLOG_PAUSE_MS = 40;
/** Calls whose track is kept in memory; older ones are read back from the log if needed. */
const TRACKED_CALLS = 50_000;

interface RawEvent {
  seq: number;
  call_id: string;
  at: string;
  type: string;
  queue_id: number | null;
  agent_id: number | null;
  data: string;
}

interface StateRow {
  id: number;
  user_id: number;
  at: string;
  state: string;
  reason: string | null;
}

const UPSERT_INTERVAL = `INSERT INTO report_intervals
  (start_ms, queue_id, agent_id, team_id, ${COUNTER_FIELDS.join(", ")})
  VALUES (?, ?, ?, ?, ${COUNTER_FIELDS.map(() => "?").join(", ")})
  ON CONFLICT (start_ms, queue_id, agent_id, team_id) DO UPDATE SET ${
  COUNTER_FIELDS.map((f) =>
    f === "max_wait_ms" ? `${f} = max(${f}, excluded.${f})` : `${f} = ${f} + excluded.${f}`
  ).join(", ")
}`;

const UPSERT_STATE =
  `INSERT INTO report_agent_states (start_ms, agent_id, team_id, state, reason, ms)
  VALUES (?, ?, ?, ?, ?, ?)
  ON CONFLICT (start_ms, agent_id, team_id, state, reason) DO UPDATE SET ms = ms + excluded.ms`;

/**
 * Keeps the 15-minute rollups level with `call_events` and `agent_state_log`: it reads
 * what was appended since its cursor, turns each row into counter deltas
 * ({@link callFacts}, state time split at interval boundaries) and adds them, with the
 * cursor, in one transaction. {@link RollupFeed.rebuild} empties the rollups and reads
 * the logs again from the start through the same path, so both give the same figures.
 */
export class RollupFeed {
  readonly #tracks = new Map<string, CallTrack>();
  readonly #lastState = new Map<number, { atMs: number; state: string; reason: string }>();
  readonly #teams: TeamHistory;
  readonly #thresholds = new Map<number, number>();
  readonly #ctx: FactContext;

  /** `clock` dates the team moves it notices on the users; without it none are noticed. */
  constructor(private readonly db: Database, private readonly clock?: Clock) {
    this.#teams = new TeamHistory(db);
    this.#ctx = {
      serviceLevelSeconds: (queueId) => this.#thresholds.get(queueId) ?? 20,
      outboundCall: (callId) => {
        const row = db.get<{ direction: string; started_at: string; answered_at: string | null }>(
          "SELECT direction, started_at, answered_at FROM calls WHERE id = ?",
          callId,
        );
        if (row?.direction !== "outbound") return undefined;
        return { startedMs: Date.parse(row.started_at), answered: row.answered_at !== null };
      },
    };
  }

  get teams(): TeamHistory {
    return this.#teams;
  }

  /**
   * Reads what was appended since the last pass, at most about `maxRows` log rows (all
   * by default); returns how many it read.
   */
  catchUp(maxRows = Infinity): number {
    this.#loadReferenceData();
    // Each log gets half of what is left, the state log also what the call log did not
    // use, and a log that is caught up gives the other its share. Halving what was left
    // on every round made a slice a dozen rounds of a few rows, each with two commits.
    let read = 0;
    let callsDone = false;
    let statesDone = false;
    while (read < maxRows && !(callsDone && statesDone)) {
      const left = Math.min(BATCH, maxRows - read);
      const callShare = statesDone ? left : Math.ceil(left / 2);
      const calls: number = callsDone ? 0 : this.#callEventBatch(callShare);
      callsDone ||= calls < callShare;
      const stateShare = Math.max(1, left - calls);
      const states: number = statesDone ? 0 : this.#stateBatch(stateShare);
      statesDone ||= states < stateShare;
      read += calls + states;
    }
    return read;
  }

  /** How many log rows the rollups have yet to read. */
  backlog(): number {
    const pending = (table: string, key: string, log: "call_events" | "agent_state_log") =>
      Math.max(
        0,
        (this.db.get<{ n: number | null }>(`SELECT max(${key}) AS n FROM ${table}`)?.n ?? 0) -
          this.#cursor(log),
      );
    return pending("call_events", "seq", "call_events") +
      pending("agent_state_log", "id", "agent_state_log");
  }

  /** Empties the rollups and reads both logs again from the start. */
  rebuild(): number {
    this.db.transaction(() => {
      this.db.run("DELETE FROM report_intervals");
      this.db.run("DELETE FROM report_agent_states");
      this.db.run("DELETE FROM report_cursor");
    });
    this.#tracks.clear();
    this.#lastState.clear();
    return this.catchUp();
  }

  /**
   * Catches up every `everyMs` until the returned function is called; a pass that fails
   * (a full disk) goes to `onError` and the next one tries again.
   */
  follow(clock: Clock, everyMs: number, onError: (error: unknown) => void = () => {}): CancelTimer {
    let cancel: CancelTimer | undefined;
    let stopped = false;
    const tick = () => {
      if (stopped) return;
      let behind = false;
      try {
        behind = this.catchUp(FOLLOW_SLICE) >= FOLLOW_SLICE;
      } catch (error) {
        onError(error);
      } finally {
        if (!stopped) cancel = clock.setTimer(behind ? BACKLOG_PAUSE_MS : everyMs, tick);
      }
    };
    cancel = clock.setTimer(everyMs, tick);
    return () => {
      stopped = true;
      cancel?.();
    };
  }

  #loadReferenceData(): void {
    if (this.clock && !this.db.readOnly) this.#teams.syncWithUsers(this.clock.now());
    this.#teams.load();
    this.#thresholds.clear();
    for (
      const q of this.db.all<{ id: number; service_level_s: number }>(
        "SELECT id, service_level_s FROM queues",
      )
    ) this.#thresholds.set(q.id, q.service_level_s);
  }

  #cursor(log: "call_events" | "agent_state_log"): number {
    return this.db.get<{ last_id: number }>("SELECT last_id FROM report_cursor WHERE log = ?", log)
      ?.last_id ?? 0;
  }

  #callEventBatch(limit: number): number {
    const after = this.#cursor("call_events");
    const rows = this.db.all<RawEvent>(
      "SELECT seq, call_id, at, type, queue_id, agent_id, data FROM call_events WHERE seq > ? ORDER BY seq LIMIT ?",
      after,
      limit,
    );
    if (rows.length === 0) return 0;
    const sums = new Map<string, { key: number[]; counters: Counters }>();
    for (const raw of rows) {
      const e = toEvent(raw);
      const track = this.#track(e);
      for (const fact of callFacts(track, e, this.#ctx)) {
        const start = intervalStart(fact.atMs);
        const team = fact.agentId === 0 ? 0 : this.#teams.teamAt(fact.agentId, fact.atMs);
        const k = `${start}|${fact.queueId}|${fact.agentId}|${team}`;
        let sum = sums.get(k);
        if (!sum) {
          sum = { key: [start, fact.queueId, fact.agentId, team], counters: emptyCounters() };
          sums.set(k, sum);
        }
        addCounters(sum.counters, fact.counters);
      }
    }
    this.#trimTracks();
    const stored = this.db.transaction(() => {
      if (!this.#cursorStill("call_events", after)) return false;
      for (const { key, counters } of sums.values()) {
        this.db.run(UPSERT_INTERVAL, ...key, ...COUNTER_FIELDS.map((f) => counters[f]));
      }
      this.#setCursor("call_events", rows.at(-1)!.seq);
      return true;
    });
    return stored ? rows.length : 0;
  }

  #stateBatch(limit: number): number {
    const after = this.#cursor("agent_state_log");
    const rows = this.db.all<StateRow>(
      "SELECT id, user_id, at, state, reason FROM agent_state_log WHERE id > ? ORDER BY id LIMIT ?",
      after,
      limit,
    );
    if (rows.length === 0) return 0;
    const sums = new Map<string, { key: (number | string)[]; ms: number }>();
    for (const row of rows) {
      const atMs = Date.parse(row.at);
      const prev = this.#lastState.get(row.user_id) ?? this.#previousState(row);
      if (prev && prev.state !== "logged_out" && atMs > prev.atMs) {
        for (const piece of splitSpan(prev.atMs, atMs)) {
          const team = this.#teams.teamAt(row.user_id, piece.start);
          const k = `${piece.start}|${row.user_id}|${team}|${prev.state}|${prev.reason}`;
          const sum = sums.get(k);
          if (sum) sum.ms += piece.ms;
          else {
            sums.set(k, {
              key: [piece.start, row.user_id, team, prev.state, prev.reason],
              ms: piece.ms,
            });
          }
        }
      }
      this.#lastState.set(row.user_id, { atMs, state: row.state, reason: row.reason ?? "" });
    }
    const stored = this.db.transaction(() => {
      if (!this.#cursorStill("agent_state_log", after)) return false;
      for (const { key, ms } of sums.values()) this.db.run(UPSERT_STATE, ...key, ms);
      this.#setCursor("agent_state_log", rows.at(-1)!.id);
      return true;
    });
    return stored ? rows.length : 0;
  }

  #previousState(row: StateRow) {
    const prev = this.db.get<StateRow>(
      "SELECT id, user_id, at, state, reason FROM agent_state_log WHERE user_id = ? AND id < ? ORDER BY id DESC LIMIT 1",
      row.user_id,
      row.id,
    );
    return prev && { atMs: Date.parse(prev.at), state: prev.state, reason: prev.reason ?? "" };
  }

  /**
   * Whether the cursor is still where this pass started. Another process (a rebuild from
   * the command line) may have moved it meanwhile: the pass is then dropped, and what this
   * one remembers of calls and agents is forgotten, since that process read the rows.
   */
  #cursorStill(log: "call_events" | "agent_state_log", at: number): boolean {
    if (this.#cursor(log) === at) return true;
    this.#tracks.clear();
    this.#lastState.clear();
    return false;
  }

  #setCursor(log: string, id: number): void {
    this.db.run(
      "INSERT INTO report_cursor (log, last_id) VALUES (?, ?) ON CONFLICT (log) DO UPDATE SET last_id = excluded.last_id",
      log,
      id,
    );
  }

  /** The call's track; a call not in memory is replayed from its earlier events. */
  #track(e: LoggedCallEvent): CallTrack {
    let track = this.#tracks.get(e.callId);
    if (track) return track;
    track = newCallTrack();
    if (e.type !== "call.offered") {
      const earlier = this.db.all<RawEvent>(
        "SELECT seq, call_id, at, type, queue_id, agent_id, data FROM call_events WHERE call_id = ? AND seq < ? ORDER BY seq",
        e.callId,
        e.seq,
      );
      for (const raw of earlier) callFacts(track, toEvent(raw), this.#ctx);
    }
    this.#tracks.set(e.callId, track);
    return track;
  }

  #trimTracks(): void {
    if (this.#tracks.size <= TRACKED_CALLS) return;
    let drop = this.#tracks.size - TRACKED_CALLS / 2;
    for (const id of this.#tracks.keys()) {
      if (drop-- <= 0) break;
      this.#tracks.delete(id);
    }
  }
}

function toEvent(raw: RawEvent): LoggedCallEvent {
  return {
    seq: raw.seq,
    callId: raw.call_id,
    atMs: Date.parse(raw.at),
    type: raw.type,
    queueId: raw.queue_id,
    agentId: raw.agent_id,
    data: raw.data === "{}" ? {} : JSON.parse(raw.data),
  };
}
