let lastMs = NaN;
let lastText = "";

/** ISO-8601 UTC text, the one time format stored in the database. */
export function isoTime(ms: number): string {
  // A call's events are mostly written within one millisecond of each other.
  if (ms !== lastMs) {
    lastText = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastText;
}
