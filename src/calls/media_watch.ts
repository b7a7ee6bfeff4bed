import type { CancelTimer, Clock } from "../clock/mod.ts";

/**
 * What the watch reads of a call: how many packets its caller has sent, since when its
 * media is open, and whether the caller holds. Counters are read at each check, so the
 * watch adds nothing to the per-packet path.
 */
export interface WatchedCall {
  readonly id: string;
  readonly media?: {
    readonly packetsIn: number;
    readonly openedAtMs: number;
    readonly onHold: boolean;
  };
}

/** How long a caller may be silent on the wire (no RTP at all) before their call ends. */
export interface MediaTimeouts {
  /** Seconds without a packet while talking; 0 turns the watch off. */
  silentS: number;
  /** Seconds without a packet while the caller holds us (RFC 3264 sendonly/inactive). */
  heldS: number;
}

/** Defaults: a minute, and ten while the caller holds (phones on hold may send nothing). */
export function mediaTimeouts(silentS: number): MediaTimeouts {
  return { silentS, heldS: silentS * 10 };
}

/**
 * Ends calls whose caller has sent no audio for too long: a PBX that lost a call (or a
 * peer that never sends media) must not keep a trunk slot and two sockets forever. Every
 * answered call's packet count is read on one timer, and a count that has not moved since
 * the limit is over hands the call to `expired`, once. Time comes from the injected clock.
 */
export class MediaWatch {
  #timer: CancelTimer | undefined;
  readonly #expired = new Set<string>();
  /** Per call: the packet count last read and when it last moved (clock ms). */
  readonly #heard = new Map<string, { packets: number; atMs: number }>();
  readonly #periodMs: number;

  constructor(
    private readonly clock: Clock,
    private readonly timeouts: MediaTimeouts,
    private readonly calls: () => Iterable<WatchedCall>,
    private readonly expired: (call: WatchedCall, silentMs: number) => void,
  ) {
    // Checked often enough that a call ends within a tenth of its limit (and 5 s) of it.
    this.#periodMs = Math.min(5000, Math.max(1000, timeouts.silentS * 100));
  }

  get enabled(): boolean {
    return this.timeouts.silentS > 0;
  }

  start(): void {
    if (!this.enabled || this.#timer) return;
    this.#schedule();
  }

  stop(): void {
    this.#timer?.();
    this.#timer = undefined;
  }

  /** Checks every call now; returns the ids of the calls found over their limit. */
  check(): string[] {
    const now = this.clock.now();
    const over: string[] = [];
    const live = new Set<string>();
    for (const call of this.calls()) {
      live.add(call.id);
      const media = call.media;
      if (!media || this.#expired.has(call.id)) continue;
      const heard = this.#heard.get(call.id);
      if (!heard) {
        const atMs = media.packetsIn > 0 ? now : media.openedAtMs;
        this.#heard.set(call.id, { packets: media.packetsIn, atMs });
      } else if (heard.packets !== media.packetsIn) {
        heard.packets = media.packetsIn;
        heard.atMs = now;
      }
      const limitMs = (media.onHold ? this.timeouts.heldS : this.timeouts.silentS) * 1000;
      const silentMs = now - this.#heard.get(call.id)!.atMs;
      if (silentMs < limitMs) continue;
      this.#expired.add(call.id);
      over.push(call.id);
      this.expired(call, silentMs);
    }
    for (const id of this.#expired) if (!live.has(id)) this.#expired.delete(id);
    for (const id of this.#heard.keys()) if (!live.has(id)) this.#heard.delete(id);
    return over;
  }

  #schedule(): void {
    this.#timer = this.clock.setTimer(this.#periodMs, () => {
      this.check();
      this.#schedule();
    });
  }
}
