import type { Clock } from "../../clock/mod.ts";
import { type Logger, LogOncePerInterval } from "../../log/mod.ts";
import {
  callIdOf,
  type ClientTransaction,
  createBadRequestResponse,
  createResponse,
  type Destination,
  DigestAuthenticator,
  FixedDelayTimers,
  fromOf,
  generateTag,
  hostForUri,
  InviteServerTransaction,
  type ServerTransaction,
  type SipMessage,
  SipParseError,
  type SipRequest,
  type SipResponse,
  tagOf,
  toOf,
  topViaOf,
  TransactionLayer,
  type TransactionUser,
  validateRequest,
} from "../core/mod.ts";
import { TransportSet } from "../transport/transport_set.ts";
import { ClientLeg, type OriginateOptions } from "./client_leg.ts";
import { EndedDialog } from "./ended_dialog.ts";
import { ALLOW, type Leg, type LegHost } from "./leg.ts";
import { type Binding, LocationService } from "./location_service.ts";
import { type ExtensionCredentials, Registrar } from "./registrar.ts";
import { ServerLeg } from "./server_leg.ts";
import { SourceGuard } from "./source_guard.ts";
import { ExtensionGuard } from "./extension_guard.ts";
import type { Trunk, TrunkDirectory } from "./trunk_directory.ts";
import { calledNumberOf, callerOf } from "./numbers.ts";
import { LatencyWindow } from "./latency_window.ts";
import { DEFAULT_SIP_LIMITS, type SipLimits, trunkRateLimit } from "./sip_limits.ts";
import { RequestRateLimiter } from "./request_rate_limiter.ts";
import type { TrunkRegistrationStatus } from "./trunk_registration.ts";
import { TrunkUpkeep } from "./trunk_upkeep.ts";

/** An INVITE from a trunk, handed to the call layer. */
export interface IncomingCall {
  leg: ServerLeg;
  trunk: Trunk;
  /** The dialed number (Request-URI user). */
  did: string;
  /** The caller's number as the trunk presented it (not yet normalised). */
  caller: string;
  callerName?: string;
}

/** What the call layer does with calls the SIP layer accepts or refuses. */
export interface SipCallHandler {
  incomingCall(call: IncomingCall): void;
  /** A trunk call refused before it reached anything (trunk at its limit, shutting down). */
  blockedCall(
    info: { trunk: Trunk; did: string; caller: string; reason: string; sipCallId: string },
  ): void;
}

/** A change in where an extension can be reached (RFC 3261 §10.3). */
export interface RegistrationChange {
  /** `expired`: the phone or browser stopped refreshing and the binding lapsed. */
  kind: "registered" | "unregistered" | "expired";
  extension: string;
  contact: string;
  transport: string;
}

export type RegistrationListener = (change: RegistrationChange) => void;

/** The event hub's names for registration changes, which the UI shows. */
const REGISTRATION_EVENTS: Record<RegistrationChange["kind"], string> = {
  registered: "sip.registered",
  unregistered: "sip.unregistered",
  expired: "sip.registration_expired",
};

export interface SipStackOptions {
  bind: string;
  port: number;
  /** The address peers can reach us at, for Contact and Via. */
  advertisedHost: string;
  clock: Clock;
  log: Logger;
  trunks: TrunkDirectory;
  credentials: (extension: string) => ExtensionCredentials[];
  /**
   * HMAC key for digest nonces, asked for when the first challenge is made or checked, so
   * a stack that never serves (a standby's) never needs one.
   */
  nonceSecret: () => string;
  /** Events for the UI (registrations, trunk health) on the event hub. */
  publish: (type: string, data: Record<string, unknown>) => void;
  realm: string;
  t1?: number;
  /** Overrides of {@link DEFAULT_SIP_LIMITS}. */
  limits?: Partial<SipLimits>;
}

const PARSE_LOG_INTERVAL_MS = 60_000;
const SUPPORTED_EXTENSIONS = ["replaces", "timer", "outbound", "path", "100rel"];

/**
 * The appliance's SIP user agent: transports, transactions, the registrar, trunk
 * admission, and the B2BUA legs the call layer drives. It knows nothing of queues or
 * customers: calls leave it through the one {@link SipCallHandler} given to
 * {@link onIncomingCall}, registration changes through {@link onRegistration}'s listeners.
 */
