/**
 * Owns the live transactions, matches incoming messages to them (RFC 3261 §17.1.3,
 * §17.2.3) and reports everything else to one transaction user.
 */
import type { Clock } from "../../clock/mod.ts";
import { cseqOf, type SipMessage, type SipRequest, type SipResponse } from "./message.ts";
import { generateBranch } from "./ids.ts";
import { FixedDelayTimers } from "./fixed_delay_timers.ts";
import { InviteClientTransaction } from "./invite_client_transaction.ts";
import { InviteServerTransaction } from "./invite_server_transaction.ts";
import { callIdOf, fromOf, topViaOf } from "./message.ts";
import { tagOf } from "./name_addr.ts";
import { NonInviteClientTransaction } from "./non_invite_client_transaction.ts";
import { NonInviteServerTransaction } from "./non_invite_server_transaction.ts";
import { createResponse } from "./response.ts";
import { responseDestination, stampVia } from "./routing.ts";
import {
  DEFAULT_TIMERS,
  type Destination,
  type SipTransport,
  type TimerSettings,
  type Transaction,
  type TransactionContext,
  type TransactionListener,
} from "./transaction.ts";
import { formatVia, MAGIC_COOKIE, type Via } from "./via.ts";

export type ClientTransaction = InviteClientTransaction | NonInviteClientTransaction;
export type ServerTransaction = InviteServerTransaction | NonInviteServerTransaction;

/** The layer above the transactions: a UA core, a registrar, a B2BUA. */
export interface TransactionUser {
  /**
   * A request that matched no transaction. A server transaction was created for it,
   * except for an ACK, which belongs to a 2xx and so to the dialog (RFC 3261 §17.2.3).
   */
  onRequest(
    request: SipRequest,
    transaction: ServerTransaction | undefined,
    source: Destination,
  ): void;
  /** A response for a client transaction, or (transaction undefined) for none, e.g. a late 2xx. */
  onResponse(response: SipResponse, transaction: ClientTransaction | undefined): void;
  /** Timer B, F or H fired. */
  onTimeout(transaction: ClientTransaction | ServerTransaction): void;
  onTransportError(transaction: ClientTransaction | ServerTransaction, error: unknown): void;
}

export interface TransactionLayerOptions {
  clock: Clock;
  /** One transport, or a choice per destination (UDP vs TCP vs WS). */
  transport: SipTransport | ((destination: Destination) => SipTransport);
  user: TransactionUser;
  timers?: Partial<TimerSettings>;
  /** The sent-by written into Vias this layer adds. Default: the transport's name only. */
  localAddress?: (destination: Destination) => { host: string; port?: number };
  /**
   * Server transactions kept at most. A new request beyond it is answered 503 without a
   * transaction, so a flood costs no memory past this. Default: no limit.
   */
  maxServerTransactions?: number;
  /** Told of each request refused because the table was full. */
  onOverload?: (request: SipRequest, source: Destination) => void;
}

export class TransactionLayer {
  #clients = new Map<string, ClientTransaction>();
  #servers = new Map<string, ServerTransaction>();
  #options: TransactionLayerOptions;
  #timers: TimerSettings;
  #sharedContexts = new WeakMap<SipTransport, TransactionContext>();
  #lingering: FixedDelayTimers;

  constructor(options: TransactionLayerOptions) {
    this.#options = options;
    this.#timers = { ...DEFAULT_TIMERS, ...options.timers };
    this.#lingering = new FixedDelayTimers(options.clock, 64 * this.#timers.t1);
  }

