import { z } from "zod";
import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import { parse } from "./customers.ts";
import { CrmValidationError, NotFoundError, unknownReferences } from "./errors.ts";
import { TIMELINE_SELECT, type TimelineEntry } from "./lookup.ts";

export const CHANNELS = ["call", "voicemail", "callback", "chat", "email", "sms"] as const;
export type Channel = typeof CHANNELS[number];

const when = z.iso.datetime({ offset: true });

export const NewInteractionSchema = z.object({
  customer_id: z.number().int().positive().nullable().optional(),
  channel: z.enum(CHANNELS),
  direction: z.enum(["inbound", "outbound"]),
  call_id: z.string().min(1).max(100).nullable().optional(),
  queue_id: z.number().int().positive().nullable().optional(),
  agent_id: z.number().int().positive().nullable().optional(),
  case_id: z.number().int().positive().nullable().optional(),
  /** A disposition by id or by code (`resolved`). */
  disposition_id: z.number().int().positive().nullable().optional(),
  disposition: z.string().min(1).max(40).optional(),
  /** What the contact was about; FCR counts repeats per customer and category. */
  category: z.string().trim().min(1).max(60).nullable().optional(),
  recording_id: z.number().int().positive().nullable().optional(),
  notes: z.string().max(20_000).optional(),
  started_at: when.optional(),
  answered_at: when.nullable().optional(),
  ended_at: when.nullable().optional(),
  /** When a person first answered in writing (chat, e-mail, SMS); reports' first response time. */
  first_response_at: when.nullable().optional(),
  /** A chat the bot closed without handing it to a person (decision 038). */
  resolved_by_bot: z.boolean().optional(),
}).strict();
export type NewInteraction = z.infer<typeof NewInteractionSchema>;

/** The wrap-up: what an agent records once the contact is over. */
export const InteractionUpdateSchema = NewInteractionSchema.pick({
  customer_id: true,
  case_id: true,
  disposition_id: true,
  disposition: true,
  category: true,
  recording_id: true,
  notes: true,
  answered_at: true,
  ended_at: true,
  first_response_at: true,
  resolved_by_bot: true,
}).strict();
export type InteractionUpdate = z.infer<typeof InteractionUpdateSchema>;

/** One row per contact on any channel, and each customer's timeline built from them. */
export class InteractionLog {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  get(id: number): TimelineEntry & { customer_id: number | null } | undefined {
    return this.db.get(
      `${TIMELINE_SELECT.replace("SELECT i.id,", "SELECT i.id, i.customer_id,")} WHERE i.id = ?`,
      id,
    );
  }

