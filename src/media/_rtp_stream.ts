/**
 * The transport-free halves of an RTP leg: an outgoing stream (sequence numbers,
 * timestamps, RFC 4733 digits in place of audio) that yields serialized packets, and an
 * incoming stream (loss statistics, digit de-duplication, G.711 decoding) that is fed
 * parsed packets. A leg adds the transport: DTLS-SRTP for WebRTC.
 *
 * @module
 */

import type { Clock } from "../clock/mod.ts";
import { decodeG711, encodeG711, type G711Law } from "./g711.ts";
import type { ReceivedAudio, ReceivedRtpDigit } from "./media_leg.ts";
import { RTP_HEADER_BYTES, type RtpPacket, writeRtpHeader } from "./rtp_packet.ts";
import type { RtpReceiveStats } from "./rtp_stats.ts";
import { InboundRtp } from "./_inbound_rtp.ts";
import { newBytes, newInt16Frame } from "./_frame_pool.ts";
import { type TelephoneEventPlanOptions, TelephoneEventSender } from "./telephone_event.ts";

/** Negotiated payload types of a stream. */
export interface RtpFormat {
  codec: G711Law;
  payloadType: number;
  telephoneEventPayloadType?: number;
}

/** Builds the packets of one outgoing RTP stream. */
export class RtpSendStream {
  readonly ssrc: number;
  format: RtpFormat;
  #seq = randomUint32() & 0xffff;
  #timestamp = randomUint32();
  #eventTimestamp = 0;
  #sentAny = false;
  #dtmf = new TelephoneEventSender();
  packets = 0;
  octets = 0;

  constructor(ssrc: number, format: RtpFormat) {
    this.ssrc = ssrc;
    this.format = format;
  }

  /** RTP timestamp of the next audio packet. */
  get timestamp(): number {
    return this.#timestamp;
  }

  enqueueDigits(digits: string, options?: TelephoneEventPlanOptions & { gapMs?: number }): void {
    if (this.format.telephoneEventPayloadType === undefined) {
      throw new Error("The peer did not negotiate telephone-event");
    }
    this.#dtmf.enqueue(digits, options);
  }

  /** The packets for one frame of audio: events while digits are due, else the audio. */
  frame(pcm: Int16Array): Uint8Array[] {
    const tePt = this.format.telephoneEventPayloadType;
    if (this.#dtmf.busy && tePt !== undefined) {
      const tick = this.#dtmf.tick();
      if (tick.eventStart) this.#eventTimestamp = this.#timestamp;
      const out = tick.packets.map((p) =>
        this.#packet(tePt, p.marker, this.#eventTimestamp, p.payload)
      );
      if (tick.suppressAudio) {
        this.#timestamp = (this.#timestamp + pcm.length) >>> 0;
        return out;
      }
      out.push(this.#audio(pcm));
      return out;
    }
    return [this.#audio(pcm)];
  }

  /** One audio packet, the frame encoded straight into it behind the header. */
  #audio(pcm: Int16Array): Uint8Array {
    const bytes = this.#header(
      this.format.payloadType,
      !this.#sentAny,
      this.#timestamp,
      pcm.length,
    );
    encodeG711(this.format.codec, pcm, bytes.subarray(RTP_HEADER_BYTES));
    this.#timestamp = (this.#timestamp + pcm.length) >>> 0;
    return bytes;
  }

  /** One audio packet carrying an encoded payload. */
  payload(payload: Uint8Array, samples: number): Uint8Array {
    // RFC 3551 §4.1: the marker bit flags the first packet of a talkspurt.
    const bytes = this.#packet(this.format.payloadType, !this.#sentAny, this.#timestamp, payload);
    this.#timestamp = (this.#timestamp + samples) >>> 0;
    return bytes;
  }

  #packet(pt: number, marker: boolean, timestamp: number, payload: Uint8Array): Uint8Array {
    const bytes = this.#header(pt, marker, timestamp, payload.length);
    bytes.set(payload, RTP_HEADER_BYTES);
    return bytes;
  }

  /**
   * A packet with its header written and room for `payloadBytes` behind it, carved from a
   * shared slab: the endpoint protects a copy at once and keeps nothing.
   */
  #header(pt: number, marker: boolean, timestamp: number, payloadBytes: number): Uint8Array {
    const bytes = newBytes(RTP_HEADER_BYTES + payloadBytes);
    writeRtpHeader(bytes, pt, marker, this.#seq, timestamp, this.ssrc);
    this.#seq = (this.#seq + 1) & 0xffff;
    this.#sentAny = true;
    this.packets++;
    this.octets += payloadBytes;
    return bytes;
  }
}

type Listener<T> = (value: T) => void;

/** Turns received packets into audio, digits and statistics. */
export class RtpReceiveStream {
  format: RtpFormat;
  readonly #clock: Clock;
  #inbound = new InboundRtp();
  readonly audio: Listener<ReceivedAudio>[] = [];
  readonly digits: Listener<ReceivedRtpDigit>[] = [];
  readonly packets: Listener<RtpPacket>[] = [];
  accepted = 0;
  unknownPayload = 0;

  constructor(clock: Clock, format: RtpFormat) {
    this.#clock = clock;
    this.format = format;
  }

  get stats(): RtpReceiveStats | undefined {
    return this.#inbound.stats;
  }

  receive(packet: RtpPacket): void {
    const f = this.format;
    const pt = packet.payloadType;
    if (pt !== f.payloadType && pt !== 0 && pt !== 8 && pt !== f.telephoneEventPayloadType) {
      this.unknownPayload++;
      return;
    }
    this.accepted++;
    const now = this.#clock.now();
    if (!this.#inbound.accept(packet, now)) return;
    for (const l of this.packets) l(packet);
    if (pt === f.telephoneEventPayloadType) {
      const digit = this.#inbound.digit(packet);
      if (digit) { for (const l of this.digits) l({ ...digit, atMs: now }); }
      return;
    }
    if (this.audio.length === 0) return;
    const law: G711Law = pt === f.payloadType ? f.codec : pt === 8 ? "PCMA" : "PCMU";
    const audio: ReceivedAudio = {
      pcm: decodeG711(law, packet.payload, newInt16Frame(packet.payload.length)),
      timestamp: packet.timestamp,
      sequenceNumber: packet.sequenceNumber,
      ssrc: packet.ssrc,
    };
    for (const l of this.audio) l(audio);
  }
}

export function subscribe<T>(list: Listener<T>[], listener: Listener<T>): () => void {
  list.push(listener);
  return () => {
    const i = list.indexOf(listener);
    if (i >= 0) list.splice(i, 1);
  };
}

export function randomUint32(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}
