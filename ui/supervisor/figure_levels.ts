/**
 * How a wallboard figure is coloured: within target, near it (warn) or past
 * it (alarm). The limits are the center's defaults until queues carry their
 * own.
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
