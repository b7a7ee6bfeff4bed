/**
 * One leg's RTP over UDP: a socket (and an RTCP socket unless rtcp-mux) bound to ports
 * from a {@link PortPool}, G.711 frames out with continuous sequence numbers and
 * timestamps, and PCM frames and DTMF digits in. The endpoint sends to the address the
 * peer sends from (symmetric RTP, RFC 4961), latching onto the first valid packet, which
 * is what makes calls work through the NATs in front of many office PBXs.
 *
 * @module
 */

import type dgram from "node:dgram";
import type { CancelTimer, Clock } from "../clock/mod.ts";
import { decodeG711, encodeG711, type G711Law } from "./g711.ts";
import type { PortPool } from "./port_pool.ts";
import {
  buildReportPackets,
  ntpMiddle32,
  parseRtcp,
  type ReportBlock,
  type RtcpPacket,
  serializeRtcp,
} from "./rtcp.ts";
import { isRtcpPacket, parseRtp, type RtpPacket, serializeRtp } from "./rtp_packet.ts";
import type { RtpReceiveStats } from "./rtp_stats.ts";
import { InboundRtp } from "./_inbound_rtp.ts";
import type { MediaLeg } from "./media_leg.ts";
import { bindUdp, closeUdp, OrderedUdpSender } from "../net/mod.ts";
import { type TelephoneEventPlanOptions, TelephoneEventSender } from "./telephone_event.ts";

/** Where a peer receives RTP (and RTCP, by default on the next port). */
export interface RtpAddress {
  address: string;
  port: number;
  rtcpPort?: number;
}

/** Options for {@link RtpEndpoint.open}. */
export interface RtpEndpointOptions {
  clock: Clock;
  ports: PortPool;
  bindAddress?: string;
  codec?: G711Law;
  /** Defaults to the static type of the codec (0 for PCMU, 8 for PCMA). */
  payloadType?: number;
  /** Negotiated telephone-event payload type; undefined disables RFC 4733. */
  telephoneEventPayloadType?: number;
  rtcpMux?: boolean;
  remote?: RtpAddress;
  /** Latch onto the peer's source address; true by default. */
  symmetric?: boolean;
  cname?: string;
  /** Mean RTCP report interval (RFC 3550 §6.2), 5 s by default; 0 disables reports. */
  rtcpIntervalMs?: number;
}

/** A received audio packet, decoded. Its length is the packet's (usually 160 samples). */
export interface ReceivedAudio {
  pcm: Int16Array;
  timestamp: number;
  sequenceNumber: number;
  ssrc: number;
}

/** A DTMF digit received as an RFC 4733 event. */
export interface ReceivedRtpDigit {
  digit: string;
  rtpTimestamp: number;
  /** Clock time of arrival. */
  atMs: number;
}

/** Traffic counters of one endpoint. */
export interface RtpEndpointCounters {
  packetsIn: number;
  packetsOut: number;
  bytesIn: number;
  bytesOut: number;
  lost: number;
  late: number;
  /** Datagrams that were not valid RTP/RTCP. */
  malformed: number;
  /** Valid packets from an address other than the latched peer. */
  foreign: number;
  unknownPayload: number;
  rtcpIn: number;
  rtcpOut: number;
  sendErrors: number;
}

type Listener<T> = (value: T) => void;
const STATIC_PT: Record<G711Law, number> = { PCMU: 0, PCMA: 8 };

/** A UDP RTP endpoint for one call leg. */
export class RtpEndpoint implements MediaLeg {
  readonly port: number;
  readonly ssrc: number;
  #opts: RtpEndpointOptions;
  readonly #rtp: dgram.Socket;
  readonly #rtcp: dgram.Socket | undefined;
  readonly #rtpOut: OrderedUdpSender;
  readonly #rtcpOut: OrderedUdpSender;
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
  #digitListeners: Listener<ReceivedRtpDigit>[] = [];
  #packetListeners: Listener<RtpPacket>[] = [];
  #rtcpTimer: CancelTimer | undefined;
  #closed = false;

