import type { CancelTimer, Clock } from "../clock/mod.ts";
import type { Logger } from "../log/mod.ts";

export interface TakeoverWatchOptions {
  clock: Clock;
  log: Logger;
  /** Silence from the primary after which the standby takes over (ms). */
  silenceMs: number;
  /** When the primary last answered; undefined until it first has. */
  lastContactAt: () => number | undefined;
  /** Whether the witness (the PBX, the office gateway) still answers; absent: no witness. */
  witnessReachable?: () => Promise<boolean>;
  /**
   * Claims the lease witness's lease for this box; absent: no lease witness. Refused while
   * the primary still holds it (only the link between the boxes is cut).
   */
  claimLease?: () => Promise<boolean>;
  /**
   * Whether this standby has applied from the primary's feed since it started; absent:
   * assumed. A box restarted as standby holds its old copy until its first read, and one
   * that took over on it would lose what the primary acknowledged meanwhile.
   */
  hasFollowed?: () => boolean;
  /** Makes this box the primary; called at most once unless it fails. */
  takeOver: () => Promise<void>;
  /** How often the silence is checked (ms). */
  checkEveryMs?: number;
}

/**
 * Watches the primary's heartbeats (every answer on the replication link) and takes over
 * after `silenceMs` without one, counted from the watch's start when the primary never
 * answered. With a witness, a standby that cannot reach it either is the one cut off, so
 * it does not take over; with a lease witness, it takes over only once it holds the lease.
 */
export class TakeoverWatch {
  readonly #options: TakeoverWatchOptions;
  readonly #startedAt: number;
  #timer: CancelTimer | undefined;
  #busy = false;
  #done = false;
  /** When a refusal to take over was last logged. */
  #refusalSaidAt: number | undefined;

  constructor(options: TakeoverWatchOptions) {
    this.#options = options;
    this.#startedAt = options.clock.now();
  }

  start(): void {
    if (this.#timer || this.#done) return;
    this.#schedule();
  }

  stop(): void {
    this.#done = true;
    this.#timer?.();
    this.#timer = undefined;
  }

  /** One check; the timer's job, for tests. Resolves true when this box took over. */
  async check(): Promise<boolean> {
    if (this.#busy || this.#done) return false;
    const { clock, log, silenceMs } = this.#options;
    const heard = this.#options.lastContactAt() ?? this.#startedAt;
    const silentMs = clock.now() - heard;
    if (silentMs < silenceMs) return false;
    if (this.#options.hasFollowed && !this.#options.hasFollowed()) {
      this.#sayOnceAMinute(
        "the primary is silent, but this standby has not read its feed since it started, so " +
          "its copy may lack what the primary acknowledged; not taking over (to serve from " +
          "this copy anyway, restart this box with --role primary)",
        silentMs,
      );
      return false;
    }
    this.#busy = true;
    try {
      if (this.#options.witnessReachable && !(await this.#options.witnessReachable())) {
        log.warn("the primary is silent but so is the witness; not taking over", {
          silent_s: Math.round(silentMs / 1000),
        });
        return false;
      }
      if (this.#options.claimLease && !(await this.#options.claimLease())) {
        this.#sayOnceAMinute(
          "the primary is silent but holds the witness's lease (or the witness is silent); " +
            "not taking over",
          silentMs,
        );
        return false;
      }
      log.warn("the primary is silent; taking over", { silent_s: Math.round(silentMs / 1000) });
      await this.#options.takeOver();
      this.stop();
      return true;
    } catch (error) {
      log.error("taking over failed; trying again", { error });
      return false;
    } finally {
      this.#busy = false;
    }
  }

  /** Checked four times a second: a standing refusal is said once a minute, not each time. */
  #sayOnceAMinute(message: string, silentMs: number): void {
    const now = this.#options.clock.now();
    if (this.#refusalSaidAt !== undefined && now - this.#refusalSaidAt < 60_000) return;
    this.#refusalSaidAt = now;
    this.#options.log.warn(message, { silent_s: Math.round(silentMs / 1000) });
  }

  /** Takes over now, whatever the silence and the witness: the primary handed over. */
  async now(): Promise<boolean> {
    if (this.#busy || this.#done) return false;
    this.#busy = true;
    try {
      this.#options.log.info("the primary hands over; taking over");
      await this.#options.takeOver();
      this.stop();
      return true;
    } catch (error) {
      this.#options.log.error("taking over failed; trying again", { error });
      return false;
    } finally {
      this.#busy = false;
    }
  }

  #schedule(): void {
    this.#timer = this.#options.clock.setTimer(this.#options.checkEveryMs ?? 250, () => {
      this.#timer = undefined;
      this.check().finally(() => {
        if (!this.#done) this.#schedule();
      });
    });
  }
}

/** Whether a TCP connection to `hostPort` opens within `timeoutMs`. */
export async function tcpReachable(hostPort: string, timeoutMs = 1000): Promise<boolean> {
  const at = hostPort.lastIndexOf(":");
  const hostname = hostPort.slice(0, at);
  const port = Number(hostPort.slice(at + 1));
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const conn = await Deno.connect({ hostname, port, signal: timeout });
    conn.close();
    return true;
  } catch {
    return false;
  }
}
