import { type Database, isoTime } from "../db/mod.ts";
import { addCounters, COUNTER_FIELDS, type Counters, emptyCounters } from "./counters.ts";
import { buckets, checkTimeZone, type Granularity, PeriodError } from "./intervals.ts";
import { averageHandleTime } from "./kpi/handling_kpis.ts";
import { abandonRate, averageSpeedOfAnswer, serviceLevel } from "./kpi/queue_kpis.ts";
import { averageSeconds, percent } from "./kpi/ratio.ts";
import { REPORT_CATCH_UP_ROWS } from "./report_service.ts";
import type { RollupFeed } from "./rollup_feed.ts";

/** The channels reports split by; `voice` is every call, whatever its queue's kind. */
export const REPORT_CHANNELS = ["voice", "chat", "email", "sms"] as const;
export type ReportChannel = typeof REPORT_CHANNELS[number];
type WrittenChannel = Exclude<ReportChannel, "voice">;

/**
 * A written contact's service-level threshold T when it reached no queue (decision
 * 038): a chat is a conversation in real time, an SMS expects an answer within minutes,
 * an e-mail within hours. A queue's own T wins.
 */
export const DEFAULT_RESPONSE_TARGET_S: Record<WrittenChannel, number> = {
  chat: 60,
  sms: 15 * 60,
  email: 4 * 3600,
};
/** Short-abandon threshold for a chat that reached no queue (KPI.md's default). */
const DEFAULT_SHORT_ABANDON_S = 20;

/**
 * One channel's figures over a bucket. Null where the channel has no such figure (an
 * e-mail is never abandoned, a call has no written first response) or its denominator
 * is zero.
 */
export interface ChannelFigures {
  offered: number;
  handled: number;
  abandoned: number | null;
  service_level: number | null;
  abandon_rate: number | null;
  asa_s: number | null;
  aht_s: number | null;
  first_response_s: number | null;
  bot_resolved: number | null;
  bot_resolved_share: number | null;
}

export interface ChannelReportRequest {
  from: number;
  to: number;
  granularity: Granularity;
  timeZone: string;
  /** Only this channel; every channel when absent. */
  channel?: ReportChannel;
}

export interface ChannelReport {
  request: ChannelReportRequest;
  behind: number;
  channels: {
    channel: ReportChannel;
    rows: { start: number; end: number; figures: ChannelFigures }[];
    total: ChannelFigures;
  }[];
}

/** What a written channel's figures are summed from. */
interface WrittenCounts {
  offered: number;
  responded: number;
  respondedWithin: number;
  abandoned: number;
  shortAbandoned: number;
  waitMs: number;
  handleMs: number;
  handleCount: number;
  responseMs: number;
  responseCount: number;
  bot: number;
}

/** One 15-minute slot's sums, as SQL adds them up. */
type WrittenSlot = WrittenCounts & { slot_ms: number };

/**
 * Figures by channel for a period, each channel from the data it leaves (decision 038):
 * voice from the 15-minute rollups of `call_events`, leaving out queues whose channel is
 * not voice; chat, e-mail and SMS from their inbound `interactions` rows (started,
 * answered, first response, ended, resolved by the bot). The formulas are KPI.md's,
 * with a written channel's first response standing in for an answer where it has no
 * other (e-mail, SMS).
 */
export class ChannelReports {
  constructor(private readonly deps: { db: Database; feed: RollupFeed }) {}

  /** Throws {@link PeriodError} for a period it cannot answer. */
  report(req: ChannelReportRequest): ChannelReport {
    try {
      checkTimeZone(req.timeZone);
    } catch {
      throw new PeriodError(`Unknown time zone ${req.timeZone}`);
    }
    const list = buckets(req.from, req.to, req.granularity, req.timeZone);
    const { db, feed } = this.deps;
    // As for the KPI reports: a long backlog is left to the feed's own timer.
    if (!db.readOnly && feed.backlog() <= REPORT_CATCH_UP_ROWS) feed.catchUp();
    const starts = list.map((b) => b.start);
    const at = (ms: number) => bucketOf(starts, ms, req.to);
    const wanted = req.channel ? [req.channel] : [...REPORT_CHANNELS];
    const channels = wanted.map((channel) => {
      if (channel === "voice") {
        const counters = list.map(() => emptyCounters());
        for (const row of voiceCounters(db, req.from, req.to)) {
          const i = at(row.start_ms);
          if (i >= 0) addCounters(counters[i], row);
        }
        const total = counters.reduce((sum, c) => addCounters(sum, c), emptyCounters());
        return {
          channel,
          rows: list.map((b, i) => ({ ...b, figures: voiceFigures(counters[i]) })),
          total: voiceFigures(total),
        };
      }
      const counts = list.map(emptyWritten);
      const total = emptyWritten();
      for (const slot of writtenSlots(db, channel, req.from, req.to)) {
        const i = at(slot.slot_ms);
        if (i < 0) continue;
        addWritten(counts[i], slot);
        addWritten(total, slot);
      }
      return {
        channel,
        rows: list.map((b, i) => ({ ...b, figures: writtenFigures(channel, counts[i]) })),
        total: writtenFigures(channel, total),
      };
    });
    return { request: req, behind: db.readOnly ? 0 : feed.backlog(), channels };
  }
}

/** The SQL for "this rollup row is a call": no queue, or a queue whose channel is voice. */
const VOICE_ROW = `(r.queue_id = 0 OR q.id IS NULL OR
  coalesce(json_extract(q.options, '$.channel'), 'voice') = 'voice')`;

