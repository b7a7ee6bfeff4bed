import type { CancelTimer, Clock } from "../../clock/mod.ts";
import type { Logger } from "../../log/mod.ts";
import {
  answerDigestChallenge,
  type ClientTransaction,
  createRequest,
  type Destination,
  generateCallId,
  generateTag,
  hostForUri,
  parseDigestChallenge,
  type SipRequest,
  type SipResponse,
  type TransactionUser,
} from "../core/mod.ts";

/** Where a trunk's registration stands, as the admin sees it. */
export const REGISTRATION_STATES = ["registering", "registered", "failed", "stopped"] as const;
export type TrunkRegistrationState = typeof REGISTRATION_STATES[number];

export interface TrunkRegistrationStatus {
  state: TrunkRegistrationState;
  /** When the registrar lets the binding lapse unless refreshed. */
  expires_at: string | null;
  /** Why the last attempt failed, in a sentence. */
  reason: string | null;
}

/** What a registration needs from the SIP stack. */
export interface RegistrationHost {
  clock: Clock;
  log: Logger;
  /** Our address and port as the registrar should call us back. */
  contactHost(): { host: string; port: number };
  sendRequest(
    request: SipRequest,
    destination: Destination,
    listener: Partial<Pick<TransactionUser, "onResponse" | "onTimeout" | "onTransportError">>,
  ): ClientTransaction;
  changed(status: TrunkRegistrationStatus): void;
}

export interface RegistrationTarget {
  host: string;
  port: number;
  transport: "udp" | "tcp";
  username: string;
  password: string;
}

/** Seconds asked for; registrars may grant less (RFC 3261 §10.2.1.1). */
const REQUESTED_EXPIRES_S = 300;
/** A failed registration is tried again after this long. */
const RETRY_MS = 30_000;

/**
 * The appliance registering to a PBX as a SIP client (RFC 3261 §10.2), answering digest
 * challenges (§22.2) with the trunk's credentials and refreshing before the binding
 * lapses. One Call-ID and an increasing CSeq for the whole registration (§10.2.4).
 */
export class TrunkRegistration {
  #status: TrunkRegistrationStatus = { state: "registering", expires_at: null, reason: null };
  readonly #callId: string;
  readonly #fromTag = generateTag();
  #cseq = 0;
  #timer: CancelTimer | undefined;
  #stopped = false;

  constructor(
    private readonly host: RegistrationHost,
    private readonly target: RegistrationTarget,
  ) {
    this.#callId = generateCallId(host.contactHost().host);
  }

  get status(): TrunkRegistrationStatus {
    return this.#status;
  }

  start(): void {
    this.#send(REQUESTED_EXPIRES_S);
  }

  /** Stops refreshing and asks the registrar to remove the binding (best effort). */
  stop(): void {
    this.#stopped = true;
    this.#timer?.();
    if (this.#status.state === "registered") this.#send(0);
    this.#set({ state: "stopped", expires_at: null, reason: null });
  }

  #send(expires: number, authorization?: { header: string; value: string }, attempt = 0): void {
    const t = this.target;
    const uri = `sip:${hostForUri(t.host)}:${t.port}`;
    const aor = `sip:${t.username}@${hostForUri(t.host)}`;
    const me = this.host.contactHost();
    const request = createRequest({ method: "REGISTER", uri });
    request.headers.append("Max-Forwards", "70");
    request.headers.append("From", `<${aor}>;tag=${this.#fromTag}`);
    request.headers.append("To", `<${aor}>`);
    request.headers.append("Call-ID", this.#callId);
    request.headers.append("CSeq", `${++this.#cseq} REGISTER`);
    request.headers.append(
      "Contact",
      `<sip:${t.username}@${hostForUri(me.host)}:${me.port};transport=${t.transport}>`,
    );
    request.headers.append("Expires", String(expires));
    request.headers.append("User-Agent", "callcenter-appliance");
    if (authorization) request.headers.append(authorization.header, authorization.value);
    this.host.sendRequest(request, { transport: t.transport, host: t.host, port: t.port }, {
      onResponse: (response) => this.#answered(response, expires, uri, attempt),
      onTimeout: () => this.#failed("the registrar did not answer"),
      onTransportError: () => this.#failed("the registrar cannot be reached"),
    });
  }

  #answered(response: SipResponse, expires: number, uri: string, attempt: number): void {
    if (response.status < 200 || this.#stopped) return;
    if (response.status === 401 || response.status === 407) {
      const header = response.status === 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
      const challengeText = response.headers.get(header);
      // A second challenge without `stale` means the credentials were refused.
      if (!challengeText || attempt >= 2) {
        this.#failed(`the registrar refused the credentials (${response.status})`);
        return;
      }
      try {
        const challenge = parseDigestChallenge(challengeText);
        if (attempt === 1 && !challenge.stale) {
          this.#failed(`the registrar refused the credentials (${response.status})`);
          return;
        }
        const value = answerDigestChallenge(challenge, {
          username: this.target.username,
          password: this.target.password,
          method: "REGISTER",
          uri,
        });
        this.#send(expires, {
          header: response.status === 401 ? "Authorization" : "Proxy-Authorization",
          value,
        }, attempt + 1);
      } catch (error) {
        this.#failed(`the registrar's challenge cannot be answered: ${(error as Error).message}`);
      }
      return;
    }
    if (response.status >= 300) {
      this.#failed(`the registrar answered ${response.status} ${response.reason}`);
      return;
    }
    if (expires === 0) return;
    const granted = grantedExpires(response) ?? expires;
    const now = this.host.clock.now();
    this.#set({
      state: "registered",
      expires_at: new Date(now + granted * 1000).toISOString(),
      reason: null,
    });
    // Refresh well before the end, and never in a tight loop.
    this.#schedule(Math.max(5, Math.floor(granted * 0.8)) * 1000);
  }

  #failed(reason: string): void {
    if (this.#stopped) return;
    this.host.log.warn("trunk registration failed", {
      registrar: `${this.target.host}:${this.target.port}`,
      reason,
    });
    this.#set({ state: "failed", expires_at: null, reason });
    this.#schedule(RETRY_MS);
  }

  #schedule(ms: number): void {
    this.#timer?.();
    this.#timer = this.host.clock.setTimer(ms, () => {
      if (!this.#stopped) this.#send(REQUESTED_EXPIRES_S);
    });
  }

  #set(status: TrunkRegistrationStatus): void {
    const changed = status.state !== this.#status.state;
    this.#status = status;
    if (changed) this.host.changed(status);
  }
}

/** The expiry the registrar granted: our Contact's `expires`, else the Expires header. */
function grantedExpires(response: SipResponse): number | undefined {
  const contact = response.headers.get("Contact");
  const fromContact = contact?.match(/;\s*expires=(\d+)/i)?.[1];
  const header = response.headers.get("Expires");
  const value = Number(fromContact ?? header);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
