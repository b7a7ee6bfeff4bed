import { z } from "zod";
import type { Database } from "../db/mod.ts";
import { CASE_PRIORITIES, type CasePriority } from "./case_workflow.ts";

export const SlaRuleSchema = z.object({
  category: z.string().trim().min(1).max(60),
  priority: z.enum(CASE_PRIORITIES),
  resolve_within_min: z.number().int().min(1).max(525_600),
  /** How long before the due time the owner and their lead are warned (0: no warning). */
  warn_before_min: z.number().int().min(0).max(525_600).default(0),
});
export type SlaRule = z.infer<typeof SlaRuleSchema>;

/**
 * How long a case may take to resolve, per category and priority. A rule for the
 * category beats the catch-all `*`; with neither, the case has no due time.
 */
export class SlaRules {
  constructor(private readonly db: Database) {}

  list(): SlaRule[] {
    return this.db.all<SlaRule>(
      "SELECT category, priority, resolve_within_min, warn_before_min FROM sla_rules ORDER BY category, priority",
    );
  }

  /** Replaces every rule at once, so an admin's table is saved as a whole or not at all. */
  replace(rules: z.input<typeof SlaRuleSchema>[]): SlaRule[] {
    const parsed = z.array(SlaRuleSchema).parse(rules);
    this.db.transaction(() => {
      this.db.run("DELETE FROM sla_rules");
      for (const rule of parsed) {
        this.db.run(
          `INSERT INTO sla_rules (category, priority, resolve_within_min, warn_before_min)
           VALUES (?, ?, ?, ?)`,
          rule.category,
          rule.priority,
          rule.resolve_within_min,
          rule.warn_before_min,
        );
      }
    });
    return this.list();
  }

  /** The due time in ms for a case opened at `openedMs`, or null without a rule. */
  dueAt(category: string, priority: CasePriority, openedMs: number): number | null {
    const rule = this.db.get<{ resolve_within_min: number }>(
      `SELECT resolve_within_min FROM sla_rules WHERE priority = ? AND category IN (?, '*')
       ORDER BY category = '*' LIMIT 1`,
      priority,
      category,
    );
    return rule ? openedMs + rule.resolve_within_min * 60_000 : null;
  }

  /** The warning time in ms before the due time for a category and priority (0: none). */
  warnBeforeMs(category: string, priority: string): number {
    const rule = this.db.get<{ warn_before_min: number }>(
      `SELECT warn_before_min FROM sla_rules WHERE priority = ? AND category IN (?, '*')
       ORDER BY category = '*' LIMIT 1`,
      priority,
      category,
    );
    return (rule?.warn_before_min ?? 0) * 60_000;
  }
}
