/**
 * The interactions export's query for a period of whole days in the browser's time
 * zone: `from` at the first day's midnight, `to` at the end of the last day. Empty
 * dates leave that end open; null when the period ends before it starts.
 */
export function periodQuery(from: string, to: string): string | null {
  const params = new URLSearchParams();
  const start = from ? new Date(`${from}T00:00:00`) : null;
  const end = to ? new Date(`${to}T23:59:59.999`) : null;
  if (start && end && end < start) return null;
  if (start) params.set("from", start.toISOString());
  if (end) params.set("to", end.toISOString());
  const text = params.toString();
  return text ? `?${text}` : "";
}
