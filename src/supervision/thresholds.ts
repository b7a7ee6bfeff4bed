import { z } from "zod";

/** A pair of limits for a figure where a higher value is worse. */
const rising = (warn: number, alarm: number, max: number) =>
  z.object({
    warn: z.number().min(0).max(max).default(warn),
    alarm: z.number().min(0).max(max).default(alarm),
  }).strict().refine((l) => l.warn <= l.alarm, {
    message: "warn must not be above alarm",
  });

/**
 * What a supervisor sets per queue: where each wallboard figure turns amber (warn) and
 * red (alarm), the service-level target that raises an alert, and how long an agent may
 * stay in one state before an alert says so.
 */
export const QueueThresholdsSchema = z.object({
  service_level: z.object({
    /** Percent; below it the figure is amber and an alert is raised. */
    target: z.number().min(0).max(100).default(80),
    /** Percent; below it the figure is red. */
    alarm: z.number().min(0).max(100).default(60),
  }).strict().refine((l) => l.alarm <= l.target, {
    message: "the alarm level must not be above the target",
  }).default({ target: 80, alarm: 60 }),
  longest_wait_s: rising(60, 120, 86_400).default({ warn: 60, alarm: 120 }),
  waiting: rising(3, 8, 10_000).default({ warn: 3, alarm: 8 }),
  abandon_rate: rising(5, 10, 100).default({ warn: 5, alarm: 10 }),
  asa_s: rising(20, 45, 86_400).default({ warn: 20, alarm: 45 }),
  /** Seconds an agent of this queue may stay in a state before an alert (0: never). */
  agent_state_s: z.object({
    not_ready: z.number().int().min(0).max(86_400).default(900),
    wrap_up: z.number().int().min(0).max(86_400).default(180),
    on_call: z.number().int().min(0).max(86_400).default(1800),
  }).strict().default({ not_ready: 900, wrap_up: 180, on_call: 1800 }),
}).strict();

/** One queue's thresholds, every field filled. */
export type QueueThresholds = z.infer<typeof QueueThresholdsSchema>;

/** The thresholds a queue has until a supervisor sets its own. */
export const DEFAULT_THRESHOLDS: QueueThresholds = QueueThresholdsSchema.parse({});