  record(input: NewInteraction): TimelineEntry & { customer_id: number | null } {
    const data = parse(NewInteractionSchema, input);
    return this.db.transaction(() => {
      this.#assertReferences(data);
      const dispositionId = this.#disposition(data.disposition_id, data.disposition, data.queue_id);
      const category = data.category ?? this.#caseCategory(data.case_id ?? null);
      const id = this.db.run(
        `INSERT INTO interactions (customer_id, channel, direction, call_id, queue_id, agent_id,
           case_id, disposition_id, category, recording_id, notes, started_at, answered_at, ended_at,
           first_response_at, resolved_by_bot)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        data.customer_id ?? null,
        data.channel,
        data.direction,
        data.call_id ?? null,
        data.queue_id ?? null,
        data.agent_id ?? null,
        data.case_id ?? null,
        dispositionId,
        category,
        data.recording_id ?? null,
        data.notes ?? "",
        toIso(data.started_at) ?? isoTime(this.clock.now()),
        toIso(data.answered_at),
        toIso(data.ended_at),
        toIso(data.first_response_at),
        data.resolved_by_bot ? 1 : 0,
      ).lastInsertRowid;
      this.#afterContact(data.customer_id ?? null, data.agent_id ?? null, data.case_id ?? null);
      return this.get(id)!;
    });
  }

  update(id: number, change: InteractionUpdate) {
    const data = parse(InteractionUpdateSchema, change);
    return this.db.transaction(() => {
      const current = this.db.get<{ queue_id: number | null; agent_id: number | null }>(
        "SELECT queue_id, agent_id FROM interactions WHERE id = ?",
        id,
      );
      if (!current) throw new NotFoundError(`Interaction ${id}`);
      this.#assertReferences(data);
      const set: [string, string | number | null][] = [];
      if (data.disposition_id !== undefined || data.disposition !== undefined) {
        set.push([
          "disposition_id",
          this.#disposition(data.disposition_id, data.disposition, current.queue_id),
        ]);
      }
      if (data.case_id !== undefined) {
        set.push(["case_id", data.case_id]);
        if (data.category === undefined && data.case_id !== null) {
          set.push(["category", this.#caseCategory(data.case_id)]);
        }
      }
      for (const key of ["customer_id", "category", "recording_id", "notes"] as const) {
        if (data[key] !== undefined) set.push([key, data[key]]);
      }
      for (const key of ["answered_at", "ended_at", "first_response_at"] as const) {
        if (data[key] !== undefined) set.push([key, toIso(data[key])]);
      }
      if (data.resolved_by_bot !== undefined) {
        set.push(["resolved_by_bot", data.resolved_by_bot ? 1 : 0]);
      }
      if (set.length > 0) {
        this.db.run(
          `UPDATE interactions SET ${set.map(([k]) => `${k} = ?`).join(", ")} WHERE id = ?`,
          ...set.map(([, v]) => v),
          id,
        );
      }
      const updated = this.get(id)!;
      this.#afterContact(updated.customer_id, current.agent_id, updated.case_id);
      return updated;
    });
  }

  /**
   * A person's first written answer on a case (an e-mail reply): the case's inbound
   * contacts on that channel still without one are answered now, by this agent unless
   * one is already named. Returns how many contacts it answered.
   */
  firstResponse(input: { channel: Channel; caseId: number; agentId: number | null }): number {
    const now = isoTime(this.clock.now());
    return this.db.run(
      `UPDATE interactions SET first_response_at = ?, answered_at = coalesce(answered_at, ?),
         agent_id = coalesce(agent_id, ?)
       WHERE case_id = ? AND channel = ? AND direction = 'inbound' AND first_response_at IS NULL`,
      now,
      now,
      input.agentId,
      input.caseId,
      input.channel,
    ).changes;
  }

  /**
   * A queue's inbound contacts on a channel that reached a person's queue (not resolved
   * by a bot) and started at or after `since`, with the times their service level is
   * measured by: for the channels' live tiles on the wallboard.
   */
  queueContactsSince(input: { channel: Channel; queueId: number; since: number }): {
    started_at: string;
    answered_at: string | null;
    first_response_at: string | null;
    ended_at: string | null;
  }[] {
    return this.db.all(
      `SELECT started_at, answered_at, first_response_at, ended_at FROM interactions
       WHERE channel = ? AND queue_id = ? AND direction = 'inbound' AND resolved_by_bot = 0
         AND started_at >= ?
       ORDER BY started_at`,
      input.channel,
      input.queueId,
      isoTime(input.since),
    );
  }

  /** A customer's contacts, newest first; `before` pages back by start time. */
  timeline(customerId: number, options: { before?: string; limit?: number } = {}) {
    return this.db.all<TimelineEntry>(
      `${TIMELINE_SELECT} WHERE i.customer_id = ? AND (? IS NULL OR i.started_at < ?)
       ORDER BY i.started_at DESC, i.id DESC LIMIT ?`,
      customerId,
      options.before ?? null,
      options.before ?? null,
      Math.min(Math.max(options.limit ?? 50, 1), 500),
    );
  }

  #disposition(id: number | null | undefined, code: string | undefined, queueId?: number | null) {
    if (id === undefined && code === undefined) return null;
    if (id === null) return null;
    const row = id !== undefined
      ? this.db.get<{ id: number; code: string }>(
        "SELECT id, code FROM dispositions WHERE id = ?",
        id,
      )
      : this.db.get<{ id: number; code: string }>(
        "SELECT id, code FROM dispositions WHERE code = ?",
        code!,
      );
    if (!row) {
      throw new CrmValidationError(`Unknown disposition ${id ?? code}`, [
        {
          path: id !== undefined ? "disposition_id" : "disposition",
          message: "unknown",
          code: "unknown_disposition",
        },
      ]);
    }
    if (queueId) {
      const scoped = this.db.get<{ n: number }>(
        "SELECT count(*) AS n FROM queue_dispositions WHERE queue_id = ?",
        queueId,
      )!.n;
      const allowed = this.db.get(
        "SELECT 1 AS x FROM queue_dispositions WHERE queue_id = ? AND disposition_id = ?",
        queueId,
        row.id,
      );
      if (scoped > 0 && !allowed) {
        throw new CrmValidationError(
          `Disposition ${row.code} is not used by queue ${queueId}; pick one of that queue's codes`,
          [{ path: "disposition", message: "not allowed for this queue", code: "not_for_queue" }],
        );
      }
    }
    return row.id;
  }

  /**
   * The customer, queue, agent, recording and call a contact names must be there: each one
   * that is not is refused at its field, with a code the UI words in the user's language,
   * before anything is written. (An unknown case is a 404 and a disposition has its own
   * check.)
   */
  #assertReferences(data: {
    customer_id?: number | null;
    queue_id?: number | null;
    agent_id?: number | null;
    recording_id?: number | null;
    call_id?: string | null;
  }) {
    const references = [
      ["customer_id", "customer", "customers", data.customer_id],
      ["queue_id", "queue", "queues", data.queue_id],
      ["agent_id", "agent", "users", data.agent_id],
      ["recording_id", "recording", "recordings", data.recording_id],
      ["call_id", "call", "calls", data.call_id],
    ] as const;
    const missing = references
      .filter(([, , table, id]) =>
        id !== undefined && id !== null &&
        !this.db.get(`SELECT 1 AS x FROM ${table} WHERE id = ?`, id)
      )
      .map(([path, what, , id]) => ({ path, what, id: id! }));
    if (missing.length > 0) throw unknownReferences(missing);
  }

  #caseCategory(caseId: number | null): string | null {
    if (caseId === null) return null;
    const row = this.db.get<{ category: string }>(
      "SELECT category FROM cases WHERE id = ?",
      caseId,
    );
    if (!row) throw new NotFoundError(`Case ${caseId}`);
    return row.category;
  }

  #afterContact(customerId: number | null, agentId: number | null, caseId: number | null) {
    const now = isoTime(this.clock.now());
    if (customerId !== null && agentId !== null) {
      // The screen pop's "last agent" and the ACD's last-agent routing read this column.
      this.db.run(
        "UPDATE customers SET last_agent_id = ?, updated_at = ? WHERE id = ?",
        agentId,
        now,
        customerId,
      );
    }
    if (caseId !== null) this.db.run("UPDATE cases SET updated_at = ? WHERE id = ?", now, caseId);
  }
}

function toIso(value: string | null | undefined): string | null {
  return value ? new Date(value).toISOString() : null;
}