  private constructor(
    opts: RtpEndpointOptions,
    port: number,
    rtp: dgram.Socket,
    rtcp?: dgram.Socket,
  ) {
    this.#opts = opts;
    this.#clock = opts.clock;
    this.port = port;
    this.#rtp = rtp;
    this.#rtcp = rtcp;
    this.#rtpOut = new OrderedUdpSender(rtp);
    this.#rtcpOut = rtcp ? new OrderedUdpSender(rtcp) : this.#rtpOut;
    this.ssrc = randomUint32();
    this.#codec = opts.codec ?? "PCMU";
    this.#pt = opts.payloadType ?? STATIC_PT[this.#codec];
    this.#remote = opts.remote;
    rtp.on(
      "message",
      (msg: Uint8Array, rinfo: dgram.RemoteInfo) => this.#onDatagram(msg, rinfo, false),
    );
    rtcp?.on(
      "message",
      (msg: Uint8Array, rinfo: dgram.RemoteInfo) => this.#onDatagram(msg, rinfo, true),
    );
    for (const s of [rtp, rtcp]) s?.on("error", () => this.#counters.sendErrors++);
    this.#scheduleRtcp();
  }

  /** Binds sockets on the first free ports of the pool. */
  static async open(options: RtpEndpointOptions): Promise<RtpEndpoint> {
    const address = options.bindAddress ?? "0.0.0.0";
    // Another process may hold ports in our range: try a few pairs before giving up.
    const attempts = Math.min(16, options.ports.available);
    for (let attempt = 0; attempt < attempts; attempt++) {
      const port = options.ports.acquire();
      if (port === undefined) throw new RangeError("No free media ports left in the range");
      try {
        const rtp = await bindUdp(address, port);
        if (options.rtcpMux) return new RtpEndpoint(options, port, rtp);
        try {
          return new RtpEndpoint(options, port, rtp, await bindUdp(address, port + 1));
        } catch (error) {
          await closeUdp(rtp);
          throw error;
        }
      } catch (error) {
        options.ports.release(port);
        if ((error as { code?: string }).code !== "EADDRINUSE") throw error;
      }
    }
    throw new RangeError(`No bindable media port pair after ${attempts} attempts`);
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
      sendErrors: this.#counters.sendErrors + this.#rtpOut.errors +
        (this.#rtcpOut === this.#rtpOut ? 0 : this.#rtcpOut.errors),
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
    this.sendPayload(encodeG711(this.#codec, pcm), pcm.length);
  }

  /** Sends an already-encoded payload in the current codec (relaying without transcoding). */
  sendPayload(payload: Uint8Array, samples: number): void {
    // RFC 3551 §4.1: the marker bit flags the first packet of a talkspurt.
    this.#send(this.#pt, !this.#sentAny, this.#timestamp, payload);
    this.#timestamp = (this.#timestamp + samples) >>> 0;
  }

  #send(pt: number, marker: boolean, timestamp: number, payload: Uint8Array): void {
    const remote = this.#remote;
    if (!remote || this.#closed) return;
    const bytes = serializeRtp({
      payloadType: pt,
      marker,
      sequenceNumber: this.#seq,
      timestamp,
      ssrc: this.ssrc,
      payload,
    });
    this.#seq = (this.#seq + 1) & 0xffff;
    this.#sentAny = true;
    this.#sentPackets++;
    this.#sentOctets += payload.length;
    this.#counters.packetsOut++;
    this.#counters.bytesOut += bytes.length;
    this.#rtpOut.send(bytes, remote.port, remote.address);
  }

  #onDatagram(msg: Uint8Array, rinfo: dgram.RemoteInfo, onRtcpSocket: boolean): void {
    if (this.#closed) return;
    const bytes = new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength);
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
    if (!this.#acceptSource(rinfo)) {
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
    const law: G711Law = packet.payloadType === this.#pt
      ? this.#codec
      : packet.payloadType === 8
      ? "PCMA"
      : "PCMU";
    const audio: ReceivedAudio = {
      pcm: decodeG711(law, packet.payload),
      timestamp: packet.timestamp,
      sequenceNumber: packet.sequenceNumber,
      ssrc: packet.ssrc,
    };
    for (const l of this.#audioListeners) l(audio);
  }

  /** Symmetric RTP: the first valid packet decides where we send; others are foreign. */
  #acceptSource(rinfo: dgram.RemoteInfo): boolean {
    if (this.#opts.symmetric === false) return true;
    if (!this.#latched) {
      const rtcpPort = this.#opts.rtcpMux ? rinfo.port : rinfo.port + 1;
      this.#remote = { address: rinfo.address, port: rinfo.port, rtcpPort };
      this.#latched = true;
      return true;
    }
    return rinfo.address === this.#remote?.address && rinfo.port === this.#remote.port;
  }

  #onRtcp(bytes: Uint8Array): void {
    const parsed = parseRtcp(bytes);
    if (!parsed.ok) {
      this.#counters.malformed++;
      return;
    }
    this.#counters.rtcpIn++;
    for (const p of parsed.packets) {
      if (p.type === "sr" && p.ssrc === this.#inbound.stats?.ssrc) {
        this.#inbound.stats.noteSenderReport(
          ntpMiddle32(p.ntpSeconds, p.ntpFraction),
          this.#clock.now(),
        );
      }
      if (p.type === "sr" || p.type === "rr") {
        const mine = p.reports.find((r) => r.ssrc === this.ssrc);
        if (mine) this.#remoteReport = mine;
      }
    }
  }

  #scheduleRtcp(): void {
    const mean = this.#opts.rtcpIntervalMs ?? 5000;
    if (mean <= 0 || this.#closed) return;
    // RFC 3550 §6.3.1: randomise over [0.5, 1.5] × interval so legs do not synchronise.
    this.#rtcpTimer = this.#clock.setTimer(mean * (0.5 + Math.random()), () => {
      this.#sendRtcp([]);
      this.#scheduleRtcp();
    });
  }

  #sendRtcp(extra: RtcpPacket[]): void {
    const remote = this.#remote;
    if (!remote) return;
    const now = this.#clock.now();
    const bytes = serializeRtcp(buildReportPackets({
      ssrc: this.ssrc,
      nowMs: now,
      rtpTimestamp: this.#timestamp,
      packetsSent: this.#sentPackets,
      octetsSent: this.#sentOctets,
      reports: this.#inbound.stats ? [this.#inbound.stats.reportBlock(now)] : [],
      cname: this.#opts.cname ?? `${this.ssrc.toString(16)}@media`,
    }, extra));
    const port = this.#opts.rtcpMux ? remote.port : remote.rtcpPort ?? remote.port + 1;
    this.#counters.rtcpOut++;
    this.#rtcpOut.send(bytes, port, remote.address);
  }

  /** Sends an RTCP BYE, closes the sockets and returns the ports to the pool. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#rtcpTimer?.();
    if ((this.#opts.rtcpIntervalMs ?? 5000) > 0 && this.#sentPackets > 0) {
      this.#sendRtcp([{ type: "bye", ssrcs: [this.ssrc] }]);
    }
    this.#closed = true;
    await Promise.all([this.#rtpOut.idle(), this.#rtcpOut.idle()]);
    await Promise.all([closeUdp(this.#rtp), this.#rtcp && closeUdp(this.#rtcp)]);
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
