/**
 * Digest challenge selection for the browser softphone.
 *
 * The registrar offers one challenge per algorithm (MD5, then SHA-256; RFC 8760
 * §2.4). sip.js 0.21 keeps only the last `WWW-Authenticate` header of a response
 * and aborts unless it is MD5, so the softphone drops the challenges it cannot
 * answer before sip.js parses the message.
 *
 * @module
 */

const CHALLENGE = /^(www-authenticate|proxy-authenticate)\s*:(.*)$/i;

/** Whether a challenge value names an algorithm sip.js can answer (MD5, or none given). */
function answerable(value: string): boolean {
  const algorithm = /algorithm\s*=\s*"?([\w-]+)"?/i.exec(value)?.[1];
  return algorithm === undefined || algorithm.toUpperCase() === "MD5";
}

/**
 * Returns `message` with only the MD5 challenges left when a 401 or 407
 * offers several algorithms; any other message is returned as it is.
 */
export function keepMd5Challenges(message: string): string {
  if (!/^SIP\/2\.0 40[17] /.test(message)) return message;
  const end = message.indexOf("\r\n\r\n");
  const head = end < 0 ? message : message.slice(0, end);
  const lines = head.split("\r\n");
  const challenges = lines.filter((line) => CHALLENGE.test(line));
  if (challenges.length < 2 || !challenges.some((line) => answerable(line.split(":")[1] ?? ""))) {
    return message;
  }
  const kept = lines.filter((line) => {
    const match = CHALLENGE.exec(line);
    return !match || answerable(match[2]);
  });
  return kept.join("\r\n") + (end < 0 ? "" : message.slice(end));
}