export class SipStack implements TransactionUser, LegHost {
  readonly clock: Clock;
  readonly log: Logger;
  readonly t1: number;
  readonly t2 = 4000;
  readonly location: LocationService;
  readonly guard: SourceGuard;
  readonly registrar: Registrar;
  readonly limits: Readonly<SipLimits>;
  readonly counters = {
    badMessages: 0,
    forbidden: 0,
    blocked: 0,
    dropped: 0,
    invites: 0,
    /** Messages dropped unread because their address was over its rate. */
    rateLimited: 0,
    /** Requests answered 503 because the transaction table was full. */
    overloaded: 0,
  };
  /** INVITE received → 200 OK sent, in ms, over the last calls answered. */
  readonly answerLatency = new LatencyWindow(10_000);
  /**
   * Of each answered INVITE's time, how long it waited in the kernel unread (the event
   * loop busy elsewhere); 0 where the transport cannot tell. Same calls as `answerLatency`.
   */
  readonly unreadLatency = new LatencyWindow(10_000);
  #transports?: TransportSet;
  #layer?: TransactionLayer;
  #handler?: SipCallHandler;
  #registrationListeners = new Set<RegistrationListener>();
  #dialogs = new Map<string, Leg | EndedDialog>();
  /** How long an ended dialog is kept, one queue for all (decision 048). */
  #endedDialogs?: FixedDelayTimers;
  #inviteLegs = new WeakMap<InviteServerTransaction, ServerLeg>();
  #quiet: LogOncePerInterval;
  #rates: RequestRateLimiter;
  /** The appliance's registrations to PBXs, by trunk id, with the settings they use. */
  /** Registrations to PBXs and trunks' OPTIONS health, following the trunks' settings. */
  readonly #upkeep: TrunkUpkeep;
  /** Checks PBXs that authenticate to the appliance with a trunk's credentials. */
  readonly #trunkAuth: DigestAuthenticator;
  #passive = false;
  #stopping = false;

