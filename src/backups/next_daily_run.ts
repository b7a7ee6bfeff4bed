const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function wallClock(
  ms: number,
  timeZone: string,
): { y: number; m: number; d: number; h: number; mi: number } {
  const parts = Object.fromEntries(
    formatter(timeZone).formatToParts(ms).map((p) => [p.type, Number(p.value)]),
  );
  return { y: parts.year, m: parts.month, d: parts.day, h: parts.hour, mi: parts.minute };
}

/** The zone's offset from UTC at `ms`, in ms, to the minute. */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi) - Math.floor(ms / 60_000) * 60_000;
}

/**
 * The first moment after `afterMs` when the wall clock in `timeZone` reads `time`
 * ("HH:MM"). On a day when that time does not exist (clocks jump forward over it) the
 * run falls at the same distance past the jump; on a day it exists twice, the first.
 */
export function nextDailyRun(afterMs: number, time: string, timeZone: string): number {
  const [hour, minute] = time.split(":").map(Number);
  const today = wallClock(afterMs, timeZone);
  for (let day = 0; day < 3; day++) {
    const local = Date.UTC(today.y, today.m - 1, today.d + day, hour, minute);
    let at = local - offsetAt(local, timeZone);
    const second = local - offsetAt(at, timeZone);
    if (second !== at) at = Math.min(at, second);
    if (at > afterMs) return at;
  }
  throw new RangeError(`No run at ${time} in ${timeZone} within three days`);
}
