import { z } from "zod";
import { CallingHoursSchema } from "./calling_hours.ts";

const callerId = z.string().trim().regex(/^\+?\d{3,20}$/, "must be a phone number");

/** How long to wait before calling a callback again, per outcome, and how often at most. */
export const RetryRulesSchema = z.object({
  max_attempts: z.number().int().min(1).max(20).default(3),
  busy_s: z.number().int().min(30).max(86_400).default(300),
  no_answer_s: z.number().int().min(30).max(86_400).default(900),
  failed_s: z.number().int().min(30).max(86_400).default(1800),
}).strict();
export type RetryRules = z.infer<typeof RetryRulesSchema>;

/**
 * The center's rules for calling out, kept as one setting: the trunk and caller ID used
 * when a queue or campaign names none, calling hours in the called person's time, the
 * center's own time zone for numbers whose zone is unknown, and the callback retry rules.
 */
export const OutboundPolicySchema = z.object({
  trunk_id: z.number().int().positive().nullable().default(null),
  caller_id: callerId.nullable().default(null),
  hours: CallingHoursSchema.default({ start: "09:00", end: "20:00", days: [1, 2, 3, 4, 5, 6] }),
  time_zone: z.string().min(1).max(64).refine(validZone, "must be an IANA time zone")
    .default("Asia/Shanghai"),
  /** Whether agents' own calls (click-to-call) keep to the hours too, not only the dialer. */
  hours_for_agents: z.boolean().default(false),
  record: z.boolean().default(true),
  callbacks: RetryRulesSchema.default({
    max_attempts: 3,
    busy_s: 300,
    no_answer_s: 900,
    failed_s: 1800,
  }),
}).strict();
export type OutboundPolicy = z.infer<typeof OutboundPolicySchema>;

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const KEY = "outbound.policy";

/** Reads and writes the policy in the settings table (the value is validated JSON). */
export class OutboundPolicyStore {
  constructor(
    private readonly settings: {
      get(key: string): string | undefined;
      set(k: string, v: string): void;
    },
  ) {}

  get(): OutboundPolicy {
    const raw = this.settings.get(KEY);
    const parsed = OutboundPolicySchema.safeParse(raw ? JSON.parse(raw) : {});
    return parsed.success ? parsed.data : OutboundPolicySchema.parse({});
  }

  set(policy: z.input<typeof OutboundPolicySchema>): OutboundPolicy {
    const valid = OutboundPolicySchema.parse(policy);
    this.settings.set(KEY, JSON.stringify(valid));
    return valid;
  }
}