  /** Live transactions, for diagnostics and tests. */
  get size(): { clients: number; servers: number } {
    return { clients: this.#clients.size, servers: this.#servers.size };
  }

  /**
   * Starts a client transaction. A request without a Via gets one with a fresh branch;
   * ACK is refused because it never has a transaction of its own (use {@link sendAck}).
   */
  sendRequest(
    request: SipRequest,
    destination: Destination,
    listener?: Partial<Pick<TransactionUser, "onResponse" | "onTimeout" | "onTransportError">>,
  ): ClientTransaction {
    if (request.method === "ACK") {
      throw new TypeError("ACK is sent with sendAck, not in a transaction");
    }
    this.#ensureVia(request, destination);
    const id = clientKey(topViaOf(request).branch!, request.method);
    if (this.#clients.has(id)) throw new Error(`A client transaction ${id} already exists`);
    const context = this.#context(destination, listener);
    const transaction = request.method === "INVITE"
      ? new InviteClientTransaction(context, id, request, destination)
      : new NonInviteClientTransaction(context, id, request, destination);
    this.#clients.set(id, transaction);
    transaction.start();
    return transaction;
  }

  /** Sends an ACK for a 2xx outside any transaction (RFC 3261 §13.2.2.4, §17.1.1.3). */
  sendAck(ack: SipRequest, destination: Destination): void {
    this.#ensureVia(ack, destination);
    this.#sendStateless(ack, destination);
  }

  /** Sends a response with no transaction, e.g. a 400 for a request that did not parse. */
  sendStatelessResponse(response: SipResponse, source: Destination): void {
    let via: Via;
    try {
      via = topViaOf(response);
    } catch {
      // A 400 for a request whose Via did not parse can only go back where it came from.
      this.#sendStateless(response, source);
      return;
    }
    const reliable = this.#transportFor(source).reliable;
    this.#sendStateless(response, responseDestination(via, source, reliable));
  }

  /** Entry point for every parsed message from the transports. */
  receive(message: SipMessage, source: Destination): void {
    if (message.kind === "response") this.#receiveResponse(message);
    else this.#receiveRequest(message, source);
  }

  /** RFC 3261 §9.2: the INVITE server transaction a CANCEL refers to, if still live. */
  findInviteServerTransaction(cancel: SipRequest): InviteServerTransaction | undefined {
    const found = this.#servers.get(serverKey(cancel, "INVITE"));
    return found instanceof InviteServerTransaction ? found : undefined;
  }

  #receiveResponse(response: SipResponse): void {
    const via = topViaOf(response);
    const transaction = via.branch === undefined
      ? undefined
      : this.#clients.get(clientKey(via.branch, cseqOf(response).method));
    if (transaction) transaction.receiveResponse(response);
    else this.#options.user.onResponse(response, undefined);
  }

  #receiveRequest(request: SipRequest, source: Destination): void {
    stampVia(request, source);
    const method = request.method === "ACK" ? "INVITE" : request.method;
    const existing = this.#servers.get(serverKey(request, method));
    if (existing) {
      existing.receiveRequest(request);
      return;
    }
    if (request.method === "ACK") {
      this.#options.user.onRequest(request, undefined, source);
      return;
    }
    const reliable = this.#transportFor(source).reliable;
    const destination = responseDestination(topViaOf(request), source, reliable);
    if (this.#servers.size >= (this.#options.maxServerTransactions ?? Infinity)) {
      // RFC 3261 §21.5.4: 503 with Retry-After says when to come back; answering without
      // a transaction keeps the table at its bound however many requests arrive.
      this.#options.onOverload?.(request, source);
      const busy = createResponse(request, 503, { headers: [["Retry-After", "5"]] });
      this.#sendStateless(busy, destination);
      return;
    }
    const context = this.#context(destination);
    const id = serverKey(request, method);
    const transaction = request.method === "INVITE"
      ? new InviteServerTransaction(context, id, request, destination)
      : new NonInviteServerTransaction(context, id, request, destination);
    this.#servers.set(id, transaction);
    try {
      this.#options.user.onRequest(request, transaction, source);
    } catch (error) {
      // A TU that throws must not leave the transaction (and the peer) waiting for an
      // answer that never comes: it gets 500 (RFC 3261 §21.5.1), then the error goes up.
      answerFailure(transaction);
      throw error;
    }
  }

