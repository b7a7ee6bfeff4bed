import type { Clock } from "../clock/mod.ts";
import type { Logger } from "../log/mod.ts";

/** How the webhook reaches the network; tests pass a fake. */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface AlertWebhookOptions {
  clock: Clock;
  log: Logger;
  /** The configured URL, read at each send so a change applies at once; undefined: off. */
  url: () => string | undefined;
  fetch?: Fetch;
  /** Tries per message, the first included. */
  attempts?: number;
  /** Wait before the second try; doubled for each one after. */
  backoffMs?: number;
  /** How long one try may take. */
  timeoutMs?: number;
  /** Messages kept while the receiver is slow; the oldest are dropped past this. */
  maxPending?: number;
}

/**
 * POSTs alert messages as JSON to the configured webhook, one at a time in order, each
 * tried a bounded number of times with growing pauses. `send` returns at once and never
 * throws: a slow or dead receiver costs a bounded queue and log lines, never a call.
 */
export class AlertWebhook {
  readonly #pending: { url: string; body: string }[] = [];
  #draining: Promise<void> | undefined;
  #closed = false;
  #cancelWait: (() => void) | undefined;
  readonly #fetch: Fetch;
  readonly #attempts: number;
  readonly #backoffMs: number;
  readonly #timeoutMs: number;
  readonly #maxPending: number;
  /** Messages delivered and given up on, for tests and the health view. */
  delivered = 0;
  failed = 0;
  dropped = 0;

  constructor(private readonly options: AlertWebhookOptions) {
    this.#fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.#attempts = options.attempts ?? 3;
    this.#backoffMs = options.backoffMs ?? 2000;
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#maxPending = options.maxPending ?? 100;
  }

  /** Queues `message` for the webhook, if one is configured. */
  send(message: Record<string, unknown>): void {
    if (this.#closed) return;
    const url = this.options.url();
    if (!url) return;
    this.#pending.push({ url, body: JSON.stringify(message) });
    if (this.#pending.length > this.#maxPending) {
      this.#pending.shift();
      this.dropped++;
    }
    this.#draining ??= this.#drain();
  }

  /** Stops sending; what is queued is dropped. */
  close(): void {
    this.#closed = true;
    this.#pending.length = 0;
    this.#cancelWait?.();
  }

  /** Resolves once everything queued was delivered or given up on. */
  async idle(): Promise<void> {
    await this.#draining;
  }

  async #drain(): Promise<void> {
    try {
      while (!this.#closed && this.#pending.length > 0) {
        const next = this.#pending.shift()!;
        if (await this.#deliver(next.url, next.body)) this.delivered++;
        else this.failed++;
      }
    } finally {
      this.#draining = undefined;
    }
  }

  async #deliver(url: string, body: string): Promise<boolean> {
    let problem = "";
    for (let attempt = 1; attempt <= this.#attempts && !this.#closed; attempt++) {
      if (attempt > 1) await this.#sleep(this.#backoffMs * 2 ** (attempt - 2));
      const abort = new AbortController();
      const cancel = this.options.clock.setTimer(this.#timeoutMs, () => abort.abort());
      try {
        const response = await this.#fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
          signal: abort.signal,
        });
        await response.body?.cancel();
        if (response.ok) return true;
        problem = `HTTP ${response.status}`;
        // A receiver that refuses the message will refuse it again.
        if (response.status >= 400 && response.status < 500 && response.status !== 429) break;
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      } finally {
        cancel();
      }
    }
    this.options.log.warn("alert webhook gave up on a message", { problem });
    return false;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const cancel = this.options.clock.setTimer(ms, () => {
        this.#cancelWait = undefined;
        resolve();
      });
      this.#cancelWait = () => {
        cancel();
        resolve();
      };
    });
  }
}
