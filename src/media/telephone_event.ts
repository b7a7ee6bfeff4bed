/**
 * DTMF carried as RFC 4733 telephone events: the 4-octet payload (§2.3), a receiver
 * that turns a packet stream (with updates and retransmitted end packets) into one
 * digit per event, and a sender that plans the packets of a digit on a 20 ms stream.
 *
 * @module
 */

/** The DTMF keys, in RFC 4733 §3.2 event-code order (0–9, *, #, A–D). */
export const DTMF_EVENT_DIGITS = "0123456789*#ABCD";

/** One RFC 4733 §2.3 event payload. */
export interface TelephoneEvent {
  /** Event code 0–255; 0–15 are the DTMF keys. */
  event: number;
  /** E bit: this packet ends the event. */
  end: boolean;
  /** Power level in −dBm0, 0–63. */
  volume: number;
  /** Duration so far, in timestamp units (0–65535). */
  duration: number;
}

/** Maps a DTMF key to its event code, or undefined for anything else. */
export function dtmfEventCode(digit: string): number | undefined {
  const code = DTMF_EVENT_DIGITS.indexOf(digit.toUpperCase());
  return digit.length === 1 && code >= 0 ? code : undefined;
}

/** Encodes an event payload (RFC 4733 §2.3). Throws RangeError on out-of-range fields. */
export function encodeTelephoneEvent(e: TelephoneEvent): Uint8Array {
  if (e.event < 0 || e.event > 255) throw new RangeError(`Event code out of range: ${e.event}`);
  if (e.volume < 0 || e.volume > 63) throw new RangeError(`Volume out of range: ${e.volume}`);
  if (e.duration < 0 || e.duration > 0xffff) {
    throw new RangeError(`Duration out of range: ${e.duration}`);
  }
  // The R bit is reserved: sent as zero (§2.3).
  return new Uint8Array([
    e.event,
    (e.end ? 0x80 : 0) | e.volume,
    e.duration >> 8,
    e.duration & 0xff,
  ]);
}

/** Decodes an event payload, or undefined when it is too short. */
export function decodeTelephoneEvent(payload: Uint8Array): TelephoneEvent | undefined {
  if (payload.length < 4) return undefined;
  return {
    event: payload[0],
    end: (payload[1] & 0x80) !== 0,
    volume: payload[1] & 0x3f,
    duration: (payload[2] << 8) | payload[3],
  };
}

/** A digit recognised by {@link TelephoneEventReceiver}. */
export interface ReceivedDigit {
  digit: string;
  /** RTP timestamp of the event's start (the event packets' timestamp). */
  rtpTimestamp: number;
}

/**
 * Reports each DTMF event once, on its first packet that arrives, whichever that is:
 * RFC 4733 §2.5.1 gives every packet of one event the same timestamp, so later updates
 * and the three end packets are recognised as repeats. A segment of a long event
 * (§2.5.1.3: new timestamp, no marker, same code, not yet ended) is not a new digit.
 */
export class TelephoneEventReceiver {
  #last: { timestamp: number; event: number; ended: boolean } | undefined;

  /** Feeds one packet; returns the digit when this packet starts a new event. */
  receive(
    packet: { timestamp: number; marker: boolean; payload: Uint8Array },
  ): ReceivedDigit | undefined {
    const e = decodeTelephoneEvent(packet.payload);
    if (!e) return undefined;
    const last = this.#last;
    if (last && packet.timestamp === last.timestamp) {
      if (e.end) last.ended = true;
      return undefined;
    }
    // Older timestamps (signed 32-bit difference) are stragglers of past events.
    if (last && ((packet.timestamp - last.timestamp) | 0) < 0) return undefined;
    const continuation = last !== undefined && !packet.marker && !last.ended &&
      last.event === e.event;
    this.#last = { timestamp: packet.timestamp, event: e.event, ended: e.end };
    if (continuation || e.event >= DTMF_EVENT_DIGITS.length) return undefined;
    return { digit: DTMF_EVENT_DIGITS[e.event], rtpTimestamp: packet.timestamp };
  }
}

/** One packet of a planned event, relative to the event's start. */
export interface PlannedEventPacket {
  offsetMs: number;
  marker: boolean;
  payload: Uint8Array;
}

/** Options for {@link planTelephoneEvent}. */
export interface TelephoneEventPlanOptions {
  durationMs?: number;
  /** −dBm0, 0–63. */
  volume?: number;
  updateIntervalMs?: number;
  /** Spacing of the three end packets. */
  endSpacingMs?: number;
  clockRate?: number;
}