  #context(
    destination: Destination,
    override?: Partial<Pick<TransactionUser, "onResponse" | "onTimeout" | "onTransportError">>,
  ): TransactionContext {
    const transport = this.#transportFor(destination);
    if (override) return this.#newContext(transport, override);
    // Without an override a context depends only on the transport: one each, shared by all
    // their transactions, rather than a listener and its closures per transaction.
    let shared = this.#sharedContexts.get(transport);
    if (!shared) {
      shared = this.#newContext(transport);
      this.#sharedContexts.set(transport, shared);
    }
    return shared;
  }

  #newContext(
    transport: SipTransport,
    override?: Partial<Pick<TransactionUser, "onResponse" | "onTimeout" | "onTransportError">>,
  ): TransactionContext {
    const user = this.#options.user;
    const onResponse = override?.onResponse?.bind(override) ?? user.onResponse.bind(user);
    const onTimeout = override?.onTimeout?.bind(override) ?? user.onTimeout.bind(user);
    const onTransportError = override?.onTransportError?.bind(override) ??
      user.onTransportError.bind(user);
    // The layer creates only the four kinds it exports, so these narrowing casts hold.
    const listener: TransactionListener = {
      onResponse: (response, tx) => onResponse(response, tx as ClientTransaction),
      // RFC 6026 §8.6: an ACK absorbed in Accepted still reaches the TU.
      onAck: (ack, tx) => user.onRequest(ack, undefined, tx.destination),
      onTimeout: (tx) => onTimeout(tx as ClientTransaction),
      onTransportError: (tx, error) => onTransportError(tx as ClientTransaction, error),
      onTerminated: (tx) => this.#forget(tx),
    };
    return {
      clock: this.#options.clock,
      transport,
      timers: this.#timers,
      listener,
      lingering: this.#lingering,
    };
  }

  #forget(transaction: Transaction): void {
    if (this.#clients.get(transaction.id) === transaction) this.#clients.delete(transaction.id);
    if (this.#servers.get(transaction.id) === transaction) this.#servers.delete(transaction.id);
  }

  #transportFor(destination: Destination): SipTransport {
    const transport = this.#options.transport;
    return typeof transport === "function" ? transport(destination) : transport;
  }

  #ensureVia(request: SipRequest, destination: Destination): void {
    if (request.headers.has("Via")) {
      const via = topViaOf(request);
      if (via.branch === undefined) {
        via.branch = generateBranch();
        request.headers.setFirst("Via", formatVia(via));
      }
      return;
    }
    const local = this.#options.localAddress?.(destination) ?? { host: "invalid.invalid" };
    request.headers.prepend(
      "Via",
      formatVia({
        transport: destination.transport,
        host: local.host,
        port: local.port,
        branch: generateBranch(),
        rport: true,
      }),
    );
  }

  #sendStateless(message: SipMessage, destination: Destination): void {
    try {
      const result = this.#transportFor(destination).send(message, destination);
      if (result instanceof Promise) result.catch(() => {});
    } catch {
      // Stateless sends have no transaction to fail; the peer will retransmit.
    }
  }
}

function answerFailure(transaction: ServerTransaction): void {
  const waiting = transaction.state === "proceeding" || transaction.state === "trying";
  if (!waiting || (transaction.lastResponse?.status ?? 0) >= 200) return;
  try {
    transaction.respond(createResponse(transaction.request, 500));
  } catch {
    // The transport failed as well; the transaction has ended by itself.
  }
}

function clientKey(branch: string, method: string): string {
  return `${branch}|${method}`;
}

/**
 * RFC 3261 §17.2.3: branch + sent-by + method when the branch carries the magic cookie;
 * otherwise the RFC 2543 identity (Request-URI, From tag, Call-ID, CSeq number, top Via).
 */
function serverKey(request: SipRequest, method: string): string {
  const via: Via = topViaOf(request);
  const sentBy = `${via.host}:${via.port ?? ""}`;
  if (via.branch?.startsWith(MAGIC_COOKIE) && via.branch.length > MAGIC_COOKIE.length) {
    return `${via.branch}|${sentBy}|${method}`;
  }
  const fromTag = tagOf(fromOf(request)) ?? "";
  return [
    "2543",
    request.uri,
    fromTag,
    callIdOf(request),
    cseqOf(request).seq,
    via.transport,
    sentBy,
    via.branch ?? "",
    method,
  ]
    .join("|");
}
