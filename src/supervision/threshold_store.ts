import type { Settings } from "../db/mod.ts";
import { DEFAULT_THRESHOLDS, type QueueThresholds, QueueThresholdsSchema } from "./thresholds.ts";

const PREFIX = "supervision.thresholds.";

/**
 * Per-queue thresholds kept in the settings table (one JSON value per queue), so they
 * fail over with the data. A queue without its own gets the defaults; a stored value
 * that no longer parses (an older shape) falls back to them too rather than failing
 * the wallboard.
 */
export class ThresholdStore {
  constructor(private readonly settings: Settings) {}

  get(queueId: number): QueueThresholds {
    const raw = this.settings.get(`${PREFIX}${queueId}`);
    if (raw === undefined) return DEFAULT_THRESHOLDS;
    try {
      return QueueThresholdsSchema.parse(JSON.parse(raw));
    } catch {
      return DEFAULT_THRESHOLDS;
    }
  }

  /** Validates and stores a queue's thresholds; throws a ZodError on bad input. */
  set(queueId: number, input: unknown): QueueThresholds {
    const thresholds = QueueThresholdsSchema.parse(input);
    this.settings.set(`${PREFIX}${queueId}`, JSON.stringify(thresholds));
    return thresholds;
  }

  /** The thresholds of each queue in `queueIds`. */
  forQueues(queueIds: Iterable<number>): Map<number, QueueThresholds> {
    return new Map([...queueIds].map((id) => [id, this.get(id)]));
  }
}
