import { type Database, isoTime } from "../db/mod.ts";
import { ManagerInputError } from "./manager_input_error.ts";

export type BlockKind = "shift" | "break";

/** A stretch of planned work (a shift) or a break inside one. */
export interface ScheduleBlock {
  id: number;
  userId: number;
  kind: BlockKind;
  startsMs: number;
  endsMs: number;
}

const LONGEST_BLOCK_HOURS = 16;
const LONGEST_BLOCK_MS = LONGEST_BLOCK_HOURS * 3600_000;

/**
 * Agents' shifts and breaks, as managers plan them; adherence and attendance in reports
 * are measured against them, and agents read their own.
 */
export class ScheduleStore {
  constructor(private readonly db: Database) {}

  /** Plans a shift, or a break inside one of the agent's shifts; returns it. */
  add(block: Omit<ScheduleBlock, "id">): ScheduleBlock {
    const { userId, kind, startsMs, endsMs } = block;
    if (!(endsMs > startsMs)) {
      throw new ManagerInputError("A block must end after it starts; set a later end", {
        field: "ends_at",
        code: "ends_before_start",
      });
    }
    if (endsMs - startsMs > LONGEST_BLOCK_MS) {
      throw new ManagerInputError(
        `A block may last at most ${LONGEST_BLOCK_HOURS} hours; split it in two`,
        { field: "ends_at", code: "block_too_long", maximum: LONGEST_BLOCK_HOURS },
      );
    }
    const user = this.db.get<{ active: number }>("SELECT active FROM users WHERE id = ?", userId);
    if (!user) {
      throw new ManagerInputError(`There is no user ${userId}; choose another`, {
        field: "user_id",
        code: "unknown_user",
      });
    }
    // A deactivated account cannot sign in, so a shift of theirs could only count as absence.
    if (!user.active) {
      throw new ManagerInputError(`User ${userId} is deactivated; choose another`, {
        field: "user_id",
        code: "unknown_user",
      });
    }
    const overlapping = this.db.all<{ kind: string; starts_at: string; ends_at: string }>(
      "SELECT kind, starts_at, ends_at FROM schedule_blocks WHERE user_id = ? AND starts_at < ? AND ends_at > ?",
      userId,
      isoTime(endsMs),
      isoTime(startsMs),
    );
    if (kind === "shift" && overlapping.some((b) => b.kind === "shift")) {
      throw new ManagerInputError(
        "The shift overlaps another shift of the agent; move or remove that shift first",
        { field: "starts_at", code: "overlaps_shift" },
      );
    }
    if (kind === "break") {
      const inside = overlapping.some((b) =>
        b.kind === "shift" && Date.parse(b.starts_at) <= startsMs && Date.parse(b.ends_at) >= endsMs
      );
      if (!inside) {
        throw new ManagerInputError(
          "A break must lie inside one of the agent's shifts; plan the shift first",
          { field: "starts_at", code: "break_outside_shift" },
        );
      }
      // Two breaks at once would count the same minutes of break time twice in adherence.
      if (overlapping.some((b) => b.kind === "break")) {
        throw new ManagerInputError(
          "The break overlaps another break of the agent; move or remove that break first",
          { field: "starts_at", code: "overlaps_break" },
        );
      }
    }
    const id = Number(
      this.db.run(
        "INSERT INTO schedule_blocks (user_id, kind, starts_at, ends_at) VALUES (?, ?, ?, ?)",
        userId,
        kind,
        isoTime(startsMs),
        isoTime(endsMs),
      ).lastInsertRowid,
    );
    return { id, userId, kind, startsMs, endsMs };
  }

  /** Blocks that overlap `[fromMs, toMs)`, of one agent or all, in time order. */
  list(fromMs: number, toMs: number, userId?: number): ScheduleBlock[] {
    return this.db.all<
      { id: number; user_id: number; kind: BlockKind; starts_at: string; ends_at: string }
    >(
      `SELECT id, user_id, kind, starts_at, ends_at FROM schedule_blocks
       WHERE starts_at < ? AND ends_at > ?${userId === undefined ? "" : " AND user_id = ?"}
       ORDER BY starts_at, user_id, kind DESC`,
      isoTime(toMs),
      isoTime(fromMs),
      ...(userId === undefined ? [] : [userId]),
    ).map((r) => ({
      id: r.id,
      userId: r.user_id,
      kind: r.kind,
      startsMs: Date.parse(r.starts_at),
      endsMs: Date.parse(r.ends_at),
    }));
  }

  /** Removes a block (a shift takes its breaks with it); false when there was none. */
  remove(id: number): boolean {
    const block = this.db.get<
      { user_id: number; kind: string; starts_at: string; ends_at: string }
    >(
      "SELECT user_id, kind, starts_at, ends_at FROM schedule_blocks WHERE id = ?",
      id,
    );
    if (!block) return false;
    this.db.transaction(() => {
      if (block.kind === "shift") {
        this.db.run(
          "DELETE FROM schedule_blocks WHERE user_id = ? AND kind = 'break' AND starts_at >= ? AND ends_at <= ?",
          block.user_id,
          block.starts_at,
          block.ends_at,
        );
      }
      this.db.run("DELETE FROM schedule_blocks WHERE id = ?", id);
    });
    return true;
  }
}
