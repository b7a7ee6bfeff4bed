/**
 * The SIP core: everything below the user agent that does not touch a socket.
 *
 * - Messages (RFC 3261 §7, §20, §25): {@link parseMessage}, {@link serializeMessage},
 *   {@link StreamFramer} for TCP/TLS, typed views of URIs, addresses, Via and CSeq, and
 *   {@link createResponse} / {@link createBadRequestResponse}. A parse failure is always a
 *   {@link SipParseError}; {@link validateRequest} then maps a parsed request to 4xx/5xx.
 * - Transactions (RFC 3261 §17, RFC 6026): the four transaction kinds behind a
 *   {@link TransactionLayer} that matches messages and reports to a {@link TransactionUser}.
 *   Time comes from the injected `Clock`; bytes leave through an injected {@link SipTransport}.
 * - Digest authentication (RFC 2617, RFC 7616, RFC 8760) with stateless nonces.
 * - {@link Dialog} state and in-dialog request building (RFC 3261 §12).
 *
 * @module
 */

export { SipParseError } from "./errors.ts";
export type { PartialRequest } from "./errors.ts";
export { canonicalHeaderName, isListHeader, SipHeaders } from "./headers.ts";
export type { HeaderField } from "./headers.ts";
export {
  bodyText,
  callIdOf,
  cloneMessage,
  createRequest,
  createResponseMessage,
  cseqOf,
  fromOf,
  reasonPhrase,
  setBody,
  toOf,
  topViaOf,
} from "./message.ts";
export type {
  HeaderInit,
  RequestInit,
  ResponseInit,
  SipMessage,
  SipRequest,
  SipResponse,
} from "./message.ts";
export { DEFAULT_MAX_MESSAGE_BYTES, parseMessage } from "./parser.ts";
export type { ParseOptions } from "./parser.ts";
export { messageToString, serializeHead, serializeMessage } from "./serializer.ts";
export { KEEPALIVE_PING, KEEPALIVE_PONG, StreamFramer } from "./stream_framer.ts";
export type { FramedItem, StreamFramerOptions } from "./stream_framer.ts";
export { escapeUriPart, formatUri, hostForUri, parseUri, sipUri, unescapeUriPart } from "./uri.ts";
export type { OpaqueUri, SipUri, TelUri, Uri, UriParams } from "./uri.ts";
export { formatNameAddr, parseNameAddr, tagOf } from "./name_addr.ts";
export type { NameAddr } from "./name_addr.ts";
export { defaultPort, formatVia, MAGIC_COOKIE, parseVia } from "./via.ts";
export type { Via } from "./via.ts";
export { isSipDate, MAX_CSEQ, MAX_CSEQ_NUMBER, parseCSeq, parseMediaType } from "./fields.ts";
export type { CSeq, MediaType } from "./fields.ts";
export type { Params } from "./grammar.ts";
export { createBadRequestResponse, createResponse } from "./response.ts";
export type { ResponseOptions } from "./response.ts";
export { generateBranch, generateCallId, generateTag } from "./ids.ts";
export { validateRequest } from "./validate.ts";
export type { ValidationOptions, ValidationResult } from "./validate.ts";
export { createCancel, createNon2xxAck } from "./ack_cancel.ts";
export { DEFAULT_TIMERS } from "./transaction.ts";
export type { Destination, SipTransport, TimerSettings } from "./transaction.ts";
export { InviteClientState, InviteClientTransaction } from "./invite_client_transaction.ts";
export {
  NonInviteClientState,
  NonInviteClientTransaction,
} from "./non_invite_client_transaction.ts";
export {
  InviteServerState,
  InviteServerTransaction,
  TRYING_DELAY_MS,
} from "./invite_server_transaction.ts";
export {
  NonInviteServerState,
  NonInviteServerTransaction,
} from "./non_invite_server_transaction.ts";
export { TransactionLayer } from "./transaction_layer.ts";
export { FixedDelayTimers } from "./fixed_delay_timers.ts";
export type {
  ClientTransaction,
  ServerTransaction,
  TransactionLayerOptions,
  TransactionUser,
} from "./transaction_layer.ts";
export { responseDestination, stampVia } from "./routing.ts";
export { formatAuthHeader, parseAuthHeader } from "./auth_header.ts";
export type { AuthHeader } from "./auth_header.ts";
export {
  answerDigestChallenge,
  computeDigestResponse,
  computeHa1,
  parseDigestChallenge,
  parseDigestCredentials,
} from "./digest.ts";
export type {
  AnswerOptions,
  DigestAlgorithm,
  DigestChallenge,
  DigestCredentials,
  DigestResponseInput,
} from "./digest.ts";
export { DigestAuthenticator } from "./digest_server.ts";
export type {
  DigestAuthenticatorOptions,
  NonceStatus,
  StoredSecret,
  VerifyRequest,
  VerifyResult,
} from "./digest_server.ts";
export { Dialog, DialogState, uasDialogProblem } from "./dialog.ts";
export type { DialogFields, InDialogRequestOptions } from "./dialog.ts";
