import type { Clock } from "../clock/mod.ts";

/** Named schedules of business hours, as the composition root passes the IVR's in. */
export interface OpeningHours {
  /** True when a schedule of this name has hours or holidays. */
  has(schedule: string): boolean;
  /** True when the schedule is open at `ms` (a holiday is closed). */
  isOpen(schedule: string, ms: number): boolean;
}

/**
 * Whether the center takes chats now ({@link ChatDeskOptions.isOpen}), by the schedule
 * that holds its business hours — the one its IVR flows and business-time SLA rules
 * read. Outside them a visitor may only leave a message. A center that has set no hours
 * under that name is open: a missing schedule must not close the chat for good.
 */
export function chatOpenHours(
  hours: OpeningHours,
  schedule: () => string,
  clock: Clock,
): () => boolean {
  return () => {
    const name = schedule();
    return !hours.has(name) || hours.isOpen(name, clock.now());
  };
}
