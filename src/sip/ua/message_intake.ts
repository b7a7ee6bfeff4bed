import type { Logger, LogOncePerInterval } from "../../log/mod.ts";
import {
  createBadRequestResponse,
  createResponse,
  type Destination,
  generateTag,
  type ServerTransaction,
  type SipMessage,
  SipParseError,
  type SipRequest,
  topViaOf,
  type TransactionLayer,
  validateRequest,
} from "../core/mod.ts";
import { ALLOW } from "./leg.ts";

/** Option tags the stack supports (RFC 3261 §19.2), checked in Require and offered in OPTIONS. */
export const SUPPORTED_EXTENSIONS = ["replaces", "timer", "outbound", "path", "100rel"];

/**
 * Where parsed messages enter the transaction layer, and where those that cannot be used
 * leave: a malformed message is counted, logged once a minute per address and answered
 * 400 where it can be; a message that trips a later check is counted and logged, and the
 * stack serves everyone else.
 */
export class MessageIntake {
  constructor(
    private readonly counters: { badMessages: number },
    private readonly log: Logger,
    private readonly quiet: LogOncePerInterval,
    private readonly layer: () => TransactionLayer | undefined,
  ) {}

  receive(message: SipMessage, source: Destination): void {
    // A Via that names another transport than the one the request came on would send our
    // answers (and TCP connection attempts) somewhere the sender never was.
    if (
      message.kind === "request" && topViaOf(message).transport.toLowerCase() !== source.transport
    ) {
      this.bad(new SipParseError("Via transport does not match the transport used"), source);
      return;
    }
    try {
      const layer = this.layer();
      if (!layer) throw new Error("The SIP stack is not started");
      layer.receive(message, source);
    } catch (error) {
      this.counters.badMessages++;
      this.quiet.maybe(
        `handle:${source.host}`,
        (n) =>
          this.log.warn("could not handle a SIP message", {
            source: source.host,
            error,
            suppressed: n,
          }),
      );
    }
  }

  bad(error: SipParseError, source: Destination): void {
    this.counters.badMessages++;
    this.quiet.maybe(
      `parse:${source.host}`,
      (n) =>
        this.log.warn("malformed SIP message", {
          source: `${source.host}:${source.port}`,
          reason: error.reason,
          suppressed: n,
        }),
    );
    const response = createBadRequestResponse(error, generateTag());
    const layer = this.layer();
    if (response && layer) layer.sendStatelessResponse(response, source);
  }
}

/**
 * Answers a request that fails RFC 3261 §8.2's checks (version, Require, content types)
 * and says so; every request is checked before anything acts on it, OPTIONS included.
 */
export function refuseInvalid(request: SipRequest, transaction: ServerTransaction): boolean {
  const invite = request.method === "INVITE";
  const result = validateRequest(request, {
    supportedExtensions: SUPPORTED_EXTENSIONS,
    acceptedContentTypes: invite ? ["application/sdp"] : undefined,
    answerContentTypes: invite ? ["application/sdp"] : undefined,
  });
  if (result.ok) return false;
  transaction.respond(
    createResponse(request, result.status, { reason: result.reason, headers: result.headers }),
  );
  return true;
}

/**
 * Answers a new request that neither starts a call nor registers: OPTIONS with what the
 * stack allows and supports (RFC 3261 §11.2), a method that belongs in a dialog with 481
 * (there is no dialog, §12.2.2), and a method the stack does not implement with 501 and
 * Allow (§8.2.1).
 */
export function answerOtherRequest(request: SipRequest, transaction: ServerTransaction): void {
  switch (request.method) {
    case "OPTIONS":
      transaction.respond(createResponse(request, 200, {
        headers: [
          ["Allow", ALLOW],
          ["Accept", "application/sdp"],
          ["Supported", SUPPORTED_EXTENSIONS.join(", ")],
        ],
      }));
      return;
    case "BYE":
    case "INFO":
    case "UPDATE":
    case "REFER":
    case "NOTIFY":
    case "PRACK":
      transaction.respond(createResponse(request, 481));
      return;
    default:
      transaction.respond(createResponse(request, 501, { headers: [["Allow", ALLOW]] }));
  }
}
