/**
 * Checks a parsed request the way a UAS must before handing it to the application
 * (RFC 3261 §8.2.1-§8.2.3), returning the error response code instead of throwing.
 */
import { uasDialogProblem } from "./dialog.ts";
import { SipParseError } from "./errors.ts";
import { MAX_CSEQ, parseMediaType } from "./fields.ts";
import { cseqOf, type SipRequest, toOf } from "./message.ts";
import { tagOf } from "./name_addr.ts";
import { parseUri } from "./uri.ts";

export interface ValidationOptions {
  /** Request-URI schemes we serve; others get 416. Default: sip, sips, tel. */
  supportedSchemes?: readonly string[];
  /** Option tags we implement; a Require outside this list gets 420. Default: none. */
  supportedExtensions?: readonly string[];
  /** Body types we can read; others get 415. Default: no check. */
  acceptedContentTypes?: readonly string[];
  /** Body types our answers to INVITE carry; if Accept excludes them all, 406. */
  answerContentTypes?: readonly string[];
}

export type ValidationResult =
  | { ok: true }
  | {
    ok: false;
    status: number;
    reason: string;
    /** Headers the error response must carry, such as Unsupported or Accept. */
    headers: [string, string][];
  };

const reject = (status: number, reason: string, headers: [string, string][] = []) =>
  ({ ok: false, status, reason, headers }) as const;

export function validateRequest(
  request: SipRequest,
  options: ValidationOptions = {},
): ValidationResult {
  try {
    return check(request, options);
  } catch (cause) {
    // Values the parser does not inspect (Accept, for one) can still be malformed.
    if (cause instanceof SipParseError) return reject(400, "Bad Request");
    throw cause;
  }
}

function check(request: SipRequest, options: ValidationOptions): ValidationResult {
  if (request.version.toUpperCase() !== "SIP/2.0") {
    return reject(505, "Version Not Supported");
  }
  // RFC 3261 §8.1.1.5: the CSeq method must match the request method.
  const cseq = cseqOf(request);
  if (cseq.method !== request.method) {
    return reject(400, "CSeq Method Does Not Match");
  }
  // A request without a To tag is outside any dialog: RFC 3261 §8.1.1.5 has it start
  // below 2**31 (the parser takes the whole 32 bits that later requests count up into).
  const outsideDialog = tagOf(toOf(request)) === undefined;
  if (outsideDialog && cseq.seq > MAX_CSEQ && request.method !== "ACK") {
    return reject(400, "CSeq Number Too Large");
  }
  // Checked before anything rings: an INVITE we could not build a dialog from would be
  // left without a final answer once the call layer tried to answer it.
  if (outsideDialog && request.method === "INVITE") {
    const problem = uasDialogProblem(request);
    if (problem) return reject(400, problem);
  }
  // RFC 3261 §8.2.2.1
  const schemes = options.supportedSchemes ?? ["sip", "sips", "tel"];
  if (!schemes.includes(parseUri(request.uri).scheme)) {
    return reject(416, "Unsupported URI Scheme");
  }
  // RFC 3261 §8.2.2.3: never for CANCEL, and ACK cannot be rejected.
  if (request.method !== "CANCEL" && request.method !== "ACK") {
    const supported = new Set((options.supportedExtensions ?? []).map((t) => t.toLowerCase()));
    const unsupported = request.headers.getAll("Require")
      .map((t) => t.trim())
      .filter((t) => t !== "" && !supported.has(t.toLowerCase()));
    if (unsupported.length > 0) {
      return reject(420, "Bad Extension", unsupported.map((t) => ["Unsupported", t]));
    }
  }
  // RFC 3261 §8.2.3
  const accepted = options.acceptedContentTypes;
  const contentType = request.headers.get("Content-Type");
  if (accepted && request.body.length > 0 && contentType !== undefined) {
    const type = parseMediaType(contentType).type;
    if (!accepted.some((a) => a.toLowerCase() === type)) {
      return reject(415, "Unsupported Media Type", accepted.map((a) => ["Accept", a]));
    }
  }
  const answers = options.answerContentTypes;
  const accept = request.headers.getAll("Accept").filter((a) => a.trim() !== "");
  if (answers && request.method === "INVITE" && accept.length > 0) {
    const types = accept.map((a) => parseMediaType(a).type);
    const fits = answers.some((answer) =>
      types.some((t) =>
        t === "*/*" || t === answer || (t.endsWith("/*") && answer.startsWith(t.slice(0, -1)))
      )
    );
    if (!fits) return reject(406, "Not Acceptable");
  }
  return { ok: true };
}
