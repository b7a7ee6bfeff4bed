import { z } from "zod";
import { AmdSettingsSchema, CallingHoursSchema } from "../outbound/mod.ts";
import { DIAL_MODES } from "./pacing.ts";
import { BlendRuleSchema } from "./blend_rule.ts";

/** The outcomes a campaign retries: how many more tries each allows, and after how long. */
export const RETRY_OUTCOMES = ["busy", "no_answer", "failed", "machine"] as const;
export type RetryOutcome = typeof RETRY_OUTCOMES[number];

const retry = (times: number, afterS: number) =>
  z.object({
    times: z.number().int().min(0).max(10).default(times),
    after_s: z.number().int().min(30).max(7 * 86_400).default(afterS),
  }).strict().default({ times, after_s: afterS });

/** The keys of a telephone keypad, for the keys a notice listens for. */
const KEYS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"] as const;

/** What a campaign does with an answering machine. */
export const AMD_ACTIONS = ["hang_up", "leave_message", "agent"] as const;
export type AmdAction = typeof AMD_ACTIONS[number];

/** A campaign's rules, kept as validated JSON in `campaigns.options`. */
export const CampaignOptionsSchema = z.object({
  hours: CallingHoursSchema.default({ start: "09:00", end: "20:00", days: [1, 2, 3, 4, 5, 6] }),
  /** Retries per outcome: a busy number once after 5 minutes, by default. */
  retries: z.object({
    busy: retry(1, 300),
    no_answer: retry(2, 3600),
    failed: retry(1, 1800),
    /** An answering machine that was hung up on (not one a message was left on). */
    machine: retry(1, 4 * 3600),
  }).strict().default({
    busy: { times: 1, after_s: 300 },
    no_answer: { times: 2, after_s: 3600 },
    failed: { times: 1, after_s: 1800 },
    machine: { times: 1, after_s: 4 * 3600 },
  }),
  /** Tries per contact at most, whatever the outcomes. */
  max_attempts: z.number().int().min(1).max(20).default(3),
  /** Abandoned ÷ answered the predictive dialler keeps the day under. */
  abandon_cap: z.number().min(0).max(0.2).default(0.03),
  max_lines_per_agent: z.number().min(1).max(10).default(3),
  /** Only customers who agreed to marketing calls are called (their CRM consent). */
  needs_consent: z.boolean().default(false),
  /**
   * What an answered customer hears when no agent reached them within 2 s (predictive),
   * before the call ends; empty: the call just ends.
   */
  abandon_message: z.string().trim().max(500).default(
    "Sorry, all our agents are busy right now. We will call you again another day.",
  ),
  /**
   * Answering-machine detection on customer-first calls (predictive, agentless): off by
   * default. A machine is hung up on, left the message (once its greeting ends), or
   * passed to an agent like a person.
   */
  amd: z.object({
    enabled: z.boolean().default(false),
    on_machine: z.enum(AMD_ACTIONS).default("hang_up"),
    message: z.string().trim().max(1000).default(""),
    settings: AmdSettingsSchema.default(AmdSettingsSchema.parse({})),
  }).strict().default({
    enabled: false,
    on_machine: "hang_up",
    message: "",
    settings: AmdSettingsSchema.parse({}),
  }),
  /**
   * What an agentless campaign plays to each answered customer: an uploaded prompt, else
   * the text spoken; then how to opt out, and what is said to one who does.
   */
  notice: z.object({
    text: z.string().trim().max(2000).default(""),
    prompt: z.string().trim().max(64).nullable().default(null),
    opt_out_digit: z.enum(KEYS).nullable().default("9"),
    opt_out_text: z.string().trim().max(500).default("To stop these calls, press 9."),
    opted_out_text: z.string().trim().max(500).default(
      "You will not be called again. Goodbye.",
    ),
    /**
     * "Press 1 to speak to an agent": the key (none: no such offer) and the queue the
     * customer then waits in like an inbound caller.
     */
    agent_digit: z.enum(KEYS).nullable().default(null),
    agent_queue_id: z.number().int().positive().nullable().default(null),
    agent_text: z.string().trim().max(500).default("To speak to an agent, press 1."),
  }).strict().superRefine((notice, ctx) => {
    if (notice.agent_digit === null) return;
    if (notice.agent_queue_id === null) {
      ctx.addIssue({
        code: "custom",
        path: ["agent_queue_id"],
        message: "a queue is needed for the key that reaches an agent",
      });
    }
    if (notice.agent_digit === notice.opt_out_digit) {
      ctx.addIssue({
        code: "custom",
        path: ["agent_digit"],
        message: "the key for an agent must differ from the opt-out key",
      });
    }
  }).default({
    text: "",
    prompt: null,
    opt_out_digit: "9",
    opt_out_text: "To stop these calls, press 9.",
    opted_out_text: "You will not be called again. Goodbye.",
    agent_digit: null,
    agent_queue_id: null,
    agent_text: "To speak to an agent, press 1.",
  }),
  /** How the campaign shares its queue's agents with inbound callers (callers first). */
  blend: BlendRuleSchema.default(BlendRuleSchema.parse({})),
  /** Lines an agentless campaign keeps out at once. */
  agentless_lines: z.number().int().min(1).max(200).default(5),
  /** The language messages to customers are spoken in. */
  language: z.enum(["en", "zh-CN"]).default("en"),
  script: z.string().max(20_000).default(""),
  dispositions: z.array(z.string().trim().min(1).max(40)).max(50).default([]),
}).strict();
export type CampaignOptions = z.infer<typeof CampaignOptionsSchema>;

