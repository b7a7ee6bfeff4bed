/**
 * Reception statistics for one RTP source: sequence tracking with wraparound
 * (RFC 3550 §A.1), loss (§A.3), interarrival jitter (§A.8) and the report block
 * that summarises them for RTCP (§6.4.1).
 *
 * @module
 */

import type { ReportBlock } from "./rtcp.ts";

const SEQ_MOD = 0x10000;
// RFC 3550 §A.1 suggested limits: a jump this far ahead is a dropout, and anything
// this far behind is an old duplicate or reordered packet rather than a restart.
const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;

/** What {@link RtpReceiveStats.update} decided about one packet. */
export type SequenceVerdict = "in-order" | "late" | "restart-pending" | "restarted";

/** Counters and estimates for one received stream. */
export class RtpReceiveStats {
  readonly ssrc: number;
  readonly clockRate: number;
  #initialised = false;
  #baseSeq = 0;
  #maxSeq = 0;
  #cycles = 0;
  #badSeq = SEQ_MOD + 1;
  #received = 0;
  #receivedPrior = 0;
  #expectedPrior = 0;
  #late = 0;
  #octets = 0;
  #jitter = 0;
  #lastTransit: number | undefined;
  #lastSrMiddle = 0;
  #lastSrArrivalMs: number | undefined;

  constructor(ssrc: number, clockRate = 8000) {
    this.ssrc = ssrc;
    this.clockRate = clockRate;
  }

  /**
   * Accounts for one packet. `arrivalMs` comes from the injected clock; jitter is
   * measured in timestamp units as RFC 3550 §A.8 prescribes.
   */
  update(
    seq: number,
    rtpTimestamp: number,
    payloadOctets: number,
    arrivalMs: number,
  ): SequenceVerdict {
    const verdict = this.#updateSeq(seq & 0xffff);
    if (verdict === "restart-pending") return verdict;
    this.#received++;
    this.#octets += payloadOctets;
    if (verdict === "late") {
      this.#late++;
      return verdict;
    }
    // RFC 3550 §A.8: J += (|D| - J) / 16, with D the change in relative transit time.
    const arrival = Math.round(arrivalMs * this.clockRate / 1000);
    const transit = (arrival - rtpTimestamp) | 0;
    if (this.#lastTransit !== undefined && verdict === "in-order") {
      const d = Math.abs((transit - this.#lastTransit) | 0);
      this.#jitter += (d - this.#jitter) / 16;
    }
    this.#lastTransit = transit;
    return verdict;
  }

  #updateSeq(seq: number): SequenceVerdict {
    if (!this.#initialised) {
      this.#initSeq(seq);
      return "in-order";
    }
    const delta = (seq - this.#maxSeq + SEQ_MOD) % SEQ_MOD;
    if (delta === 0) return "late"; // a duplicate of the highest packet
    if (delta < MAX_DROPOUT) {
      if (seq < this.#maxSeq) this.#cycles += SEQ_MOD;
      this.#maxSeq = seq;
      return "in-order";
    }
    if (delta <= SEQ_MOD - MAX_MISORDER) {
      // A big jump: believe it only when the next packet follows it (§A.1).
      if (seq === this.#badSeq) {
        this.#initSeq(seq);
        this.#lastTransit = undefined;
        return "restarted";
      }
      this.#badSeq = (seq + 1) % SEQ_MOD;
      return "restart-pending";
    }
    return "late";
  }

  #initSeq(seq: number): void {
    this.#initialised = true;
    this.#baseSeq = seq;
    this.#maxSeq = seq;
    this.#badSeq = SEQ_MOD + 1;
    this.#cycles = 0;
    this.#received = 0;
    this.#receivedPrior = 0;
    this.#expectedPrior = 0;
  }

  /** Notes an incoming Sender Report so the next report block can carry LSR/DLSR. */
  noteSenderReport(ntpMiddle32: number, arrivalMs: number): void {
    this.#lastSrMiddle = ntpMiddle32;
    this.#lastSrArrivalMs = arrivalMs;
  }

  /** Extended highest sequence number received: cycles in the high 16 bits (§A.1). */
  get extendedHighestSeq(): number {
    return this.#cycles + this.#maxSeq;
  }

  /** Packets counted as received (including late and duplicate ones, as §A.3 does). */
  get received(): number {
    return this.#received;
  }

  get octets(): number {
    return this.#octets;
  }

  /** Packets that arrived after a later one (reordered or duplicated). */
  get late(): number {
    return this.#late;
  }

  /** Packets expected from the base sequence to the highest seen (§A.3). */
  get expected(): number {
    return this.#initialised ? this.extendedHighestSeq - this.#baseSeq + 1 : 0;
  }

  /** Cumulative loss; negative when duplicates outnumber losses (§A.3). */
  get lost(): number {
    return this.expected - this.#received;
  }

  /** Interarrival jitter estimate in timestamp units. */
  get jitter(): number {
    return this.#jitter;
  }

  /** Interarrival jitter in milliseconds. */
  get jitterMs(): number {
    return this.#jitter * 1000 / this.clockRate;
  }

  /** Builds a report block and starts a new interval for the fraction lost. */
  reportBlock(nowMs: number): ReportBlock {
    const expected = this.expected;
    const expectedInterval = expected - this.#expectedPrior;
    const receivedInterval = this.#received - this.#receivedPrior;
    this.#expectedPrior = expected;
    this.#receivedPrior = this.#received;
    const lostInterval = expectedInterval - receivedInterval;
    // RFC 3550 §A.3: fraction lost in 1/256 units, zero when nothing was lost.
    const fractionLost = expectedInterval === 0 || lostInterval <= 0
      ? 0
      : Math.min(255, Math.floor((lostInterval * 256) / expectedInterval));
    const dlsr = this.#lastSrArrivalMs === undefined
      ? 0
      : Math.round((nowMs - this.#lastSrArrivalMs) * 65536 / 1000);
    return {
      ssrc: this.ssrc,
      fractionLost,
      cumulativeLost: this.lost,
      extendedHighestSeq: this.extendedHighestSeq >>> 0,
      jitter: Math.floor(this.#jitter),
      lastSr: this.#lastSrMiddle,
      delaySinceLastSr: this.#lastSrArrivalMs === undefined ? 0 : dlsr,
    };
  }
}
