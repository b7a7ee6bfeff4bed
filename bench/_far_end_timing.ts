/**
 * The far end's arithmetic, shared by the plain receiver (`_far_end_receiver.ts`) and the
 * WebRTC relay (`_far_end_relay.ts`): per stream (one SSRC), the deviation of a packet is
 * |arrival gap − RTP timestamp gap / 8 kHz| over consecutive sequence numbers only; a
 * sequence number that does not follow is a break, and the numbers skipped over are lost.
 *
 * @module
 */

/** p50, p99 and the largest value, ms, rounded to the microsecond. */
export interface FarEndPercentiles {
  p50: number;
  p99: number;
  max: number;
}

/** What a far end reports for its window. */
export interface FarEndReport {
  streams: number;
  packets: number;
  lost: number;
  sequence_breaks: number;
  /** |arrival gap − RTP timestamp gap| per packet, ms. */
  interarrival_deviation_ms: FarEndPercentiles;
  /** How long after the kernel's timestamp this process read each packet, ms. */
  read_delay_ms: FarEndPercentiles;
  receiver_priority: string;
}

/** Figures for one stream while it is measured. */
interface Stream {
  lastArrivalNs: bigint;
  lastSeq: number;
  lastTs: number;
  packets: number;
  lost: number;
  breaks: number;
}

/** Nearest-rank percentiles of `values`. */
export function percentiles(values: number[]): FarEndPercentiles {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const pick = (q: number) => (n === 0 ? 0 : sorted[Math.min(n - 1, Math.ceil(q * n) - 1)]);
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { p50: r(pick(0.5)), p99: r(pick(0.99)), max: r(n === 0 ? 0 : sorted[n - 1]) };
}

/** Inter-arrival timing of G.711 RTP streams, from their clear RTP headers. */
export class ArrivalTiming {
  #streams = new Map<number, Stream>();
  #deviations: number[] = [];
  #readDelays: number[] = [];

  /**
   * Takes the RTP header at the start of `packet` (SRTP keeps it in the clear, RFC 3711
   * §3.1), which arrived at `arrivalNs` and was read at `readNs` (the same clock). Packets
   * other than PCMU/PCMA (telephone events, RTCP) are left out: their timestamps do not
   * advance with their arrival.
   */
  record(packet: Uint8Array, arrivalNs: bigint, readNs: bigint): void {
    if (packet.length < 12 || packet[0] >> 6 !== 2) return;
    const pt = packet[1] & 0x7f;
    if (pt !== 0 && pt !== 8) return;
    const seq = (packet[2] << 8) | packet[3];
    const ts = ((packet[4] << 24) | (packet[5] << 16) | (packet[6] << 8) | packet[7]) >>> 0;
    const ssrc = ((packet[8] << 24) | (packet[9] << 16) | (packet[10] << 8) | packet[11]) >>> 0;
    this.#readDelays.push(Number(readNs - arrivalNs) / 1e6);
    const stream = this.#streams.get(ssrc);
    if (!stream) {
      this.#streams.set(ssrc, {
        lastArrivalNs: arrivalNs,
        lastSeq: seq,
        lastTs: ts,
        packets: 1,
        lost: 0,
        breaks: 0,
      });
      return;
    }
    stream.packets++;
    const step = (seq - stream.lastSeq) & 0xffff;
    if (step === 1) {
      const gapMs = Number(arrivalNs - stream.lastArrivalNs) / 1e6;
      const tsMs = ((ts - stream.lastTs) >>> 0) / 8;
      this.#deviations.push(Math.abs(gapMs - tsMs));
    } else {
      stream.breaks++;
      // A jump forward loses what it skips; one backwards (late, duplicate) loses nothing.
      if (step < 0x8000) stream.lost += step - 1;
    }
    if (step === 1 || step < 0x8000) {
      stream.lastArrivalNs = arrivalNs;
      stream.lastSeq = seq;
      stream.lastTs = ts;
    }
  }

  /** Forgets everything so far: the measured window starts now. */
  reset(): void {
    this.#streams.clear();
    this.#deviations = [];
    this.#readDelays = [];
  }

  /** The figures so far; `priority` is what the reading thread was granted. */
  report(priority: string): FarEndReport {
    let lost = 0;
    let breaks = 0;
    let packets = 0;
    for (const s of this.#streams.values()) {
      lost += s.lost;
      breaks += s.breaks;
      packets += s.packets;
    }
    return {
      streams: this.#streams.size,
      packets,
      lost,
      sequence_breaks: breaks,
      interarrival_deviation_ms: percentiles(this.#deviations),
      read_delay_ms: percentiles(this.#readDelays),
      receiver_priority: priority,
    };
  }
}
