/**
 * What every transaction kind shares (RFC 3261 §17): the injected transport and clock,
 * the timer values, a guarded state machine and the narrow interface through which a
 * transaction reports to its owner.
 */
import type { CancelTimer, Clock } from "../../clock/mod.ts";
import type { FixedDelayTimers } from "./fixed_delay_timers.ts";
import { SipHeaders } from "./headers.ts";
import { NO_BODY, type SipMessage, type SipRequest, type SipResponse } from "./message.ts";

/**
 * What a response to the request is built from (RFC 3261 §8.2.6.2: Via, From, To, Call-ID,
 * CSeq; Record-Route for a 2xx, §12.1.1), and so all a finished server transaction keeps.
 */
const IDENTITY_HEADERS = ["Via", "From", "To", "Call-ID", "CSeq", "Record-Route"];

/** Where a message goes or came from. `transport` is a Via transport name (UDP, TCP, WS...). */
export interface Destination {
  transport: string;
  host: string;
  port: number;
}

/** The transport a transaction sends through; `reliable` turns retransmissions off. */
export interface SipTransport {
  readonly reliable: boolean;
  send(message: SipMessage, destination: Destination): void | Promise<void>;
}

/** RFC 3261 §17.1.1.1 and Table 4; `d` is Timer D's unreliable value. */
export interface TimerSettings {
  t1: number;
  t2: number;
  t4: number;
  d: number;
}

export const DEFAULT_TIMERS: Readonly<TimerSettings> = { t1: 500, t2: 4000, t4: 5000, d: 32000 };

/** How a transaction reports to the layer above it. */
export interface TransactionListener {
  /** Client transactions: a response the TU must see. */
  onResponse?(response: SipResponse, transaction: Transaction): void;
  /** INVITE server transaction in Accepted: an ACK that the TU must see (RFC 6026 §8.6). */
  onAck?(ack: SipRequest, transaction: Transaction): void;
  onTimeout(transaction: Transaction): void;
  onTransportError(transaction: Transaction, error: unknown): void;
  onTerminated?(transaction: Transaction): void;
}

export interface TransactionContext {
  clock: Clock;
  transport: SipTransport;
  timers: TimerSettings;
  listener: TransactionListener;
  /** Timers of 64*T1 shared by the layer's transactions (Timer J, Timer L). */
  lingering?: FixedDelayTimers;
}

export abstract class Transaction<S extends string = string> {
  /** The key this transaction is matched by (RFC 3261 §17.1.3, §17.2.3). */
  readonly id: string;
  #request: SipRequest;
  /** Where requests (client) or responses (server) are sent. */
  readonly destination: Destination;
  protected readonly context: TransactionContext;
  #state: S;
  #transitions: Readonly<Record<S, readonly S[]>>;
  #timers = new Map<string, CancelTimer>();

  protected constructor(
    context: TransactionContext,
    id: string,
    request: SipRequest,
    destination: Destination,
    initial: S,
    transitions: Readonly<Record<S, readonly S[]>>,
  ) {
    this.context = context;
    this.id = id;
    this.#request = request;
    this.destination = destination;
    this.#state = initial;
    this.#transitions = transitions;
  }

  get request(): SipRequest {
    return this.#request;
  }

  /**
   * Lets go of the request's body and other headers once the transaction has sent its
   * final response. It still absorbs retransmissions for 32 s (Timer J, RFC 3261
   * §17.2.2; Timer L, RFC 6026 §7.1), and at 100 calls a second the whole INVITEs, SDP
   * included, held that long made up most of the main heap's growth under load.
   */
  protected keepOnlyIdentity(): void {
    const request = this.#request;
    const headers = new SipHeaders();
    for (const name of IDENTITY_HEADERS) {
      for (const value of request.headers.getAll(name)) headers.append(name, value);
    }
    this.#request = {
      kind: "request",
      method: request.method,
      uri: request.uri,
      version: request.version,
      headers,
      body: NO_BODY,
      arrivedAt: request.arrivedAt,
    };
  }

  get state(): S {
    return this.#state;
  }

  get terminated(): boolean {
    return this.#state === "terminated";
  }

  get reliable(): boolean {
    return this.context.transport.reliable;
  }

  /** The one place a state changes; an illegal move is a bug and throws. */
  protected transition(to: S): void {
    const from = this.#state;
    if (!this.#transitions[from].includes(to)) {
      throw new Error(`Transaction ${this.id} cannot move from ${from} to ${to}`);
    }
    this.#state = to;
    if (to === "terminated") {
      for (const cancel of this.#timers.values()) cancel();
      this.#timers.clear();
      this.context.listener.onTerminated?.(this);
    }
  }

  protected startTimer(name: string, delayMs: number, fire: () => void): void {
    this.stopTimer(name);
    this.#timers.set(
      name,
      this.context.clock.setTimer(delayMs, () => {
        this.#timers.delete(name);
        fire();
      }),
    );
  }

  /**
   * Timer J or L: 64*T1, the same for every transaction, so from the layer's shared queue
   * (`FixedDelayTimers`, made with the same T1); a transaction made outside a layer has its
   * own timer.
   */
  protected startLingerTimer(name: string, fire: () => void): void {
    const shared = this.context.lingering;
    if (!shared) {
      this.startTimer(name, 64 * this.context.timers.t1, fire);
      return;
    }
    this.stopTimer(name);
    this.#timers.set(
      name,
      shared.set(() => {
        this.#timers.delete(name);
        fire();
      }),
    );
  }

  protected stopTimer(name: string): void {
    this.#timers.get(name)?.();
    this.#timers.delete(name);
  }

  /** Sends; a failure terminates the transaction and is reported (RFC 3261 §17.1.4, §17.2.4). */
  protected send(message: SipMessage): void {
    try {
      const result = this.context.transport.send(message, this.destination);
      if (result instanceof Promise) result.catch((error) => this.#transportFailed(error));
    } catch (error) {
      this.#transportFailed(error);
    }
  }

  #transportFailed(error: unknown): void {
    if (this.terminated) return;
    this.transition("terminated" as S);
    this.context.listener.onTransportError(this, error);
  }

  protected timedOut(): void {
    this.transition("terminated" as S);
    this.context.listener.onTimeout(this);
  }
}