/**
 * The packets for one digit: a start packet with the marker bit (§2.5.1.1), updates
 * every `updateIntervalMs` with the growing duration (§2.5.1.2), and the end packet
 * sent three times (§2.5.1.4) so that losing one or two still ends the event.
 */
export function planTelephoneEvent(
  digit: string,
  options: TelephoneEventPlanOptions = {},
): PlannedEventPacket[] {
  const event = dtmfEventCode(digit);
  if (event === undefined) throw new RangeError(`Not a DTMF key: ${JSON.stringify(digit)}`);
  const durationMs = options.durationMs ?? 100;
  const volume = options.volume ?? 10;
  const interval = options.updateIntervalMs ?? 50;
  const endSpacing = options.endSpacingMs ?? 20;
  const unitsPerMs = (options.clockRate ?? 8000) / 1000;
  if (durationMs * unitsPerMs > 0xffff || durationMs < 20) {
    throw new RangeError(`Digit duration out of range: ${durationMs} ms`);
  }
  const packets: PlannedEventPacket[] = [];
  for (let t = 0; t < durationMs; t += interval) {
    // The first packet already reports one 20 ms packet time, as common senders do.
    const duration = Math.max(t, 20) * unitsPerMs;
    packets.push({
      offsetMs: t,
      marker: t === 0,
      payload: encodeTelephoneEvent({ event, end: false, volume, duration }),
    });
  }
  const end = encodeTelephoneEvent({ event, end: true, volume, duration: durationMs * unitsPerMs });
  for (let i = 0; i < 3; i++) {
    packets.push({ offsetMs: durationMs + i * endSpacing, marker: false, payload: end });
  }
  return packets;
}

/** What a 20 ms frame of an outgoing stream must carry while digits are being sent. */
export interface TelephoneEventTick {
  /** Event packets due in this frame, in order. */
  packets: { marker: boolean; payload: Uint8Array }[];
  /** True on the frame where a new event begins: its timestamp becomes the event's. */
  eventStart: boolean;
  /** True while an event is in progress: audio packets are not sent (§2.5.1.1). */
  suppressAudio: boolean;
}

/**
 * Spreads queued digits over the frames of an outgoing stream: call {@link tick} once
 * per 20 ms frame and send what it returns, with the timestamp captured at `eventStart`.
 */
export class TelephoneEventSender {
  readonly frameMs: number;
  #queue: { plan: PlannedEventPacket[]; gapMs: number }[] = [];
  #current:
    | { plan: PlannedEventPacket[]; next: number; elapsed: number; gapMs: number }
    | undefined;
  #gapLeft = 0;

  constructor(frameMs = 20) {
    this.frameMs = frameMs;
  }

  /** Queues digits (validated up front so a bad string sends nothing). */
  enqueue(digits: string, options: TelephoneEventPlanOptions & { gapMs?: number } = {}): void {
    const plans = [...digits].map((d) => planTelephoneEvent(d, options));
    for (const plan of plans) this.#queue.push({ plan, gapMs: options.gapMs ?? 60 });
  }

  /** True while digits are queued or being sent. */
  get busy(): boolean {
    return this.#current !== undefined || this.#queue.length > 0 || this.#gapLeft > 0;
  }

  /** Drops queued digits; one already started still sends its end packets. */
  cancel(): void {
    this.#queue = [];
  }

  /** Advances one frame. */
  tick(): TelephoneEventTick {
    if (!this.#current && this.#gapLeft > 0) {
      this.#gapLeft -= this.frameMs;
      return { packets: [], eventStart: false, suppressAudio: false };
    }
    let eventStart = false;
    if (!this.#current) {
      const next = this.#queue.shift();
      if (!next) return { packets: [], eventStart: false, suppressAudio: false };
      this.#current = { plan: next.plan, next: 0, elapsed: 0, gapMs: next.gapMs };
      eventStart = true;
    }
    const cur = this.#current;
    const packets: TelephoneEventTick["packets"] = [];
    while (cur.next < cur.plan.length && cur.plan[cur.next].offsetMs <= cur.elapsed) {
      const p = cur.plan[cur.next++];
      packets.push({ marker: p.marker, payload: p.payload });
    }
    cur.elapsed += this.frameMs;
    if (cur.next >= cur.plan.length) {
      this.#current = undefined;
      this.#gapLeft = cur.gapMs;
    }
    return { packets, eventStart, suppressAudio: true };
  }
}
