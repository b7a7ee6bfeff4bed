import { z } from "zod";
import type { Clock } from "../clock/mod.ts";
import { type Database, Settings } from "../db/mod.ts";
import { BusinessClock, type BusinessHours } from "./business_clock.ts";
import { CASE_PRIORITIES, type CasePriority } from "./case_workflow.ts";

export const SLA_CLOCKS = ["calendar", "business"] as const;
export type SlaClock = typeof SLA_CLOCKS[number];

export const SlaRuleSchema = z.object({
  category: z.string().trim().min(1).max(60),
  priority: z.enum(CASE_PRIORITIES),
  resolve_within_min: z.number().int().min(1).max(525_600),
  /** How long before the due time the owner and their lead are warned (0: no warning). */
  warn_before_min: z.number().int().min(0).max(525_600).default(0),
  /** Calendar time counts every minute; business time only the center's open hours. */
  clock: z.enum(SLA_CLOCKS).default("calendar"),
  /** The clock stops while the case waits on the customer and the due time moves on. */
  pause_when_waiting: z.boolean().default(false),
});
export type SlaRule = z.infer<typeof SlaRuleSchema>;

type RuleOptions = Pick<SlaRule, "clock" | "pause_when_waiting">;
const DEFAULT_OPTIONS: RuleOptions = { clock: "calendar", pause_when_waiting: false };
// The clock and pause of each rule are kept as one settings row keyed by category and
// priority, beside the sla_rules table, so they came without a schema change.
const OPTIONS_KEY = "sla.rule_options";
const optionsKey = (category: string, priority: string) => `${category}\u0000${priority}`;

export interface SlaRulesOptions {
  /** The center's business hours; without them business-time rules count calendar time. */
  hours?: BusinessHours;
  /** The name of the schedule that holds the center's hours. */
  schedule: () => string;
}

/**
 * How long a case may take to resolve, per category and priority. A rule for the
 * category beats the catch-all `*`; with neither, the case has no due time.
 */
export class SlaRules {
  readonly #settings: Settings;

  constructor(
    private readonly db: Database,
    clock: Clock,
    private readonly options: SlaRulesOptions,
  ) {
    this.#settings = new Settings(db, clock);
  }

  list(): SlaRule[] {
    const options = this.#options();
    return this.db.all<Omit<SlaRule, keyof RuleOptions>>(
      "SELECT category, priority, resolve_within_min, warn_before_min FROM sla_rules ORDER BY category, priority",
    ).map((rule) => ({
      ...rule,
      ...DEFAULT_OPTIONS,
      ...options.get(optionsKey(rule.category, rule.priority)),
    }));
  }

  /** Replaces every rule at once, so an admin's table is saved as a whole or not at all. */
  replace(rules: z.input<typeof SlaRuleSchema>[]): SlaRule[] {
    const parsed = z.array(SlaRuleSchema).parse(rules);
    this.db.transaction(() => {
      this.db.run("DELETE FROM sla_rules");
      const options: Record<string, RuleOptions> = {};
      for (const rule of parsed) {
        this.db.run(
          `INSERT INTO sla_rules (category, priority, resolve_within_min, warn_before_min)
           VALUES (?, ?, ?, ?)`,
          rule.category,
          rule.priority,
          rule.resolve_within_min,
          rule.warn_before_min,
        );
        options[optionsKey(rule.category, rule.priority)] = {
          clock: rule.clock,
          pause_when_waiting: rule.pause_when_waiting,
        };
      }
      this.#settings.set(OPTIONS_KEY, JSON.stringify(options));
    });
    return this.list();
  }

  /** The rule that applies to a category and priority, or undefined without one. */
  ruleFor(category: string, priority: string): SlaRule | undefined {
    const rule = this.db.get<Omit<SlaRule, keyof RuleOptions>>(
      `SELECT category, priority, resolve_within_min, warn_before_min FROM sla_rules
       WHERE priority = ? AND category IN (?, '*') ORDER BY category = '*' LIMIT 1`,
      priority,
      category,
    );
    if (!rule) return undefined;
    return {
      ...rule,
      ...DEFAULT_OPTIONS,
      ...this.#options().get(optionsKey(rule.category, rule.priority)),
    };
  }

  /** The due time in ms for a case opened at `openedMs`, or null without a rule. */
  dueAt(category: string, priority: CasePriority, openedMs: number): number | null {
    const rule = this.ruleFor(category, priority);
    if (!rule) return null;
    const within = rule.resolve_within_min * 60_000;
    const business = this.#businessClock(rule);
    return business ? business.add(openedMs, within) : openedMs + within;
  }

  /**
   * The due time of a case that waited on the customer from `pausedMs` until `resumedMs`:
   * where its rule pauses, the time that was left at the pause starts again at the
   * resume, so the due time moves later by the paused time (open time, for a
   * business-time rule). Unchanged where the rule does not pause or it was already due.
   */
  resumedDue(
    category: string,
    priority: string,
    dueMs: number,
    pausedMs: number,
    resumedMs: number,
  ): number {
    const rule = this.ruleFor(category, priority);
    if (!rule?.pause_when_waiting || pausedMs >= dueMs || resumedMs <= pausedMs) return dueMs;
    const business = this.#businessClock(rule);
    if (!business) return dueMs + (resumedMs - pausedMs);
    return business.add(resumedMs, business.between(pausedMs, dueMs));
  }

  /** The warning time in ms before the due time for a category and priority (0: none). */
  warnBeforeMs(category: string, priority: string): number {
    return (this.ruleFor(category, priority)?.warn_before_min ?? 0) * 60_000;
  }

  #businessClock(rule: SlaRule): BusinessClock | undefined {
    const { hours, schedule } = this.options;
    if (rule.clock !== "business" || !hours) return undefined;
    const name = schedule();
    return hours.has(name) ? new BusinessClock(hours, name) : undefined;
  }

  #options(): Map<string, Partial<RuleOptions>> {
    const raw = this.#settings.get(OPTIONS_KEY);
    if (!raw) return new Map();
    try {
      const stored = JSON.parse(raw) as Record<string, unknown>;
      const map = new Map<string, Partial<RuleOptions>>();
      const schema = SlaRuleSchema.pick({ clock: true, pause_when_waiting: true });
      for (const [key, value] of Object.entries(stored)) {
        const parsed = schema.safeParse(value);
        if (parsed.success) map.set(key, parsed.data);
      }
      return map;
    } catch {
      // A hand-edited row that is not JSON leaves every rule on its defaults.
      return new Map();
    }
  }
}
