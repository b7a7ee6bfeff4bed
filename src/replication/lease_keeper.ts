import type { CancelTimer, Clock } from "../clock/mod.ts";
import type { Logger } from "../log/mod.ts";
import type { LeaseAnswer } from "./witness_lease.ts";

/** How often a holder renews its lease (ms): well inside the witness's 5 s. */
export const LEASE_RENEW_MS = 1000;
/** Given up before the witness's count ends, for clocks that run apart (ms). */
const LEASE_MARGIN_MS = 500;
/** The longest a claim may take; a slower witness counts as unreachable (ms). */
const CLAIM_TIMEOUT_MS = 900;

export interface LeaseKeeperOptions {
  /** The witness's address, such as http://10.0.0.9:7450. */
  url: string;
  token: string;
  clock: Clock;
  log: Logger;
  /** This box's name at the witness; one per process, so a restart claims anew. */
  holder?: string;
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
}

/**
 * One box's side of the witness's lease: claims it, keeps it by renewing every second,
 * and knows when it lapsed. The lease counts as held from a claim's sending, not its
 * answer, and ends a margin before the witness's count does, so the holder always
 * believes it lost the lease before anyone else can be granted it.
 */
export class LeaseKeeper {
  readonly #options: LeaseKeeperOptions;
  readonly holder: string;
  /** Monotonic time until which the lease is this box's; 0 when never granted. */
  #validUntil = 0;
  #held = false;
  #epoch: (() => number) | undefined;
  #renewal: CancelTimer | undefined;
  #expiry: CancelTimer | undefined;
  #stopped = false;
  readonly #listeners = new Set<(held: boolean) => void>();

  constructor(options: LeaseKeeperOptions) {
    this.#options = options;
    this.holder = options.holder ?? crypto.randomUUID();
  }

  /** Whether this box holds the lease now. */
  get held(): boolean {
    return this.#held && this.#options.clock.monotonic() < this.#validUntil;
  }

  /** Told when the lease is gained or lost. */
  onChange(listener: (held: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Claims (or renews) the lease once for `epoch`; resolves whether this box holds it. */
  async claim(epoch: number): Promise<boolean> {
    const { clock, url, token, log } = this.#options;
    const sentAt = clock.monotonic();
    const fetch = this.#options.fetch ?? globalThis.fetch;
    try {
      const response = await fetch(`${url.replace(/\/$/, "")}/witness/lease`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ holder: this.holder, epoch }),
        signal: AbortSignal.timeout(CLAIM_TIMEOUT_MS),
      });
      const answer = await response.json().catch(() => ({})) as Partial<LeaseAnswer>;
      if (response.ok && answer.granted === true && typeof answer.ttl_ms === "number") {
        this.#validUntil = Math.max(this.#validUntil, sentAt + answer.ttl_ms - LEASE_MARGIN_MS);
        this.#armExpiry();
      } else if (response.status === 401 || response.status === 400) {
        log.error("the witness refused this box's claim; check --witness-token", {
          status: response.status,
        });
      }
    } catch {
      // Unreachable or slow: the lease runs out by itself unless a later claim lands.
    }
    this.#settle();
    return this.held;
  }

  /** Renews every second from now on, in the epoch `epoch()` names at each renewal. */
  keep(epoch: () => number): void {
    this.#epoch = epoch;
    if (this.#renewal || this.#stopped) return;
    const renew = () => {
      this.#renewal = this.#options.clock.setTimer(LEASE_RENEW_MS, () => {
        const current = this.#epoch;
        if (this.#stopped || !current) return;
        void this.claim(current()).finally(() => {
          if (!this.#stopped) renew();
        });
      });
    };
    renew();
  }

  /** Stops renewing; the lease lapses at the witness by itself. */
  stop(): void {
    this.#stopped = true;
    this.#renewal?.();
    this.#expiry?.();
    this.#renewal = this.#expiry = undefined;
    this.#validUntil = 0;
    this.#settle();
  }

  #armExpiry(): void {
    this.#expiry?.();
    const { clock } = this.#options;
    this.#expiry = clock.setTimer(Math.max(0, this.#validUntil - clock.monotonic()), () => {
      this.#expiry = undefined;
      this.#settle();
    });
  }

  /** Tells the listeners when holding changed, and logs it. */
  #settle(): void {
    const held = this.#options.clock.monotonic() < this.#validUntil;
    if (held === this.#held) return;
    this.#held = held;
    if (held) this.#options.log.info("holding the witness's lease", { holder: this.holder });
    else if (!this.#stopped) {
      this.#options.log.warn("the witness's lease lapsed", { holder: this.holder });
    }
    for (const listener of this.#listeners) listener(held);
  }
}
