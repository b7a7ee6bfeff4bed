import { z } from "zod";
import type { Clock } from "../clock/mod.ts";
import { assertFresh, type Database, isoTime } from "../db/mod.ts";
import {
  CASE_STATUSES,
  type CasePriority,
  type CaseStatus,
  OPEN_STATUSES,
  transition,
} from "./case_workflow.ts";
import {
  type Case,
  type CaseChange,
  type CaseNote,
  type CaseUpdate,
  CaseUpdateSchema,
  type NewCase,
  NewCaseSchema,
} from "./case_record.ts";
import { parse } from "./customers.ts";
import { CrmValidationError, NotFoundError, unknownReferences } from "./errors.ts";
import type { SlaRules } from "./sla.ts";

const TRACKED = [
  "subject",
  "description",
  "category",
  "priority",
  "tier",
  "assignee_id",
  "due_at",
] as const;

/** Cases with their notes and a history row for every change of every field. */
export class CaseRepository {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly sla: SlaRules,
  ) {}

  get(id: number): Case | undefined {
    return this.db.get<Case>("SELECT * FROM cases WHERE id = ?", id);
  }

  require(id: number): Case {
    const found = this.get(id);
    if (!found) throw new NotFoundError(`Case ${id}`);
    return found;
  }

  list(filter: {
    customerId?: number;
    assigneeId?: number;
    status?: CaseStatus;
    open?: boolean;
    limit?: number;
  } = {}): Case[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.customerId !== undefined) {
      where.push("customer_id = ?"), params.push(filter.customerId);
    }
    if (filter.assigneeId !== undefined) {
      where.push("assignee_id = ?"), params.push(filter.assigneeId);
    }
    if (filter.status !== undefined) where.push("status = ?"), params.push(filter.status);
    if (filter.open) where.push(`status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(",")})`);
    return this.db.all<Case>(
      `SELECT * FROM cases ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY updated_at DESC, id DESC LIMIT ?`,
      ...params,
      Math.min(filter.limit ?? 100, 1000),
    );
  }

  create(input: NewCase, actorId: number | null): Case {
    const data = parse(NewCaseSchema, input);
    const nowMs = this.clock.now();
    const now = isoTime(nowMs);
    const category = data.category ?? "general";
    const priority = data.priority ?? "normal";
    const due = this.sla.dueAt(category, priority, nowMs);
    return this.db.transaction(() => {
      if (!this.db.get("SELECT 1 AS x FROM customers WHERE id = ?", data.customer_id)) {
        throw new NotFoundError(`Customer ${data.customer_id}`);
      }
      this.#assertUser(data.assignee_id ?? null);
      const id = this.db.run(
        `INSERT INTO cases (customer_id, subject, description, category, priority, status, tier,
           assignee_id, due_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'new', 1, ?, ?, ?, ?)`,
        data.customer_id,
        data.subject,
        data.description ?? "",
        category,
        priority,
        data.assignee_id ?? null,
        due === null ? null : isoTime(due),
        now,
        now,
      ).lastInsertRowid;
      this.#history(id, actorId, "status", null, "new");
      return this.get(id)!;
    });
  }

  /**
   * Changes fields of a case; `expectedVersion` (the version the editor read) refuses a
   * save made from a stale copy with a StaleEditError naming who changed it.
   */
  update(id: number, change: CaseUpdate, actorId: number | null, expectedVersion?: number): Case {
    const data = parse(CaseUpdateSchema, change);
    return this.db.transaction(() => {
      const current = this.require(id);
      this.#assertFresh(current, expectedVersion);
      if (data.assignee_id !== undefined) this.#assertUser(data.assignee_id);
      const next: Record<string, string | number | null> = { ...current };
      for (const key of TRACKED) if (data[key] !== undefined) next[key] = data[key];
      const slaChanged = next.category !== current.category || next.priority !== current.priority;
      if (slaChanged && data.due_at === undefined) {
        // The SLA runs from when the case was opened, not from the change.
        const due = this.sla.dueAt(
          String(next.category),
          next.priority as CasePriority,
          Date.parse(current.created_at),
        );
        next.due_at = due === null ? null : isoTime(due);
      }
      this.#save(current, next, actorId);
      return this.get(id)!;
    });
  }

  /** Moves a case through the workflow; an illegal move throws and changes nothing. */
  transition(
    id: number,
    to: CaseStatus,
    actorId: number | null,
    note?: string,
    expectedVersion?: number,
  ): Case {
    if (!CASE_STATUSES.includes(to)) {
      throw new CrmValidationError(`Unknown case status ${to}`, [{
        path: "to",
        message: "unknown status",
        code: "invalid_value",
      }]);
    }
    return this.db.transaction(() => {
      const current = this.require(id);
      this.#assertFresh(current, expectedVersion);
      transition(current.status, to);
      const nowMs = this.clock.now();
      const now = isoTime(nowMs);
      const next: Record<string, string | number | null> = { ...current, status: to };
      if (to === "resolved") next.resolved_at = now;
      if (to === "reopened") next.resolved_at = null;
      if (to === "escalated") next.escalated_at = now;
      if (current.status === "pending_customer" && current.due_at) {
        next.due_at = this.#dueAfterWaiting(current, nowMs);
      }
      this.#save(current, next, actorId);
      if (note?.trim()) this.addNote(id, note.trim(), actorId);
      return this.get(id)!;
    });
  }

  /**
   * Hands a case to tier 2 with a note saying what tier 1 did and what is still needed,
   * to a team (which must have someone in it) and/or a person. Attachments stay on the
   * case, so tier 2 sees them with the note.
   */
  escalate(
    id: number,
    handover: {
      note: string;
      assigneeId?: number | null;
      teamId?: number | null;
      expectedVersion?: number;
    },
    actorId: number | null,
  ): Case {
    const note = handover.note?.trim();
    if (!note) {
      throw new CrmValidationError("An escalation needs a handover note for tier 2", [
        { path: "note", message: "required", code: "required" },
      ]);
    }
    return this.db.transaction(() => {
      if (handover.teamId !== undefined && handover.teamId !== null) {
        this.#assertStaffedTeam(handover.teamId);
      }
      this.transition(id, "escalated", actorId, undefined, handover.expectedVersion);
      const change: CaseUpdate = { tier: 2 };
      if (handover.assigneeId !== undefined) change.assignee_id = handover.assigneeId;
      this.update(id, change, actorId);
      if (handover.teamId !== undefined) this.#setTeam(id, handover.teamId, actorId);
      this.addNote(id, `Handover to tier 2: ${note}`, actorId);
      return this.get(id)!;
    });
  }

  /**
   * Tier 2 sends a case back to tier 1 resolved, with a note saying what was done: the
   * case returns to whoever escalated it, and the note is on the customer's timeline.
   */
  sendBack(
    id: number,
    back: { note: string; expectedVersion?: number },
    actorId: number | null,
  ): Case {
    const note = back.note?.trim();
    if (!note) {
      throw new CrmValidationError("Sending a case back needs a resolution note for tier 1", [
        { path: "note", message: "required", code: "required" },
      ]);
    }
    return this.db.transaction(() => {
      const current = this.require(id);
      if (current.tier < 2) {
        throw new CrmValidationError(`Case ${id} is not with tier 2`, [
          { path: "tier", message: "not escalated", code: "not_escalated" },
        ]);
      }
      this.transition(id, "resolved", actorId, undefined, back.expectedVersion);
      const escalator = this.db.get<{ actor_id: number | null }>(
        `SELECT actor_id FROM case_history WHERE case_id = ? AND field = 'status'
           AND new_value = 'escalated' ORDER BY id DESC LIMIT 1`,
        id,
      )?.actor_id ?? null;
      const change: CaseUpdate = { tier: 1 };
      if (escalator !== null) change.assignee_id = escalator;
      this.update(id, change, actorId);
      this.addNote(id, `Resolution from tier 2: ${note}`, actorId);
      return this.get(id)!;
    });
  }

  addNote(id: number, body: string, actorId: number | null): CaseNote {
    const text = z.string().trim().min(1, "a note needs text").max(20_000).safeParse(body);
    if (!text.success) {
      const empty = body.trim() === "";
      throw new CrmValidationError("A note needs text (at most 20,000 characters)", [{
        path: "body",
        message: text.error.issues[0].message,
        ...(empty ? { code: "required" } : { code: "too_big", maximum: 20_000 }),
      }]);
    }
    return this.db.transaction(() => {
      this.require(id);
      const now = isoTime(this.clock.now());
      const noteId = this.db.run(
        "INSERT INTO case_notes (case_id, author_id, body, created_at) VALUES (?, ?, ?, ?)",
        id,
        actorId,
        text.data,
        now,
      ).lastInsertRowid;
      this.db.run("UPDATE cases SET updated_at = ? WHERE id = ?", now, id);
      return this.notes(id).find((n) => n.id === noteId)!;
    });
  }

  notes(id: number): CaseNote[] {
    return this.db.all<CaseNote>(
      `SELECT n.id, n.author_id, u.display_name AS author, n.body, n.created_at
       FROM case_notes n LEFT JOIN users u ON u.id = n.author_id WHERE n.case_id = ? ORDER BY n.id`,
      id,
    );
  }

  /** Notes on every case of a customer, newest first, for the customer's timeline. */
  customerNotes(
    customerId: number,
    limit = 100,
  ): (CaseNote & { case_id: number; subject: string })[] {
    return this.db.all<CaseNote & { case_id: number; subject: string }>(
      `SELECT n.id, n.case_id, c.subject, n.author_id, u.display_name AS author, n.body,
         n.created_at
       FROM cases c JOIN case_notes n ON n.case_id = c.id LEFT JOIN users u ON u.id = n.author_id
       WHERE c.customer_id = ? ORDER BY n.created_at DESC, n.id DESC LIMIT ?`,
      customerId,
      limit,
    );
  }

  history(id: number): CaseChange[] {
    return this.db.all<CaseChange>(
      "SELECT id, at, actor_id, field, old_value, new_value FROM case_history WHERE case_id = ? ORDER BY id",
      id,
    );
  }

  /**
   * Folds a duplicate case into `targetId`: its notes, attachments, contacts and
   * follow-ups move over and it is closed pointing at the case that carries on.
   */
  merge(targetId: number, duplicateId: number, actorId: number | null): Case {
    if (targetId === duplicateId) {
      throw new CrmValidationError("A case cannot be merged into itself");
    }
    return this.db.transaction(() => {
      const target = this.require(targetId);
      const duplicate = this.require(duplicateId);
      if (target.customer_id !== duplicate.customer_id) {
        throw new CrmValidationError("Only cases of the same customer can be merged");
      }
      for (const table of ["case_notes", "case_attachments"]) {
        this.db.run(`UPDATE ${table} SET case_id = ? WHERE case_id = ?`, targetId, duplicateId);
      }
      for (const table of ["interactions", "follow_ups"]) {
        this.db.run(`UPDATE ${table} SET case_id = ? WHERE case_id = ?`, targetId, duplicateId);
      }
      const next = { ...duplicate, status: "closed", merged_into: targetId };
      this.#save(duplicate, next, actorId);
      this.addNote(
        targetId,
        `Case ${duplicateId} ("${duplicate.subject}") merged into this one`,
        actorId,
      );
      return this.get(targetId)!;
    });
  }

  #save(current: Case, next: Record<string, string | number | null>, actorId: number | null) {
    const fields = [...TRACKED, "status", "escalated_at", "resolved_at", "merged_into"] as const;
    const changed = fields.filter((f) => (next[f] ?? null) !== (current[f] ?? null));
    if (changed.length === 0) return;
    const now = isoTime(this.clock.now());
    this.db.run(
      `UPDATE cases SET ${changed.map((f) => `${f} = ?`).join(", ")}, version = version + 1${
        // A new due time or a reopened case starts its SLA announcements afresh.
        changed.includes("due_at") || next.status === "reopened"
          ? ", sla_state = 'ok'"
          : ""}, updated_at = ? WHERE id = ?`,
      ...changed.map((f) => next[f] ?? null),
      now,
      current.id,
    );
    for (const field of changed) {
      if (field === "escalated_at" || field === "resolved_at") continue;
      this.#history(current.id, actorId, field, current[field], next[field] ?? null);
    }
  }

  #history(caseId: number, actorId: number | null, field: string, from: unknown, to: unknown) {
    this.db.run(
      `INSERT INTO case_history (case_id, at, actor_id, field, old_value, new_value)
       VALUES (?, ?, ?, ?, ?, ?)`,
      caseId,
      isoTime(this.clock.now()),
      actorId,
      field,
      from === null || from === undefined ? null : String(from),
      to === null || to === undefined ? null : String(to),
    );
  }

  /**
   * The due time of a case leaving the wait on the customer: moved later by the wait
   * where its rule pauses the clock, counted from the last move into the wait.
   */
  #dueAfterWaiting(current: Case, nowMs: number): string | null {
    const paused = this.db.get<{ at: string }>(
      `SELECT at FROM case_history WHERE case_id = ? AND field = 'status'
         AND new_value = 'pending_customer' ORDER BY id DESC LIMIT 1`,
      current.id,
    );
    if (!paused || !current.due_at) return current.due_at;
    const due = this.sla.resumedDue(
      current.category,
      current.priority,
      Date.parse(current.due_at),
      Date.parse(paused.at),
      nowMs,
    );
    return isoTime(due);
  }

  #assertFresh(current: Case, expected?: number) {
    if (expected === undefined) return;
    const last = this.db.get<{ at: string; name: string | null }>(
      `SELECT h.at, u.display_name AS name FROM case_history h
         LEFT JOIN users u ON u.id = h.actor_id WHERE h.case_id = ? ORDER BY h.id DESC LIMIT 1`,
      current.id,
    );
    assertFresh(`Case ${current.id}`, {
      version: current.version,
      updated_at: last?.at ?? current.updated_at,
      updated_by: last?.name ?? null,
    }, expected);
  }

  #setTeam(id: number, teamId: number | null, actorId: number | null) {
    const current = this.require(id);
    if (current.team_id === teamId) return;
    this.db.run(
      "UPDATE cases SET team_id = ?, version = version + 1, updated_at = ? WHERE id = ?",
      teamId,
      isoTime(this.clock.now()),
      id,
    );
    this.#history(id, actorId, "team_id", current.team_id, teamId);
  }

  #assertStaffedTeam(teamId: number) {
    const team = this.db.get<{ name: string; members: number }>(
      `SELECT t.name, (SELECT count(*) FROM users u WHERE u.team_id = t.id AND u.active = 1)
         AS members FROM teams t WHERE t.id = ?`,
      teamId,
    );
    if (!team) throw unknownReferences([{ path: "team_id", what: "team", id: teamId }]);
    if (team.members === 0) {
      throw new CrmValidationError(
        `Team ${team.name} has nobody in it to take the case; ` +
          "choose another team or add people to it first",
        [{ path: "team_id", message: "nobody is in this team", code: "empty_team" }],
      );
    }
  }

  /** A case given to someone who is not there is refused at that field. */
  #assertUser(id: number | null) {
    if (id !== null && !this.db.get("SELECT 1 AS x FROM users WHERE id = ?", id)) {
      throw unknownReferences([{ path: "assignee_id", what: "user", id }]);
    }
  }
}