const callerId = z.string().trim().regex(/^\+?\d{3,20}$/, "must be a phone number");

/** A campaign as the API creates or replaces it. */
export const CampaignInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  mode: z.enum(DIAL_MODES),
  queue_id: z.number().int().positive().nullable().default(null),
  trunk_id: z.number().int().positive().nullable().default(null),
  caller_id: callerId.nullable().default(null),
  options: CampaignOptionsSchema.default(CampaignOptionsSchema.parse({})),
}).strict();
export type CampaignInput = z.infer<typeof CampaignInputSchema>;

export const CAMPAIGN_STATES = ["draft", "running", "paused", "stopped", "done"] as const;
export type CampaignState = typeof CAMPAIGN_STATES[number];

/** The moves a campaign's state may make; `done` is set by the dialler when no one is left. */
const MOVES: Record<CampaignState, readonly CampaignState[]> = {
  draft: ["running", "stopped"],
  running: ["paused", "stopped", "done"],
  paused: ["running", "stopped"],
  stopped: ["running"],
  done: ["running"],
};

export class IllegalCampaignMove extends Error {
  override name = "IllegalCampaignMove";
}

/** Returns `to` when a campaign may move there from `from`; throws otherwise. */
export function transitionCampaign(from: CampaignState, to: CampaignState): CampaignState {
  if (!MOVES[from].includes(to)) {
    throw new IllegalCampaignMove(`A ${from} campaign cannot be set ${to}`);
  }
  return to;
}

export interface Campaign extends CampaignInput {
  id: number;
  state: CampaignState;
  created_at: string;
  updated_at: string;
}

/** One person to call, as a list row gives them. */
export const ContactRowSchema = z.object({
  number: z.string().trim().min(1).max(40),
  name: z.string().trim().max(200).nullable().optional(),
  customer_id: z.number().int().positive().nullable().optional(),
  time_zone: z.string().trim().max(64).nullable().optional(),
  priority: z.number().int().min(-100).max(100).optional(),
}).strict();
export type ContactRow = z.infer<typeof ContactRowSchema>;

export const CONTACT_STATES = ["pending", "dialing", "done", "failed", "skipped"] as const;
export type ContactState = typeof CONTACT_STATES[number];

export interface CampaignContact {
  id: number;
  campaign_id: number;
  customer_id: number | null;
  number: string;
  name: string | null;
  time_zone: string | null;
  priority: number;
  state: ContactState;
  attempts: number;
  last_outcome: string | null;
  next_attempt_at: string | null;
  disposition: string | null;
}
