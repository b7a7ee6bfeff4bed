import { z } from "zod";
import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import { renderScript, type ScriptContext, unknownVariables } from "../crm/mod.ts";
import { ChatError } from "./chat_error.ts";

/** A canned answer: the center's (owner null) or one agent's own. */
export interface QuickReply {
  id: number;
  owner_id: number | null;
  title: string;
  body: string;
}

export const QuickReplySchema = z.object({
  title: z.string().trim().min(1).max(80),
  /** Text with script variables such as `{{customer.name|there}}`. */
  body: z.string().trim().min(1).max(4000),
  /** `center` for everyone (supervisors and admins), `mine` for the agent alone. */
  scope: z.enum(["center", "mine"]).default("mine"),
}).strict();

/** Quick replies, filled with the same variables and template code as agent scripts. */
export class QuickReplies {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  /** The center's replies, then the agent's own, each by title. */
  list(userId: number): QuickReply[] {
    return this.db.all<QuickReply>(
      `SELECT id, owner_id, title, body FROM quick_replies
       WHERE owner_id IS NULL OR owner_id = ? ORDER BY owner_id IS NOT NULL, title`,
      userId,
    );
  }

  create(input: z.infer<typeof QuickReplySchema>, userId: number): QuickReply {
    const unknown = unknownVariables(input.body);
    if (unknown.length > 0) {
      throw new ChatError(
        "invalid",
        "unknown_variables",
        `Unknown variables: ${unknown.join(", ")}`,
        {
          variables: unknown,
        },
      );
    }
    const now = isoTime(this.clock.now());
    const id = this.db.run(
      `INSERT INTO quick_replies (owner_id, title, body, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?)`,
      input.scope === "center" ? null : userId,
      input.title,
      input.body,
      now,
      now,
    ).lastInsertRowid;
    return {
      id,
      owner_id: input.scope === "center" ? null : userId,
      title: input.title,
      body: input.body,
    };
  }

  /** Removes a reply: one's own, or the center's when `mayManageCenter`. */
  remove(id: number, userId: number, mayManageCenter: boolean): void {
    const row = this.db.get<{ owner_id: number | null }>(
      "SELECT owner_id FROM quick_replies WHERE id = ?",
      id,
    );
    if (!row || (row.owner_id !== null && row.owner_id !== userId)) {
      throw new ChatError("not_found", "not_found", `Quick reply ${id} was not found`);
    }
    if (row.owner_id === null && !mayManageCenter) {
      throw new ChatError("forbidden", "forbidden", "Only supervisors change the center's replies");
    }
    this.db.run("DELETE FROM quick_replies WHERE id = ?", id);
  }

  /** The replies an agent may use, with the variables filled from the customer. */
  rendered(userId: number, context: ScriptContext): (QuickReply & { text: string })[] {
    return this.list(userId).map((r) => ({ ...r, text: renderScript(r.body, context).text }));
  }
}
