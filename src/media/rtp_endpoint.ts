/**
 * One leg's RTP over UDP: a socket (and an RTCP socket unless rtcp-mux) bound to ports
 * from a {@link PortPool}, G.711 frames out with continuous sequence numbers and
 * timestamps, and PCM frames and DTMF digits in. The endpoint sends to the address the
 * peer sends from (symmetric RTP, RFC 4961), latching onto the first valid packet, which
 * is what makes calls work through the NATs in front of many office PBXs.
 *
 * @module
 */

import type { CancelTimer, Clock } from "../clock/mod.ts";
import { decodeG711, encodeG711, type G711Law } from "./g711.ts";
import { parseRtcp, type ReportBlock, type RtcpPacket } from "./rtcp.ts";
import {
  isRtcpPacket,
  parseRtp,
  RTP_HEADER_BYTES,
  type RtpPacket,
  writeRtpHeader,
} from "./rtp_packet.ts";
import type { RtpReceiveStats } from "./rtp_stats.ts";
import { InboundRtp } from "./_inbound_rtp.ts";
import { readPeerReports, rtcpReport, scheduleRtcp } from "./_rtcp_session.ts";
import type { MediaLeg, ReceivedAudio, ReceivedRtpDigit } from "./media_leg.ts";
import type { UdpSocket } from "../net/mod.ts";
import { bindRtpPair } from "./rtp_socket_reserve.ts";
import { type TelephoneEventPlanOptions, TelephoneEventSender } from "./telephone_event.ts";

import type {
  RtpAddress,
  RtpEndpointCounters,
  RtpEndpointOptions,
} from "./rtp_endpoint_options.ts";

export type { ReceivedAudio, ReceivedRtpDigit } from "./media_leg.ts";

type Listener<T> = (value: T) => void;
const STATIC_PT: Record<G711Law, number> = { PCMU: 0, PCMA: 8 };

