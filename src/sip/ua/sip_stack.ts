import type { Clock } from "../../clock/mod.ts";
import { type Logger, LogOncePerInterval } from "../../log/mod.ts";
import {
  callIdOf,
  type ClientTransaction,
  createResponse,
  type Destination,
  DigestAuthenticator,
  fromOf,
  hostForUri,
  type InviteServerTransaction,
  type ServerTransaction,
  type SipRequest,
  type SipResponse,
  tagOf,
  toOf,
  TransactionLayer,
  type TransactionUser,
} from "../core/mod.ts";
import { TransportSet } from "../transport/transport_set.ts";
import { ClientLeg, type OriginateOptions } from "./client_leg.ts";
import { DialogTable } from "./dialog_table.ts";
import type { Leg, LegHost } from "./leg.ts";
import { type Binding, LocationService } from "./location_service.ts";
import { type ExtensionCredentials, Registrar } from "./registrar.ts";
import { ServerLeg } from "./server_leg.ts";
import { SourceGuard } from "./source_guard.ts";
import { ExtensionGuard } from "./extension_guard.ts";
import type { TrunkDirectory } from "./trunk_directory.ts";
import type { SipCallHandler } from "./sip_call_handler.ts";
import { TrunkCallAdmission } from "./trunk_call_admission.ts";
import { LatencyWindow } from "./latency_window.ts";
import { DEFAULT_SIP_LIMITS, type SipLimits } from "./sip_limits.ts";
import { AddressAdmission } from "./address_admission.ts";
import { type RegistrationListener, RegistrationNotices } from "./registration_notices.ts";
import type { TrunkRegistrationStatus } from "./trunk_registration.ts";
import { TrunkUpkeep } from "./trunk_upkeep.ts";
import { answerOtherRequest, MessageIntake, refuseInvalid } from "./message_intake.ts";

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
  readonly #notices: RegistrationNotices;
  readonly #dialogs: DialogTable;
  readonly #admission: TrunkCallAdmission;
  #quiet: LogOncePerInterval;
  readonly #addresses: AddressAdmission;
  readonly #intake: MessageIntake;
  /** Registrations to PBXs and trunks' OPTIONS health, following the trunks' settings. */
  readonly #upkeep: TrunkUpkeep;
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
    this.#quiet = new LogOncePerInterval(PARSE_LOG_INTERVAL_MS, () => options.clock.now());
    this.#addresses = new AddressAdmission(
      options.clock,
      this.limits,
      options.trunks,
      this.guard,
      this.counters,
      options.log,
      this.#quiet,
    );
    this.#notices = new RegistrationNotices(options.log, options.publish);
    this.#intake = new MessageIntake(this.counters, options.log, this.#quiet, () => this.#layer);
    this.location = new LocationService(
      options.clock,
      (binding) => this.#notices.changed("expired", binding),
    );
    this.#dialogs = new DialogTable(options.clock, 32 * this.t1);
    this.#admission = new TrunkCallAdmission({
      host: this,
      log: options.log,
      quiet: this.#quiet,
      trunks: options.trunks,
      guard: this.guard,
      trunkAuth: new DigestAuthenticator({
        realm: options.realm,
        secret: options.nonceSecret,
        clock: options.clock,
        algorithms: ["MD5", "SHA-256"],
      }),
      counters: this.counters,
      setupTimeoutMs: this.limits.setupTimeoutMs,
      handler: () => this.#handler,
      stopping: () => this.#stopping,
      layer: () => this.#requireLayer(),
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
      onChange: (kind, binding) => this.#notices.changed(kind, binding),
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
    return this.#notices.listen(listener);
  }

  async start(): Promise<void> {
    this.#transports = await TransportSet.open(
      {
        bind: this.options.bind,
        port: this.options.port,
        maxConnectionsPerAddress: this.limits.tcpConnectionsPerAddress,
      },
      {
        admit: (source) => this.#addresses.admit(source),
        onMessage: (message, source) => this.#intake.receive(message, source),
        onBadMessage: (error, source) => this.#intake.bad(error, source),
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
    this.#dialogs.hangupAll("shutdown");
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
        this.#notices.changed("unregistered", binding, { reason: "connection closed" });
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
    this.#dialogs.bind(key, leg);
  }

  legAnswered(leg: Leg): void {
    if (!(leg instanceof ServerLeg)) return;
    this.answerLatency.add(performance.now() - leg.receivedAt);
    this.unreadLatency.add(leg.readAt - leg.receivedAt);
  }

  legEnded(leg: Leg): void {
    this.#dialogs.ended(leg);
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
      rateTracked: this.#addresses.tracked,
    };
  }

  get liveLegs(): number {
    return this.#dialogs.live;
  }

  // ---- TransactionUser ------------------------------------------------------------------

  onRequest(
    request: SipRequest,
    transaction: ServerTransaction | undefined,
    source: Destination,
  ): void {
    // RFC 3261 §8.2: every request is checked before anything acts on it (RFC 4475's
    // badvers and mismatch01 are OPTIONS, which used to be answered 200 regardless).
    if (transaction && refuseInvalid(request, transaction)) return;
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
        this.#admission.invite(request, transaction as InviteServerTransaction, source);
        return;
      case "CANCEL":
        this.#admission.cancel(request, transaction);
        return;
      case "REGISTER":
        this.registrar.handle(request, transaction, source);
        return;
      default:
        answerOtherRequest(request, transaction);
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

  #requireLayer(): TransactionLayer {
    if (!this.#layer) throw new Error("The SIP stack is not started");
    return this.#layer;
  }
}