  constructor(private readonly options: SipStackOptions) {
    this.clock = options.clock;
    this.log = options.log;
    this.t1 = options.t1 ?? 500;
    this.limits = { ...DEFAULT_SIP_LIMITS, ...options.limits };
    this.#upkeep = new TrunkUpkeep({
      clock: options.clock,
      log: options.log,
      trunks: options.trunks,
      advertisedHost: options.advertisedHost,
      contactHost: () => ({ host: options.advertisedHost, port: this.port }),
      sendRequest: (request, destination, listener) =>
        this.sendRequest(request, destination, listener),
      publish: options.publish,
    });
    this.guard = new SourceGuard(options.clock, { capacity: this.limits.trackedAddresses });
    this.#rates = new RequestRateLimiter(options.clock, this.limits.trackedAddresses);
    this.#quiet = new LogOncePerInterval(PARSE_LOG_INTERVAL_MS, () => options.clock.now());
    this.location = new LocationService(
      options.clock,
      (binding) => this.#registrationChanged("expired", binding),
    );
    this.#trunkAuth = new DigestAuthenticator({
      realm: options.realm,
      secret: options.nonceSecret,
      clock: options.clock,
      algorithms: ["MD5", "SHA-256"],
    });
    this.registrar = new Registrar({
      clock: options.clock,
      log: options.log,
      authenticator: new DigestAuthenticator({
        realm: options.realm,
        secret: options.nonceSecret,
        clock: options.clock,
        // MD5 first: SIPp and most desk phones answer only the first challenge and know
        // only MD5. SHA-256 stays on offer (docs/decisions/003).
        algorithms: ["MD5", "SHA-256"],
      }),
      credentials: options.credentials,
      location: this.location,
      guard: this.guard,
      extensionGuard: new ExtensionGuard(options.clock, {
        maxFailures: this.limits.extensionAuthFailures,
        windowMs: this.limits.extensionAuthWindowMs,
        lockMs: this.limits.extensionLockMs,
        capacity: this.limits.trackedAddresses,
      }),
      onChange: (kind, binding) => this.#registrationChanged(kind, binding),
    });
  }

  get port(): number {
    if (!this.#transports) throw new Error("The SIP stack is not started");
    return this.#transports.port;
  }

  /**
   * Whether the stack answers every new request 503 (a standby's SIP): OPTIONS included,
   * so dispatchers and PBXs see it as down and send calls to the primary.
   */
  get passive(): boolean {
    return this.#passive;
  }

  set passive(on: boolean) {
    this.#passive = on;
  }

  get started(): boolean {
    return this.#transports !== undefined;
  }

  /**
   * Hands every call the stack admits to `handler`, the only one: a second throws. Until
   * there is one, and after the returned function removes it, calls are refused with 503.
   */
  onIncomingCall(handler: SipCallHandler): () => void {
    if (this.#handler) throw new Error("The SIP stack already has an incoming-call handler");
    this.#handler = handler;
    return () => {
      if (this.#handler === handler) this.#handler = undefined;
    };
  }

  /**
   * Tells `listener` of every binding registered, removed or expired, after the location
   * service has changed (so {@link contactsOf} already answers the new way). Returns the
   * function that removes the listener.
   */
  onRegistration(listener: RegistrationListener): () => void {
    this.#registrationListeners.add(listener);
    return () => this.#registrationListeners.delete(listener);
  }

  async start(): Promise<void> {
    this.#transports = await TransportSet.open(
      {
        bind: this.options.bind,
        port: this.options.port,
        maxConnectionsPerAddress: this.limits.tcpConnectionsPerAddress,
      },
      {
        admit: (source) => this.#admit(source),
        onMessage: (message, source) => this.#receive(message, source),
        onBadMessage: (error, source) => this.#badMessage(error, source),
      },
    );
    this.#layer = new TransactionLayer({
      clock: this.clock,
      transport: (destination) => this.#transports!.transportFor(destination),
      user: this,
      timers: { t1: this.t1 },
      localAddress: () => ({ host: this.options.advertisedHost, port: this.port }),
      maxServerTransactions: this.limits.maxServerTransactions,
      onOverload: (_request, source) => {
        this.counters.overloaded++;
        this.#quiet.maybe(
          "overload",
          (n) =>
            this.log.warn("SIP transaction table is full; answering 503", {
              source: source.host,
              suppressed: n,
            }),
        );
      },
    });
    this.#upkeep.start();
    this.log.info("SIP listening", {
      bind: this.options.bind,
      port: this.port,
      udp: true,
      tcp: true,
    });
  }

  /** Refuses new calls, ends the live ones with BYE/CANCEL, and closes the sockets. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#upkeep.stop();
    for (const leg of new Set(this.#dialogs.values())) leg.hangup("shutdown");
    // Give the BYEs a moment to leave before the sockets close.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await this.#transports?.close();
  }

  /** Hands an upgraded WebSocket (subprotocol "sip", RFC 7118) to the WS transport. */
  acceptWebSocket(
    socket: WebSocket,
    remote: { host: string; port: number },
    secure: boolean,
  ): void {
    if (!this.#transports) {
      socket.close(1013, "SIP is not started");
      return;
    }
    this.#transports.ws.accept(socket, remote, secure);
    socket.addEventListener("close", () => {
      for (
        const binding of this.location.removeFlow({ transport: secure ? "wss" : "ws", ...remote })
      ) {
        this.#registrationChanged("unregistered", binding, { reason: "connection closed" });
      }
    });
  }

  /** Where the appliance's registration to a trunk's PBX stands; undefined when it does not register. */
  trunkRegistration(trunkId: number): TrunkRegistrationStatus | undefined {
    return this.#upkeep.registration(trunkId);
  }

  /** Places a call (rings an agent's contact, or dials out through a trunk). */
  originate(
    options: Omit<OriginateOptions, "from"> & { from: { user: string; displayName?: string } },
  ): ClientLeg {
    const leg = new ClientLeg(this, {
      ...options,
      from: { ...options.from, host: this.options.advertisedHost },
    });
    leg.start();
    return leg;
  }

  /** The contact of an extension to ring, if registered. */
  contactsOf(extension: string): Binding[] {
    return this.location.lookup(extension);
  }

  // ---- LegHost -------------------------------------------------------------------------

  contactFor(destination: Destination): string {
    const transport = destination.transport.toLowerCase();
    if (transport === "ws" || transport === "wss") {
      return `<sip:cc@${this.options.advertisedHost};transport=${transport}>`;
    }
    return `<sip:cc@${
      hostForUri(this.options.advertisedHost)
    }:${this.port};transport=${transport}>`;
  }

  sendRequest(
    request: SipRequest,
    destination: Destination,
    listener?: Partial<Pick<TransactionUser, "onResponse" | "onTimeout" | "onTransportError">>,
  ): ClientTransaction {
    return this.#requireLayer().sendRequest(request, destination, listener);
  }

  sendAck(ack: SipRequest, destination: Destination): void {
    this.#requireLayer().sendAck(ack, destination);
  }

  bindDialog(key: string, leg: Leg): void {
    this.#dialogs.set(key, leg);
  }

  unbindDialog(key: string): void {
    this.#dialogs.delete(key);
  }

  legAnswered(leg: Leg): void {
    if (!(leg instanceof ServerLeg)) return;
    this.answerLatency.add(performance.now() - leg.receivedAt);
    this.unreadLatency.add(leg.readAt - leg.receivedAt);
  }

  legEnded(leg: Leg): void {
    // Keep the dialog reachable briefly so a late BYE/ACK retransmission still matches.
    const key = (leg as ServerLeg | ClientLeg).dialogKey;
    // An outbound leg stays whole: a late 2xx is ACKed again from its dialog.
    const kept = leg instanceof ServerLeg && this.#dialogs.get(key) === leg
      ? new EndedDialog()
      : leg;
    if (kept !== leg) this.#dialogs.set(key, kept);
    this.#endedDialogs ??= new FixedDelayTimers(this.clock, 32 * this.t1);
    this.#endedDialogs.set(() => {
      if (this.#dialogs.get(key) === kept) this.#dialogs.delete(key);
    });
  }

  /** How full the tables are that a peer's traffic fills, for diagnostics and tests. */
  get tableSizes(): {
    serverTransactions: number;
    clientTransactions: number;
    rateTracked: number;
  } {
    const size = this.#layer?.size ?? { clients: 0, servers: 0 };
    return {
      serverTransactions: size.servers,
      clientTransactions: size.clients,
      rateTracked: this.#rates.size,
    };
  }

  get liveLegs(): number {
    return [...this.#dialogs.values()].filter((l) => !l.ended).length;
  }

  // ---- TransactionUser ------------------------------------------------------------------

  onRequest(
    request: SipRequest,
    transaction: ServerTransaction | undefined,
    source: Destination,
  ): void {
    // RFC 3261 §8.2: every request is checked before anything acts on it (RFC 4475's
    // badvers and mismatch01 are OPTIONS, which used to be answered 200 regardless).
    if (transaction && this.#refuseInvalid(request, transaction)) return;
    const toTag = tagOf(toOf(request));
    if (toTag) {
      const leg = this.#dialogs.get(`${callIdOf(request)};${toTag}`);
      if (leg) leg.receiveInDialog(request, transaction);
      else if (transaction) transaction.respond(createResponse(request, 481));
      return;
    }
    if (!transaction) return; // An ACK outside any dialog we know.
    if (this.#passive) {
      // A standby: a PBX or dispatcher probing with OPTIONS, or sending a call, moves on to
      // the primary (RFC 3261 §21.5.4, Retry-After says when to try this box again).
      transaction.respond(createResponse(request, 503, { headers: [["Retry-After", "5"]] }));
      return;
    }
    switch (request.method) {
      case "INVITE":
        this.#incomingInvite(request, transaction as InviteServerTransaction, source);
        return;
      case "CANCEL":
        this.#cancel(request, transaction);
        return;
      case "REGISTER":
        this.registrar.handle(request, transaction, source);
        return;
      case "OPTIONS":
        transaction.respond(createResponse(request, 200, {
          headers: [["Allow", ALLOW], ["Accept", "application/sdp"], [
            "Supported",
            SUPPORTED_EXTENSIONS.join(", "),
          ]],
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
        // RFC 3261 §8.2.1: a method we do not implement at all is 501, with what we allow.
        transaction.respond(createResponse(request, 501, { headers: [["Allow", ALLOW]] }));
    }
  }

  onResponse(response: SipResponse, transaction: ClientTransaction | undefined): void {
    if (transaction) return;
    // A 2xx retransmission after our INVITE transaction ended: re-ACK it (RFC 3261 §13.2.2.4).
    const leg = this.#dialogs.get(`${callIdOf(response)};${tagOf(fromOf(response))}`);
    if (leg instanceof ClientLeg) leg.receiveStray(response);
  }

  onTimeout(_transaction: ClientTransaction | ServerTransaction): void {}

  onTransportError(transaction: ClientTransaction | ServerTransaction, error: unknown): void {
    this.log.debug("transport error", { sip_call_id: callIdOf(transaction.request), error });
  }

  // ---- Inbound handling -----------------------------------------------------------------

  /**
   * Whether a message from `source` is read at all: not from a blocked address, and
   * within the address's rate (a trunk's own, or the one every other address has).
   */
  #admit(source: Destination): boolean {
    const address = source.host;
    if (this.guard.isBlocked(address)) {
      this.counters.dropped++;
      return false;
    }
    const trunk = this.options.trunks.matchSource(address);
    const limit = trunk
      ? trunkRateLimit(this.limits, trunk.maxCalls)
      : { perSecond: this.limits.requestsPerSecond, burst: this.limits.requestBurst };
    const verdict = this.#rates.take(address, limit, trunk === undefined);
    if (verdict === "pass") return true;
    this.counters.rateLimited++;
    if (verdict === "block") {
      this.guard.block(address, this.limits.floodBlockMs);
      this.log.warn("blocking an address that floods the SIP port", {
        source: address,
        per_second: limit.perSecond,
        block_ms: this.limits.floodBlockMs,
      });
    } else if (trunk) {
      this.#quiet.maybe(
        `trunk-rate:${trunk.id}`,
        (n) =>
          this.log.warn("a trunk sends faster than its limit; dropping the excess", {
            trunk: trunk.name,
            source: address,
            per_second: limit.perSecond,
            suppressed: n,
          }),
      );
    }
    return false;
  }

  #receive(message: SipMessage, source: Destination): void {
    if (message.kind === "request") {
      // A Via that names another transport than the one the request came on would send our
      // answers (and TCP connection attempts) somewhere the sender never was.
      if (topViaOf(message).transport.toLowerCase() !== source.transport) {
        this.#badMessage(
          new SipParseError("Via transport does not match the transport used"),
          source,
        );
        return;
      }
    }
    try {
      this.#requireLayer().receive(message, source);
    } catch (error) {
      // A message that parsed but trips a later check must not take the stack down.
      this.counters.badMessages++;
      this.#quiet.maybe(
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

  #badMessage(error: SipParseError, source: Destination): void {
    this.counters.badMessages++;
    this.#quiet.maybe(
      `parse:${source.host}`,
      (n) =>
        this.log.warn("malformed SIP message", {
          source: `${source.host}:${source.port}`,
          reason: error.reason,
          suppressed: n,
        }),
    );
    const response = createBadRequestResponse(error, generateTag());
    if (response && this.#layer) this.#layer.sendStatelessResponse(response, source);
  }

  /**
   * A PBX that is not recognised by its address may prove it is a trunk with that trunk's
   * digest credentials (RFC 3261 §22.2): its first INVITE is challenged, its second
   * answered with the trunk it authenticated as. Trunks that register to their PBX are
   * not among them: those credentials are ours to present, not to check.
   */
  #digestTrunk(
    request: SipRequest,
    transaction: InviteServerTransaction,
  ): Trunk | "challenged" | undefined {
    const candidates = this.options.trunks.list().filter((t) =>
      t.enabled && !t.register && t.username && t.hasPassword
    );
    if (candidates.length === 0) return undefined;
    const authorization = request.headers.get("Authorization");
    let username: string | undefined;
    const result = this.#trunkAuth.verify(authorization, { method: "INVITE" }, (name) => {
      const trunk = candidates.find((t) => t.username === name);
      const password = trunk && this.options.trunks.secretOf(trunk.id);
      if (!password) return undefined;
      username = name;
      return { password };
    });
    if (result === "missing" || result === "stale") {
      transaction.respond(createResponse(request, 401, {
        toTag: generateTag(),
        headers: this.#trunkAuth.createChallenges({ stale: result === "stale" })
          .map((c) => ["WWW-Authenticate", c] as [string, string]),
      }));
      return "challenged";
    }
    return result === "ok" ? candidates.find((t) => t.username === username) : undefined;
  }

  #refuseInvalid(request: SipRequest, transaction: ServerTransaction): boolean {
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

  #incomingInvite(
    request: SipRequest,
    transaction: InviteServerTransaction,
    source: Destination,
  ): void {
    this.counters.invites++;
    let trunk = this.options.trunks.matchSource(source.host);
    if (!trunk) {
      const authenticated = this.#digestTrunk(request, transaction);
      if (authenticated === "challenged") return;
      trunk = authenticated;
    }
    const did = calledNumberOf(request);
    const { number: caller, name: callerName } = callerOf(request);
    if (!trunk) {
      this.counters.forbidden++;
      transaction.respond(
        createResponse(request, 403, { reason: "Not A Trunk", toTag: generateTag() }),
      );
      this.#quiet.maybe(
        `forbidden:${source.host}`,
        (n) =>
          this.log.warn("refused an INVITE from an unknown source", {
            source: source.host,
            suppressed: n,
          }),
      );
      if (this.guard.refused(source.host)) {
        this.log.warn("blocking a flooding address", { source: source.host });
      }
      return;
    }
    const refuse = (status: number, reason: string) => {
      this.counters.blocked++;
      transaction.respond(createResponse(request, status, { toTag: generateTag() }));
      this.#handler?.blockedCall({ trunk, did, caller, reason, sipCallId: callIdOf(request) });
    };
    if (this.#stopping) {
      refuse(503, "shutting_down");
      return;
    }
    if (!this.#handler) {
      refuse(503, "no_call_handler");
      this.#quiet.maybe(
        "no-handler",
        (n) =>
          this.log.warn("refused a call: nothing takes calls yet", {
            sip_call_id: callIdOf(request),
            suppressed: n,
          }),
      );
      return;
    }
    if (!this.options.trunks.acquire(trunk)) {
      refuse(503, "trunk_full");
      return;
    }
    const leg = new ServerLeg(this, request, transaction, source, {
      setupTimeoutMs: this.limits.setupTimeoutMs,
    });
    this.#inviteLegs.set(transaction, leg);
    leg.listen({
      ended: () => {
        this.options.trunks.release(trunk);
        // The INVITE's transaction outlives the call by up to 32 s (Timer L, RFC 6026
        // §7.1); the ended leg, its dialog and its SDP need not live that long with it.
        this.#inviteLegs.delete(transaction);
      },
    });
    try {
      this.#handler.incomingCall({ leg, trunk, did, caller, callerName });
    } catch (error) {
      // The call layer failed before answering: the caller still gets a final answer and
      // the trunk slot comes back.
      this.log.error("the call layer could not take an incoming call", {
        sip_call_id: leg.sipCallId,
        error,
      });
      leg.reject(500);
    }
  }

  #cancel(request: SipRequest, transaction: ServerTransaction): void {
    const invite = this.#requireLayer().findInviteServerTransaction(request);
    if (!invite) {
      transaction.respond(createResponse(request, 481));
      return;
    }
    const leg = this.#inviteLegs.get(invite);
    if (!leg) {
      // RFC 3261 §9.2: the INVITE was answered and its call is over; the CANCEL still
      // matched a transaction, so it gets 200 and has no effect.
      transaction.respond(createResponse(request, 200));
      return;
    }
    leg.receiveCancel(request, transaction);
  }

  // ---- Registration changes ---------------------------------------------------------------

  #registrationChanged(
    kind: RegistrationChange["kind"],
    binding: Binding,
    extra: Record<string, unknown> = {},
  ): void {
    const change: RegistrationChange = {
      kind,
      extension: binding.aor,
      contact: binding.contact,
      transport: binding.flow.transport,
    };
    for (const listener of this.#registrationListeners) {
      try {
        listener(change);
      } catch (error) {
        // The registrar's answer to the phone must not depend on who listens.
        this.log.error("a registration listener failed", { extension: change.extension, error });
      }
    }
    this.options.publish(REGISTRATION_EVENTS[kind], { ...bindingData(binding), ...extra });
  }

  #requireLayer(): TransactionLayer {
    if (!this.#layer) throw new Error("The SIP stack is not started");
    return this.#layer;
  }
}

function bindingData(binding: Binding): Record<string, unknown> {
  return {
    extension: binding.aor,
    contact: binding.contact,
    transport: binding.flow.transport,
    source: `${binding.flow.host}:${binding.flow.port}`,
    expires_at: new Date(binding.expiresAt).toISOString(),
    user_agent: binding.userAgent ?? null,
  };
}