/** A UDP RTP endpoint for one call leg. */
export class RtpEndpoint implements MediaLeg {
  readonly port: number;
  readonly ssrc: number;
  #opts: RtpEndpointOptions;
  readonly #rtp: UdpSocket;
  readonly #rtcp: UdpSocket | undefined;
  readonly #clock: Clock;
  #codec: G711Law;
  #pt: number;
  #remote: RtpAddress | undefined;
  #latched = false;
  #seq = randomUint32() & 0xffff;
  #timestamp = randomUint32();
  #sentAny = false;
  #sentOctets = 0;
  #sentPackets = 0;
  #eventTimestamp = 0;
  #dtmfOut = new TelephoneEventSender();
  #inbound = new InboundRtp();
  #remoteReport: ReportBlock | undefined;
  #counters: Omit<RtpEndpointCounters, "lost" | "late"> = {
    packetsIn: 0,
    packetsOut: 0,
    bytesIn: 0,
    bytesOut: 0,
    malformed: 0,
    foreign: 0,
    unknownPayload: 0,
    rtcpIn: 0,
    rtcpOut: 0,
    sendErrors: 0,
  };
  #audioListeners: Listener<ReceivedAudio>[] = [];
  #decoded = new Int16Array(160);
  #outgoing = new Uint8Array(RTP_HEADER_BYTES + 160);
  #payloadView = this.#outgoing.subarray(RTP_HEADER_BYTES);
  #digitListeners: Listener<ReceivedRtpDigit>[] = [];
  #packetListeners: Listener<RtpPacket>[] = [];
  readonly #rtcpTimer: CancelTimer;
  #closed = false;

  private constructor(opts: RtpEndpointOptions, rtp: UdpSocket, rtcp?: UdpSocket) {
    this.#opts = opts;
    this.#clock = opts.clock;
    this.port = rtp.port;
    this.#rtp = rtp;
    this.#rtcp = rtcp;
    this.ssrc = randomUint32();
    this.#codec = opts.codec ?? "PCMU";
    this.#pt = opts.payloadType ?? STATIC_PT[this.#codec];
    this.#remote = opts.remote;
    rtp.onDatagram((bytes, address, port) => this.#onDatagram(bytes, address, port, false));
    rtcp?.onDatagram((bytes, address, port) => this.#onDatagram(bytes, address, port, true));
    this.#rtcpTimer = scheduleRtcp(opts.clock, opts.rtcpIntervalMs ?? 5000, () => this.#sendRtcp());
  }

  /**
   * Takes a pair from the reserve when one is ready, else binds sockets on the first free
   * ports of the pool.
   */
  static async open(options: RtpEndpointOptions): Promise<RtpEndpoint> {
    const reserved = options.rtcpMux ? undefined : options.reserve?.take();
    if (reserved) return new RtpEndpoint(options, reserved.rtp, reserved.rtcp);
    const { rtp, rtcp } = await bindRtpPair(
      options.ports,
      options.bindAddress ?? "0.0.0.0",
      options.rtcpMux ?? false,
    );
    return new RtpEndpoint(options, rtp, rtcp);
  }

  get rtcpPort(): number {
    return this.#rtcp ? this.port + 1 : this.port;
  }

  /** The peer address packets are sent to (the latched source once one is seen). */
  get remote(): RtpAddress | undefined {
    return this.#remote;
  }

  /** Sets the peer from signalling (SDP); symmetric endpoints will latch again. */
  setRemote(remote: RtpAddress): void {
    this.#remote = remote;
    this.#latched = false;
  }

  /** The law frames are sent in. */
  get codec(): G711Law {
    return this.#codec;
  }

  get payloadType(): number {
    return this.#pt;
  }

  /** Switches the codec (and the RFC 4733 payload type) after a negotiation. */
  setCodec(
    codec: G711Law,
    payloadType = STATIC_PT[codec],
    telephoneEventPayloadType = this.#opts.telephoneEventPayloadType,
  ): void {
    this.#codec = codec;
    this.#pt = payloadType;
    this.#opts = { ...this.#opts, telephoneEventPayloadType };
  }

  onAudio(listener: Listener<ReceivedAudio>): () => void {
    return subscribe(this.#audioListeners, listener);
  }

  onDigit(listener: Listener<ReceivedRtpDigit>): () => void {
    return subscribe(this.#digitListeners, listener);
  }

  /** Every valid RTP packet from the peer, before decoding (for same-codec relaying). */
  onPacket(listener: Listener<RtpPacket>): () => void {
    return subscribe(this.#packetListeners, listener);
  }

  get counters(): RtpEndpointCounters {
    return {
      ...this.#counters,
      lost: Math.max(0, this.#inbound.stats?.lost ?? 0),
      late: this.#inbound.stats?.late ?? 0,
      sendErrors: this.#counters.sendErrors + this.#rtp.errors + (this.#rtcp?.errors ?? 0),
    };
  }

  /** Reception statistics of the current peer source, once one is heard. */
  get receiveStats(): RtpReceiveStats | undefined {
    return this.#inbound.stats;
  }

  /** The peer's latest report on our stream (its loss and jitter as it sees them). */
  get remoteReport(): ReportBlock | undefined {
    return this.#remoteReport;
  }

  /** Queues DTMF digits to send as RFC 4733 events in place of audio. */
  sendDigits(digits: string, options?: TelephoneEventPlanOptions & { gapMs?: number }): void {
    if (this.#opts.telephoneEventPayloadType === undefined) {
      throw new Error("The peer did not negotiate telephone-event");
    }
    this.#dtmfOut.enqueue(digits, options);
  }

  /**
   * Sends one frame of audio; call once per media clock tick. While digits are being
   * sent the frame is replaced by event packets, and the timestamp advances either way.
   */
  sendFrame(pcm: Int16Array): void {
    if (this.#dtmfOut.busy && this.#opts.telephoneEventPayloadType !== undefined) {
      const tick = this.#dtmfOut.tick();
      if (tick.eventStart) this.#eventTimestamp = this.#timestamp;
      for (const p of tick.packets) {
        this.#send(this.#opts.telephoneEventPayloadType, p.marker, this.#eventTimestamp, p.payload);
      }
      if (tick.suppressAudio) {
        this.#timestamp = (this.#timestamp + pcm.length) >>> 0;
        return;
      }
    }
    // The frame is encoded straight into the packet behind its header.
    const packet = this.#packet(pcm.length);
    if (!packet) return this.#skip(pcm.length);
    encodeG711(this.#codec, pcm, this.#payloadView);
    this.#sendAudio(packet, pcm.length);
  }

  /** Sends an already-encoded payload in the current codec (relaying without transcoding). */
  sendPayload(payload: Uint8Array, samples: number): void {
    const packet = this.#packet(payload.length);
    if (!packet) return this.#skip(samples);
    packet.set(payload, RTP_HEADER_BYTES);
    this.#sendAudio(packet, samples);
  }

  /**
   * The packet buffer, sized for `payloadBytes`, or undefined when there is nowhere to
   * send. It is the same buffer every time (sockets are done with what they are given
   * when `send` returns), so a stream allocates nothing per packet; a fresh one each time
   * was memory V8 counts towards its next full collection.
   */
  #packet(payloadBytes: number): Uint8Array | undefined {
    if (!this.#remote || this.#closed) return undefined;
    if (this.#outgoing.length !== RTP_HEADER_BYTES + payloadBytes) {
      this.#outgoing = new Uint8Array(RTP_HEADER_BYTES + payloadBytes);
      this.#payloadView = this.#outgoing.subarray(RTP_HEADER_BYTES);
    }
    return this.#outgoing;
  }

  /** Nothing goes out, but the stream's clock keeps running as if it did. */
  #skip(samples: number): void {
    this.#timestamp = (this.#timestamp + samples) >>> 0;
  }

  #sendAudio(packet: Uint8Array, samples: number): void {
    // RFC 3551 §4.1: the marker bit flags the first packet of a talkspurt.
    this.#transmit(packet, this.#pt, !this.#sentAny, this.#timestamp);
    this.#timestamp = (this.#timestamp + samples) >>> 0;
  }

  #send(pt: number, marker: boolean, timestamp: number, payload: Uint8Array): void {
    const packet = this.#packet(payload.length);
    if (!packet) return;
    packet.set(payload, RTP_HEADER_BYTES);
    this.#transmit(packet, pt, marker, timestamp);
  }

  #transmit(packet: Uint8Array, pt: number, marker: boolean, timestamp: number): void {
    const remote = this.#remote!;
    writeRtpHeader(packet, pt, marker, this.#seq, timestamp, this.ssrc);
    this.#seq = (this.#seq + 1) & 0xffff;
    this.#sentAny = true;
    this.#sentPackets++;
    this.#sentOctets += packet.length - RTP_HEADER_BYTES;
    this.#counters.packetsOut++;
    this.#counters.bytesOut += packet.length;
    this.#rtp.send(packet, remote.port, remote.address);
  }

  #onDatagram(bytes: Uint8Array, address: string, port: number, onRtcpSocket: boolean): void {
    if (this.#closed) return;
    if (onRtcpSocket || (this.#opts.rtcpMux && isRtcpPacket(bytes))) return this.#onRtcp(bytes);
    const parsed = parseRtp(bytes);
    if (!parsed.ok) {
      this.#counters.malformed++;
      return;
    }
    const packet = parsed.packet;
    const known = packet.payloadType === this.#pt || packet.payloadType === 0 ||
      packet.payloadType === 8 ||
      packet.payloadType === this.#opts.telephoneEventPayloadType;
    if (!known) {
      this.#counters.unknownPayload++;
      return;
    }
    if (!this.#acceptSource(address, port)) {
      this.#counters.foreign++;
      return;
    }
    this.#counters.packetsIn++;
    this.#counters.bytesIn += bytes.length;
    const now = this.#clock.now();
    if (!this.#inbound.accept(packet, now)) return;
    for (const l of this.#packetListeners) l(packet);
    if (packet.payloadType === this.#opts.telephoneEventPayloadType) {
      const digit = this.#inbound.digit(packet);
      if (digit) { for (const l of this.#digitListeners) l({ ...digit, atMs: now }); }
      return;
    }
    if (this.#audioListeners.length === 0) return;
    const law: G711Law = packet.payloadType === this.#pt
      ? this.#codec
      : packet.payloadType === 8
      ? "PCMA"
      : "PCMU";
    const samples = packet.payload.length;
    // Decoded into the same array each time (listeners copy what they keep): a fresh one
    // per packet was memory V8 counts towards its next full collection.
    if (this.#decoded.length !== samples) this.#decoded = new Int16Array(samples);
    const audio: ReceivedAudio = {
      pcm: decodeG711(law, packet.payload, this.#decoded),
      timestamp: packet.timestamp,
      sequenceNumber: packet.sequenceNumber,
      ssrc: packet.ssrc,
    };
    for (const l of this.#audioListeners) l(audio);
  }

  /** Symmetric RTP: the first valid packet decides where we send; others are foreign. */
  #acceptSource(address: string, port: number): boolean {
    if (this.#opts.symmetric === false) return true;
    if (!this.#latched) {
      const rtcpPort = this.#opts.rtcpMux ? port : port + 1;
      this.#remote = { address, port, rtcpPort };
      this.#latched = true;
      return true;
    }
    return address === this.#remote?.address && port === this.#remote.port;
  }

  #onRtcp(bytes: Uint8Array): void {
    const parsed = parseRtcp(bytes);
    if (!parsed.ok) {
      this.#counters.malformed++;
      return;
    }
    this.#counters.rtcpIn++;
    const now = this.#clock.now();
    const mine = readPeerReports(parsed.packets, this.#inbound.stats, this.ssrc, now);
    if (mine) this.#remoteReport = mine;
  }

  #sendRtcp(extra: RtcpPacket[] = []): void {
    const remote = this.#remote;
    if (!remote) return;
    const bytes = rtcpReport(
      {
        ssrc: this.ssrc,
        rtpTimestamp: this.#timestamp,
        packetsSent: this.#sentPackets,
        octetsSent: this.#sentOctets,
      },
      this.#inbound.stats,
      this.#clock.now(),
      this.#opts.cname ?? `${this.ssrc.toString(16)}@media`,
      extra,
    );
    const port = this.#opts.rtcpMux ? remote.port : remote.rtcpPort ?? remote.port + 1;
    this.#counters.rtcpOut++;
    (this.#rtcp ?? this.#rtp).send(bytes, port, remote.address);
  }

  /** Sends an RTCP BYE, closes the sockets and returns the ports to the pool. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#rtcpTimer();
    if ((this.#opts.rtcpIntervalMs ?? 5000) > 0 && this.#sentPackets > 0) {
      this.#sendRtcp([{ type: "bye", ssrcs: [this.ssrc] }]);
    }
    this.#closed = true;
    // Nothing is delivered once closed; letting go of the listeners now lets go of the call's
    // media (jitter buffer, tone detector, recorder) while the socket thread drains, instead
    // of keeping them until it answers, long enough to reach the old generation.
    this.#audioListeners.length = 0;
    this.#digitListeners.length = 0;
    this.#packetListeners.length = 0;
    await Promise.all([this.#rtp.idle(), this.#rtcp?.idle()]);
    await Promise.all([this.#rtp.close(), this.#rtcp?.close()]);
    this.#opts.ports.release(this.port);
  }
}

function subscribe<T>(list: Listener<T>[], listener: Listener<T>): () => void {
  list.push(listener);
  return () => {
    const i = list.indexOf(listener);
    if (i >= 0) list.splice(i, 1);
  };
}

function randomUint32(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}
