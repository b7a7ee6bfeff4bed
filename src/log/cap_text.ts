/** The most characters of one value that go into a log line. */
export const MAX_LOGGED_CHARS = 512;

/**
 * Cuts text to `max` characters and notes how long it was. Log fields often hold what
 * a peer sent (a SIP header, an SDP line, an error quoting either); without a cap one
 * 64 kB line would be written whole, as often as the peer cares to send it.
 */
export function capText(text: string, max = MAX_LOGGED_CHARS): string {
  if (text.length <= max) return text;
  let end = max;
  // Never keep half of a surrogate pair: the cut must still be well-formed text.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…[${text.length} chars]`;
}
