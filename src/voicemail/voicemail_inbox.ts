import { z } from "zod";
import type { Clock } from "../clock/mod.ts";
import type { Crm } from "../crm/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import type { EventHub } from "../events/mod.ts";
import type { VoicemailListener } from "../ivr/mod.ts";
import type { Logger } from "../log/mod.ts";
import { type RecordingKeys, sealFile } from "../recordings/mod.ts";

export interface VoicemailInboxOptions {
  db: Database;
  clock: Clock;
  hub: EventHub;
  crm: Crm;
  log: Logger;
  dataDir: string;
  /** Seals each message's audio at rest; without it files stay plain WAV. */
  keys?: RecordingKeys;
  /** False leaves new messages plain although keys are given (benchmarks); true by default. */
  seal?: boolean;
}

/** Something asked of the inbox that cannot be done; `kind` picks the HTTP answer. */
export class VoicemailError extends Error {
  override name = "VoicemailError";
  constructor(
    readonly kind: "not_found" | "forbidden" | "invalid",
    message: string,
    /**
     * What the refusal is about, for clients that word it themselves: the refused field
     * of the change and why (`unknown_user`, `unknown_case`, `self_only`).
     */
    readonly about: { field?: string; code?: string } = {},
  ) {
    super(message);
  }
}

/** Who is asking: agents see their boxes and what is given to them; supervisors see all. */
export interface VoicemailReader {
  userId: number;
  supervisor: boolean;
}

export const VoicemailListQuerySchema = z.object({
  box: z.string().min(1).max(64).optional(),
  status: z.enum(["open", "handled", "all"]).default("open").describe(
    "open: not yet handled (the default); handled; or all",
  ),
  assigned_to: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
}).strict();
export type VoicemailListQuery = z.infer<typeof VoicemailListQuerySchema>;

export const VoicemailChangeSchema = z.object({
  assigned_to: z.number().int().positive().nullable().optional().describe(
    "The agent who deals with it; null gives it back to the box",
  ),
  case_id: z.number().int().positive().nullable().optional().describe("The case it belongs to"),
  handled: z.boolean().optional().describe("true marks it handled; false opens it again"),
}).strict();
export type VoicemailChange = z.infer<typeof VoicemailChangeSchema>;

/** A voicemail as the inbox lists it. */
export interface VoicemailRow {
  id: number;
  call_id: string;
  box: string;
  /** The queue the box belongs to, when it is named after one. */
  queue_id: number | null;
  caller: string;
  customer_id: number | null;
  customer_name: string | null;
  duration_ms: number;
  /** new until someone played it, then heard; archived once handled. */
  status: string;
  has_audio: boolean;
  assigned_to: number | null;
  assigned_name: string | null;
  case_id: number | null;
  case_subject: string | null;
  interaction_id: number | null;
  handled_at: string | null;
  handled_by: number | null;
  created_at: string;
}

const SELECT = `SELECT v.id, v.call_id, v.box, q.id AS queue_id, v.caller, v.customer_id,
    c.name AS customer_name, v.duration_ms, v.status, v.path IS NOT NULL AS has_audio,
    v.assigned_to, u.display_name AS assigned_name, v.case_id, k.subject AS case_subject,
    v.interaction_id, v.handled_at, v.handled_by, v.created_at, v.path
  FROM voicemails v
  LEFT JOIN queues q ON lower(q.name) = lower(v.box)
  LEFT JOIN customers c ON c.id = v.customer_id
  LEFT JOIN users u ON u.id = v.assigned_to
  LEFT JOIN cases k ON k.id = v.case_id`;

type StoredRow = Omit<VoicemailRow, "has_audio"> & { has_audio: number; path: string | null };

/** See the module overview. */
export class VoicemailInbox {
  readonly #o: VoicemailInboxOptions;
  readonly #sealing = new Set<Promise<void>>();

  constructor(options: VoicemailInboxOptions) {
    this.#o = options;
  }