function voiceCounters(db: Database, fromMs: number, toMs: number) {
  const sums = COUNTER_FIELDS.map((f) =>
    f === "max_wait_ms" ? `max(r.${f}) AS ${f}` : `sum(r.${f}) AS ${f}`
  ).join(", ");
  return db.all<Counters & { start_ms: number }>(
    `SELECT r.start_ms, ${sums} FROM report_intervals r LEFT JOIN queues q ON q.id = r.queue_id
     WHERE r.start_ms >= ? AND r.start_ms < ? AND ${VOICE_ROW}
     GROUP BY r.start_ms ORDER BY r.start_ms`,
    fromMs,
    toMs,
  );
}

function voiceFigures(c: Counters): ChannelFigures {
  return {
    offered: c.offered,
    handled: c.handled,
    abandoned: c.abandoned,
    service_level: serviceLevel(c),
    abandon_rate: abandonRate(c),
    asa_s: averageSpeedOfAnswer(c),
    aht_s: averageHandleTime(c),
    first_response_s: null,
    bot_resolved: null,
    bot_resolved_share: null,
  };
}

/** An ISO time column as epoch milliseconds, in SQL. */
const ms = (column: string) =>
  `CAST(round((julianday(${column}) - 2440587.5) * 86400000) AS INTEGER)`;

/**
 * A channel's inbound contacts summed per 15-minute slot of their start, in SQL: a
 * month of a busy center's contacts is summed where they lie instead of crossing to
 * JavaScript row by row. Every zone's offset is a whole number of quarter hours, so
 * each slot lies within one bucket of any granularity.
 *
 * A contact is answered — for a chat when an agent accepted it (`answered_at`), for an
 * e-mail or SMS when a person first replied (`first_response_at`). A chat the bot
 * resolved never reached a person and is not offered to them. Only a chat is abandoned.
 */
function writtenSlots(db: Database, channel: WrittenChannel, fromMs: number, toMs: number) {
  const chat = channel === "chat" ? 1 : 0;
  return db.all<WrittenSlot>(
    `WITH c AS MATERIALIZED (
       SELECT ${ms("i.started_at")} AS s, ${ms("i.first_response_at")} AS f,
         ${ms("i.ended_at")} AS e,
         CASE WHEN ? THEN ${ms("i.answered_at")} ELSE ${ms("i.first_response_at")} END AS r,
         i.resolved_by_bot AS bot,
         coalesce(q.service_level_s, ?) * 1000 AS t,
         coalesce(q.short_abandon_s, ?) * 1000 AS sa
       FROM interactions i LEFT JOIN queues q ON q.id = i.queue_id
       WHERE i.channel = ? AND i.direction = 'inbound' AND i.started_at >= ? AND i.started_at < ?
     )
     SELECT (s / 900000) * 900000 AS slot_ms,
       sum(bot) AS bot,
       sum(1 - bot) AS offered,
       sum(bot = 0 AND r IS NOT NULL) AS responded,
       sum(bot = 0 AND r IS NOT NULL AND r - s <= t) AS respondedWithin,
       coalesce(sum(CASE WHEN bot = 0 AND r IS NOT NULL THEN r - s END), 0) AS waitMs,
       sum(? AND bot = 0 AND r IS NULL AND e IS NOT NULL) AS abandoned,
       sum(? AND bot = 0 AND r IS NULL AND e IS NOT NULL AND e - s < sa) AS shortAbandoned,
       coalesce(sum(CASE WHEN ? AND bot = 0 AND r IS NOT NULL AND e IS NOT NULL THEN e - r END), 0)
         AS handleMs,
       sum(? AND bot = 0 AND r IS NOT NULL AND e IS NOT NULL) AS handleCount,
       coalesce(sum(CASE WHEN bot = 0 AND f IS NOT NULL THEN f - s END), 0) AS responseMs,
       sum(bot = 0 AND f IS NOT NULL) AS responseCount
     FROM c GROUP BY slot_ms ORDER BY slot_ms`,
    chat,
    DEFAULT_RESPONSE_TARGET_S[channel],
    DEFAULT_SHORT_ABANDON_S,
    channel,
    isoTime(fromMs),
    isoTime(toMs),
    chat,
    chat,
    chat,
    chat,
  );
}

function emptyWritten(): WrittenCounts {
  return {
    offered: 0,
    responded: 0,
    respondedWithin: 0,
    abandoned: 0,
    shortAbandoned: 0,
    waitMs: 0,
    handleMs: 0,
    handleCount: 0,
    responseMs: 0,
    responseCount: 0,
    bot: 0,
  };
}

function addWritten(into: WrittenCounts, slot: WrittenCounts): void {
  for (const key of Object.keys(into) as (keyof WrittenCounts)[]) into[key] += slot[key];
}

function writtenFigures(channel: WrittenChannel, c: WrittenCounts): ChannelFigures {
  const chat = channel === "chat";
  return {
    offered: c.offered,
    handled: c.responded,
    abandoned: chat ? c.abandoned : null,
    service_level: percent(c.respondedWithin, c.offered - c.shortAbandoned),
    abandon_rate: chat
      ? percent(c.abandoned - c.shortAbandoned, c.offered - c.shortAbandoned)
      : null,
    asa_s: chat ? averageSeconds(c.waitMs, c.responded) : null,
    aht_s: chat ? averageSeconds(c.handleMs, c.handleCount) : null,
    first_response_s: averageSeconds(c.responseMs, c.responseCount),
    bot_resolved: chat ? c.bot : null,
    bot_resolved_share: chat ? percent(c.bot, c.offered + c.bot) : null,
  };
}

function bucketOf(starts: number[], ms: number, to: number): number {
  if (ms < starts[0] || ms >= to) return -1;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= ms) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
