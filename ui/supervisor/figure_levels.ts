/**
 * How a wallboard figure is coloured: within target, near it (warn) or past
 * it (alarm), by the thresholds a supervisor set for the queue or, until
 * then, the defaults (the same as the server's).
 *
 * @module
 */

/** The colour band of a figure. */
export type FigureLevel = "ok" | "warn" | "alarm";

/** Limits for one figure: `warn` and `alarm` in the figure's unit. */
export interface Limits {
  warn: number;
  alarm: number;
  /** True when a lower value is worse (service level). */
  lowerIsWorse?: boolean;
}

/** The default limits by figure. */
export const DEFAULT_LIMITS = {
  serviceLevel: { warn: 80, alarm: 60, lowerIsWorse: true },
  longestWait: { warn: 60, alarm: 120 },
  waiting: { warn: 3, alarm: 8 },
  abandonRate: { warn: 5, alarm: 10 },
  asa: { warn: 20, alarm: 45 },
} as const satisfies Record<string, Limits>;

/** The band a value falls in; a figure without a value is never alarming. */
export function figureLevel(value: number | null, limits: Limits): FigureLevel {
  if (value === null) return "ok";
  if (limits.lowerIsWorse) {
    if (value < limits.alarm) return "alarm";
    return value < limits.warn ? "warn" : "ok";
  }
  if (value >= limits.alarm) return "alarm";
  return value >= limits.warn ? "warn" : "ok";
}

/** A queue's thresholds as `GET /supervision/thresholds` gives them. */
export interface QueueThresholds {
  queue_id: number;
  service_level: { target: number; alarm: number };
  longest_wait_s: { warn: number; alarm: number };
  waiting: { warn: number; alarm: number };
  abandon_rate: { warn: number; alarm: number };
  asa_s: { warn: number; alarm: number };
  agent_state_s: { not_ready: number; wrap_up: number; on_call: number };
}

/** The limits by figure: the queue's own when a supervisor set them, else the defaults. */
export function limitsFor(
  thresholds: QueueThresholds | undefined,
): Record<keyof typeof DEFAULT_LIMITS, Limits> {
  if (!thresholds) return DEFAULT_LIMITS;
  return {
    serviceLevel: {
      warn: thresholds.service_level.target,
      alarm: thresholds.service_level.alarm,
      lowerIsWorse: true,
    },
    longestWait: thresholds.longest_wait_s,
    waiting: thresholds.waiting,
    abandonRate: thresholds.abandon_rate,
    asa: thresholds.asa_s,
  };
}

/**
 * The longest wait now: the figure as received, plus the whole seconds since
 * while anyone is still waiting (the server sends figures when they change, and
 * a wait grows without changing anything else).
 */
export function currentLongestWait(
  q: { longest_wait_s: number; calls_waiting: number; received_at?: number },
  now: number,
): number {
  if (q.calls_waiting === 0 || q.received_at === undefined) return q.longest_wait_s;
  return q.longest_wait_s + Math.max(0, Math.floor((now - q.received_at) / 1000));
}