  /** Files a new voicemail: the customer's timeline, then a notice to the box's agents. */
  readonly received: VoicemailListener = (v) => {
    const { db, crm, hub, log, clock } = this.#o;
    const queueId = this.#queueOf(v.box);
    try {
      const contact = crm.interactions.record({
        customer_id: v.customerId,
        channel: "voicemail",
        direction: "inbound",
        call_id: db.get("SELECT 1 FROM calls WHERE id = ?", v.callId) ? v.callId : null,
        queue_id: queueId,
        notes: `Voicemail in box ${v.box}, ${Math.round(v.durationMs / 1000)} s`,
        started_at: isoTime(v.at),
        ended_at: isoTime(clock.now()),
      });
      db.run("UPDATE voicemails SET interaction_id = ? WHERE id = ?", contact.id, v.id);
    } catch (error) {
      log.warn("could not file the voicemail in the CRM", { call_id: v.callId, error });
    }
    hub.publish("voicemail.new", {
      id: v.id,
      box: v.box,
      queue_id: queueId,
      duration_ms: v.durationMs,
      // Who should see the notice; a shared box is everyone's.
      agent_ids: queueId === null ? null : this.#members(queueId),
    });
    log.info("voicemail received", { call_id: v.callId, voicemail_id: v.id, box: v.box });
    if (v.path && this.#o.keys && this.#o.seal !== false) {
      const sealing = this.#seal(v.id, v.callId, v.path, this.#o.keys);
      this.#sealing.add(sealing);
      void sealing.finally(() => this.#sealing.delete(sealing));
    }
  };

  /** Resolves once the messages received so far are sealed (shutdown, tests). */
  async sealed(): Promise<void> {
    await Promise.all([...this.#sealing]);
  }

  /** Seals a message's file and points its row at the sealed one. */
  async #seal(id: number, callId: string, path: string, keys: RecordingKeys): Promise<void> {
    const { dataDir, db, log } = this.#o;
    try {
      await sealFile(`${dataDir}/${path}`, `${dataDir}/${path}.enc`, keys);
      db.run("UPDATE voicemails SET path = ? WHERE id = ?", `${path}.enc`, id);
    } catch (error) {
      log.error("sealing a voicemail failed; it stays unencrypted", {
        call_id: callId,
        voicemail_id: id,
        error,
      });
    }
  }

  /** The boxes a reader sees, with how many messages wait in each. */
  boxes(reader: VoicemailReader): { box: string; queue_id: number | null; open: number }[] {
    const rows = this.#o.db.all<{ box: string; queue_id: number | null; open: number }>(
      `SELECT v.box, q.id AS queue_id, sum(v.handled_at IS NULL) AS open
       FROM voicemails v LEFT JOIN queues q ON lower(q.name) = lower(v.box)
       GROUP BY v.box ORDER BY v.box`,
    ).map((r) => ({ ...r }));
    return rows.filter((r) => this.#mayRead(reader, r.queue_id, null));
  }

  list(reader: VoicemailReader, query: VoicemailListQuery): VoicemailRow[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (query.box) {
      where.push("lower(v.box) = lower(?)");
      args.push(query.box);
    }
    if (query.status === "open") where.push("v.handled_at IS NULL");
    if (query.status === "handled") where.push("v.handled_at IS NOT NULL");
    if (query.assigned_to !== undefined) {
      where.push("v.assigned_to = ?");
      args.push(query.assigned_to);
    }
    if (!reader.supervisor) {
      // Shared boxes, the reader's queues' boxes, and what is given to the reader.
      where.push(`(q.id IS NULL OR v.assigned_to = ? OR EXISTS (
        SELECT 1 FROM queue_members m WHERE m.queue_id = q.id AND m.user_id = ?))`);
      args.push(reader.userId, reader.userId);
    }
    const rows = this.#o.db.all<StoredRow>(
      `${SELECT} ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY v.created_at DESC, v.id DESC LIMIT ?`,
      ...args,
      query.limit,
    );
    return rows.map(toRow);
  }

  get(reader: VoicemailReader, id: number): VoicemailRow {
    return toRow(this.#readable(reader, id));
  }

  /** The message's audio file (absolute path), marking it heard; undefined when none was kept. */
  audioFile(reader: VoicemailReader, id: number): string | undefined {
    const row = this.#readable(reader, id);
    if (!row.path) return undefined;
    if (row.status === "new") {
      this.#o.db.run("UPDATE voicemails SET status = 'heard' WHERE id = ?", id);
    }
    return `${this.#o.dataDir}/${row.path}`;
  }

  /** Gives the message to someone, links it to a case, marks it handled (or open again). */
  change(reader: VoicemailReader, id: number, change: VoicemailChange): VoicemailRow {
    const row = this.#readable(reader, id);
    const { db, crm, clock } = this.#o;
    db.transaction(() => {
      if (change.assigned_to !== undefined) {
        if (
          change.assigned_to !== null && !db.get(
            "SELECT 1 FROM users WHERE id = ? AND active = 1",
            change.assigned_to,
          )
        ) {
          throw new VoicemailError(
            "invalid",
            `User ${change.assigned_to} does not exist or is deactivated; choose someone else`,
            { field: "assigned_to", code: "unknown_user" },
          );
        }
        if (
          !reader.supervisor && change.assigned_to !== null && change.assigned_to !== reader.userId
        ) {
          throw new VoicemailError(
            "forbidden",
            "Agents take voicemails for themselves only",
            { field: "assigned_to", code: "self_only" },
          );
        }
        db.run("UPDATE voicemails SET assigned_to = ? WHERE id = ?", change.assigned_to, id);
      }
      if (change.case_id !== undefined) {
        if (change.case_id !== null && !crm.cases.get(change.case_id)) {
          throw new VoicemailError(
            "invalid",
            `Case ${change.case_id} does not exist; link the voicemail to another case`,
            { field: "case_id", code: "unknown_case" },
          );
        }
        db.run("UPDATE voicemails SET case_id = ? WHERE id = ?", change.case_id, id);
        if (row.interaction_id !== null) {
          crm.interactions.update(row.interaction_id, { case_id: change.case_id });
        }
      }
      if (change.handled === true && row.handled_at === null) {
        db.run(
          "UPDATE voicemails SET handled_at = ?, handled_by = ?, status = 'archived' WHERE id = ?",
          isoTime(clock.now()),
          reader.userId,
          id,
        );
      }
      if (change.handled === false && row.handled_at !== null) {
        db.run(
          "UPDATE voicemails SET handled_at = NULL, handled_by = NULL, status = 'heard' WHERE id = ?",
          id,
        );
      }
    });
    this.#o.hub.publish("voicemail.changed", { id, box: row.box });
    return this.get(reader, id);
  }

  #readable(reader: VoicemailReader, id: number): StoredRow {
    const row = this.#o.db.get<StoredRow>(`${SELECT} WHERE v.id = ?`, id);
    if (!row) throw new VoicemailError("not_found", `Voicemail ${id}`);
    if (!this.#mayRead(reader, row.queue_id, row.assigned_to)) {
      throw new VoicemailError("forbidden", "This voicemail is in a box of another queue");
    }
    return row;
  }

  #mayRead(reader: VoicemailReader, queueId: number | null, assignedTo: number | null): boolean {
    if (reader.supervisor || queueId === null || assignedTo === reader.userId) return true;
    return this.#members(queueId).includes(reader.userId);
  }

  #queueOf(box: string): number | null {
    return this.#o.db.get<{ id: number }>(
      "SELECT id FROM queues WHERE lower(name) = lower(?)",
      box,
    )?.id ?? null;
  }

  #members(queueId: number): number[] {
    return this.#o.db.all<{ user_id: number }>(
      "SELECT user_id FROM queue_members WHERE queue_id = ? ORDER BY user_id",
      queueId,
    ).map((r) => r.user_id);
  }
}

function toRow(row: StoredRow): VoicemailRow {
  const { path: _path, ...rest } = row;
  return { ...rest, has_audio: row.has_audio === 1 };
}
