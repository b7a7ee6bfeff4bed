/**
 * One agent's WebRTC audio leg: ICE and DTLS from `werift`, G.711 only (every browser
 * has it, so nothing is transcoded), offer/answer as complete SDP strings with all
 * candidates gathered, because SIP over WebSocket carries no trickled candidates.
 *
 * Once DTLS is up the leg takes the keys it exported (RFC 5764 §4.2) and runs SRTP on its
 * own lean path ({@link SrtpContext}): werift's per-packet SRTP and RTP machinery is left
 * out of the media path, which measured several times cheaper (see the webrtc-srtp-path
 * decision note and bench/webrtc_bench.ts). `srtp: "werift"` keeps the stock path.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import type {
  RTCDtlsTransport,
  RTCPeerConnection,
  RTCRtpCodecParameters as WeriftCodec,
} from "werift";
import type { CancelTimer, Clock } from "../clock/mod.ts";
import type { G711Law } from "./g711.ts";
import type {
  WebRtcEndpointCounters,
  WebRtcEndpointOptions,
  WebRtcState,
} from "./webrtc_options.ts";
import { parseRtcp, type ReportBlock } from "./rtcp.ts";
import type { MediaLeg, ReceivedAudio, ReceivedRtpDigit } from "./media_leg.ts";
import { parseRtp, type RtpPacket } from "./rtp_packet.ts";
import { selectAudioCodec } from "./sdp_offer_answer.ts";
import { SRTP_AUTH_TAG_BYTES, SrtpContext } from "./srtp.ts";
import type { TelephoneEventPlanOptions } from "./telephone_event.ts";
import { loadWerift, werift } from "./_werift.ts";
import { addPublicCandidates, keepAudioFormats } from "./_webrtc_sdp.ts";
import { takeOverIceSocket, type WeriftIce } from "./_ice_socket.ts";
import { readPeerReports, rtcpReport, scheduleRtcp } from "./_rtcp_session.ts";
import { SerialSender, weriftSrtpPath } from "./_webrtc_send.ts";
import { type RtpFormat, RtpReceiveStream, RtpSendStream, subscribe } from "./_rtp_stream.ts";

const STATIC_PT: Record<G711Law, number> = { PCMU: 0, PCMA: 8 };
const OFFER_TE_PT = 101;
const SRTP_AES128_CM_HMAC_SHA1_80 = 1;

/** A WebRTC audio leg toward a browser. */
export class WebRtcEndpoint implements MediaLeg {
  readonly #opts: WebRtcEndpointOptions;
  readonly #clock: Clock;
  readonly #pc: RTCPeerConnection;
  #format: RtpFormat;
  #tx: RtpSendStream | undefined;
  readonly #rx: RtpReceiveStream;
  #srtpOut: SrtpContext | undefined;
  #srtpIn: SrtpContext | undefined;
  #send: ((bytes: Uint8Array) => void) | undefined;
  /**
   * Carries protected SRTP/SRTCP: through werift's ICE until the socket is ours. The bytes
   * are only lent: they may be overwritten once it returns.
   */
  #sendSrtp: (bytes: Uint8Array) => void = () => {};
  /** Outgoing packets are protected here, in place, rather than in a new buffer each. */
  #scratch: Uint8Array | undefined;
  readonly #out = new SerialSender();
  #counters = { packetsIn: 0, packetsOut: 0, bytesIn: 0, bytesOut: 0, rtcpIn: 0, rtcpOut: 0 };
  #remoteReport: ReportBlock | undefined;
  #rtcpTimer: CancelTimer | undefined;
  #connected: Promise<void>;
  #firstPacket: Promise<void>;
  #gotFirstPacket: () => void = () => {};
  #closed = false;

  /** Opens a leg, loading werift first when this is the process's first WebRTC leg. */
  static async open(options: WebRtcEndpointOptions): Promise<WebRtcEndpoint> {
    await loadWerift();
    return new WebRtcEndpoint(options);
  }

  /** Only once werift is loaded (see {@link WebRtcEndpoint.open}). */
  constructor(options: WebRtcEndpointOptions) {
    const { RTCPeerConnection, RTCRtpCodecParameters } = werift();
    this.#opts = options;
    this.#clock = options.clock;
    const prefs = options.codecs ?? ["PCMU", "PCMA"];
    if (prefs.length === 0) throw new RangeError("A WebRTC leg needs at least one codec");
    this.#format = { codec: prefs[0], payloadType: STATIC_PT[prefs[0]] };
    this.#rx = new RtpReceiveStream(this.#clock, this.#format);
    const audio: WeriftCodec[] = prefs.map((c) =>
      new RTCRtpCodecParameters({
        mimeType: `audio/${c}`,
        clockRate: 8000,
        channels: 1,
        payloadType: STATIC_PT[c],
      })
    );
    if (options.telephoneEvent !== false) {
      audio.push(
        new RTCRtpCodecParameters({
          mimeType: "audio/telephone-event",
          clockRate: 8000,
          channels: 1,
          payloadType: OFFER_TE_PT,
          parameters: "0-16",
        }),
      );
    }
    this.#pc = new RTCPeerConnection({
      codecs: { audio, video: [] },
      // No header extensions: one m= line and SSRC demultiplexing are all we need.
      headerExtensions: { audio: [], video: [] },
      iceServers: options.iceServers ?? [],
      iceLite: options.iceLite ?? false,
      icePortRange: options.portRange,
      iceInterfaceAddresses: options.bindAddress ? { udp4: options.bindAddress } : undefined,
      iceAdditionalHostAddresses: options.hostAddresses,
      iceUseIpv6: false,
      iceUseTcp: false,
      bundlePolicy: "max-bundle",
    });
    this.#connected = new Promise((resolve, reject) => {
      const { unSubscribe } = this.#pc.connectionStateChange.subscribe((state) => {
        if (state === "connected") resolve();
        else if (state === "failed" || state === "closed") {
          reject(new Error(`WebRTC leg ${state} before connecting`));
        } else return;
        unSubscribe();
      });
    });
    this.#connected.catch(() => {});
    this.#firstPacket = new Promise((resolve) => this.#gotFirstPacket = resolve);
    // Listens for the first packet only, not for every packet of the call.
    const stop = subscribe(this.#rx.packets, () => {
      stop();
      this.#gotFirstPacket();
    });
  }

  get state(): WebRtcState {
    return this.#closed ? "closed" : this.#pc.connectionState as WebRtcState;
  }

  get codec(): G711Law {
    return this.#format.codec;
  }

  get payloadType(): number {
    return this.#format.payloadType;
  }

  get telephoneEventPayloadType(): number | undefined {
    return this.#format.telephoneEventPayloadType;
  }

  /** Resolves when ICE and DTLS are up; rejects on failure or after `timeoutMs`. */
  connected(timeoutMs = 10_000): Promise<void> {
    let cancel: CancelTimer | undefined;
    const timeout = new Promise<never>((_, reject) => {
      cancel = this.#clock.setTimer(
        timeoutMs,
        () => reject(new Error(`WebRTC leg not connected after ${timeoutMs} ms`)),
      );
    });
    return Promise.race([this.#connected, timeout]).finally(() => cancel?.());
  }

  /**
   * Resolves on the first authenticated RTP packet from the browser; rejects after
   * `timeoutMs`. A leg that is connected but never gets one has DTLS keys the browser
   * does not share (seen with werift after a retransmitted handshake flight): the call
   * layer should renegotiate it (a new offer with an ICE restart) rather than wait.
   */
  mediaReceived(timeoutMs = 3000): Promise<void> {
    let cancel: CancelTimer | undefined;
    const timeout = new Promise<never>((_, reject) => {
      cancel = this.#clock.setTimer(
        timeoutMs,
        () => reject(new Error(`No media from the browser after ${timeoutMs} ms`)),
      );
    });
    return Promise.race([this.#firstPacket, timeout]).finally(() => cancel?.());
  }

  /** Answers a browser's offer; the answer carries every gathered candidate. */
  async answer(offerSdp: string): Promise<string> {
    const chosen = selectAudioCodec(offerSdp, this.#prefs, this.#opts.telephoneEvent !== false);
    if (!chosen) throw new Error("The offer has no G.711 audio in common with this leg");
    await this.#pc.setRemoteDescription({ type: "offer", sdp: offerSdp });
    for (const t of this.#pc.getTransceivers()) {
      if (t.kind === "audio") t.setDirection("sendrecv");
    }
    const dtls = this.#prepareTransport();
    // Answer a=setup:passive (RFC 5763 §5) and let the browser drive the handshake: with
    // werift as DTLS client, about one session in five ended with keys the browser did not
    // share (all SRTP failing authentication both ways, on werift's own SRTP path too).
    dtls.role = "server";
    await this.#pc.setLocalDescription(await this.#pc.createAnswer());
    this.#setFormat(chosen);
    const pts = [chosen.payloadType];
    if (chosen.telephoneEventPayloadType !== undefined) pts.push(chosen.telephoneEventPayloadType);
    return this.#finish(keepAudioFormats(await this.#gathered(), pts));
  }

  /** Makes an offer for the browser; pass its answer to {@link acceptAnswer}. */
  async offer(): Promise<string> {
    this.#pc.addTransceiver("audio", { direction: "sendrecv" });
    await this.#pc.setLocalDescription(await this.#pc.createOffer());
    this.#prepareTransport();
    return this.#finish(await this.#gathered());
  }

  /** Applies the browser's answer to our offer. */
  async acceptAnswer(answerSdp: string): Promise<void> {
    const chosen = selectAudioCodec(answerSdp, this.#prefs, this.#opts.telephoneEvent !== false);
    if (!chosen) throw new Error("The answer has no G.711 audio in common with this leg");
    await this.#pc.setRemoteDescription({ type: "answer", sdp: answerSdp });
    this.#setFormat(chosen);
  }

  onAudio(listener: (audio: ReceivedAudio) => void): () => void {
    return subscribe(this.#rx.audio, listener);
  }

  onPacket(listener: (packet: RtpPacket) => void): () => void {
    return subscribe(this.#rx.packets, listener);
  }

  onDigit(listener: (digit: ReceivedRtpDigit) => void): () => void {
    return subscribe(this.#rx.digits, listener);
  }

  sendDigits(digits: string, options?: TelephoneEventPlanOptions & { gapMs?: number }): void {
    this.#sender().enqueueDigits(digits, options);
  }

  /** Sends one frame; call once per media clock tick. Dropped until connected. */
  sendFrame(pcm: Int16Array): void {
    const tx = this.#sender();
    const packets = tx.frame(pcm);
    for (const p of packets) this.#output(p);
  }

  sendPayload(payload: Uint8Array, samples: number): void {
    this.#output(this.#sender().payload(payload, samples));
  }

  get counters(): WebRtcEndpointCounters {
    return {
      ...this.#counters,
      lost: Math.max(0, this.#rx.stats?.lost ?? 0),
      unknownPayload: this.#rx.unknownPayload,
      authFailures: (this.#srtpIn?.counters.authFailures ?? 0) +
        (this.#srtpIn?.counters.replays ?? 0),
    };
  }

  /** The browser's latest report on our stream (lean path). */
  get remoteReport(): ReportBlock | undefined {
    return this.#remoteReport;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#rtcpTimer?.();
    this.#out.stop();
    await this.#pc.close();
  }

  get #prefs(): readonly G711Law[] {
    return this.#opts.codecs ?? ["PCMU", "PCMA"];
  }

  #setFormat(chosen: NonNullable<ReturnType<typeof selectAudioCodec>>): void {
    this.#format = {
      codec: chosen.codec,
      payloadType: chosen.payloadType,
      telephoneEventPayloadType: chosen.telephoneEventPayloadType,
    };
    this.#rx.format = this.#format;
    if (this.#tx) this.#tx.format = this.#format;
  }

  #sender(): RtpSendStream {
    if (!this.#tx) {
      // Use the SSRC werift announced in a=ssrc so the browser's stats match the stream.
      const ssrc = this.#pc.getTransceivers()[0]?.sender.ssrc ?? 0;
      this.#tx = new RtpSendStream(ssrc >>> 0, this.#format);
    }
    return this.#tx;
  }

  #output(rtp: Uint8Array): void {
    if (!this.#send || this.#closed) return;
    this.#counters.packetsOut++;
    this.#counters.bytesOut += rtp.length;
    this.#send(rtp);
  }

  /** Runs once werift has created the DTLS transport, before any handshake. */
  #prepareTransport(): RTCDtlsTransport {
    const dtls = this.#pc.dtlsTransports[0];
    if (!dtls) throw new Error("werift created no DTLS transport");
    if (this.#opts.srtp !== "werift") {
      // Our SRTP implements the suite every browser supports (RFC 5764 §4.1.2).
      (dtls as unknown as { srtpProfiles: number[] }).srtpProfiles = [
        SRTP_AES128_CM_HMAC_SHA1_80,
      ];
    }
    dtls.onStateChange.subscribe((state) => {
      if (state === "connected" && !this.#closed) this.#startMedia();
    });
    return dtls;
  }

  #startMedia(): void {
    const dtls = this.#pc.dtlsTransports[0];
    if (this.#opts.srtp === "werift") {
      this.#send = weriftSrtpPath(dtls, this.#out, (bytes) => {
        this.#counters.packetsIn++;
        this.#counters.bytesIn += bytes.length;
        const parsed = parseRtp(bytes);
        if (parsed.ok) this.#rx.receive(parsed.packet);
      });
      return;
    }
    const socket = dtls.dtls;
    if (!socket) throw new Error("DTLS connected without a socket");
    const keys = socket.extractSessionKeys(16, 14);
    this.#srtpOut = new SrtpContext({ key: keys.localKey, salt: keys.localSalt });
    this.#srtpIn = new SrtpContext({ key: keys.remoteKey, salt: keys.remoteSalt });
    const ice = dtls.iceTransport.connection;
    const original = ice.onData.execute;
    // RFC 7983 §7: first byte 128–191 is RTP/RTCP; everything else (DTLS) stays werift's.
    ice.onData.execute = (data: Buffer) => {
      if (data.length > 1 && data[0] >= 128 && data[0] <= 191) this.#onSrtp(data);
      else original(data);
    };
    const out = this.#srtpOut;
    // werift sends later: it gets a copy of the lent bytes.
    const viaWerift = (bytes: Uint8Array) => {
      const copy = Buffer.from(bytes);
      this.#out.enqueue(() => ice.send(copy));
    };
    this.#sendSrtp = viaWerift;
    this.#send = (rtp) => {
      let scratch = this.#scratch;
      if (!scratch || scratch.length < rtp.length + SRTP_AUTH_TAG_BYTES) {
        scratch = this.#scratch = new Uint8Array(Math.max(1500, rtp.length + SRTP_AUTH_TAG_BYTES));
      }
      scratch.set(rtp);
      this.#sendSrtp(scratch.subarray(0, out.protectRtpInPlace(scratch, rtp.length)));
    };
    this.#rtcpTimer = scheduleRtcp(
      this.#clock,
      this.#opts.rtcpIntervalMs ?? 5000,
      () => this.#sendRtcp(),
    );
    if (this.#opts.directSocket === false) return;
    // Only once the browser's SRTP arrives: its DTLS is then finished too. Taken earlier,
    // the socket swap could drop a final handshake flight that werift does not resend.
    this.#firstPacket.then(() =>
      this.#closed
        ? undefined
        : takeOverIceSocket(ice as unknown as WeriftIce, (bytes) => this.#onSrtp(bytes))
    ).then((direct) => {
      if (!direct || this.#closed) return;
      this.#sendSrtp = (bytes) => {
        if (!direct.send(bytes)) viaWerift(bytes);
      };
    }, () => this.#out.errors++);
  }

  #onSrtp(data: Uint8Array): void {
    if (this.#closed || !this.#srtpIn) return;
    // RFC 5761 §4: payload types 64–95 (with the marker bit) are RTCP packet types.
    const pt = data[1] & 0x7f;
    if (pt >= 64 && pt <= 95) {
      const plain = this.#srtpIn.unprotectRtcp(data);
      if (!plain) return;
      this.#counters.rtcpIn++;
      const parsed = parseRtcp(plain);
      if (!parsed.ok) return;
      const now = this.#clock.now();
      const mine = readPeerReports(parsed.packets, this.#rx.stats, this.#tx?.ssrc, now);
      if (mine) this.#remoteReport = mine;
      return;
    }
    // The datagram is ours (the socket thread's batch, or a Buffer taken off werift
    // before it saw it), so it is decrypted where it lies.
    const length = this.#srtpIn.unprotectRtpInPlace(data);
    if (length < 0) return;
    const parsed = parseRtp(data.subarray(0, length));
    if (!parsed.ok) return;
    this.#counters.packetsIn++;
    this.#counters.bytesIn += data.length;
    this.#rx.receive(parsed.packet);
  }

  #sendRtcp(): void {
    const out = this.#srtpOut;
    if (!out || this.#closed) return;
    const tx = this.#sender();
    const plain = rtcpReport(
      { ssrc: tx.ssrc, rtpTimestamp: tx.timestamp, packetsSent: tx.packets, octetsSent: tx.octets },
      this.#rx.stats,
      this.#clock.now(),
      `${tx.ssrc.toString(16)}@media`,
    );
    this.#counters.rtcpOut++;
    this.#sendSrtp(out.protectRtcp(plain));
  }

  async #gathered(): Promise<string> {
    const limit = this.#opts.gatherTimeoutMs ?? 5000;
    if (this.#pc.iceGatheringState !== "complete") {
      await new Promise<void>((resolve) => {
        const cancel = this.#clock.setTimer(limit, () => done());
        const { unSubscribe } = this.#pc.iceGatheringStateChange.subscribe((s) => {
          if (s === "complete") done();
        });
        const done = () => {
          cancel();
          unSubscribe();
          resolve();
        };
        if (this.#pc.iceGatheringState === "complete") done();
      });
    }
    const sdp = this.#pc.localDescription?.sdp;
    if (!sdp) throw new Error("werift produced no local description");
    return sdp;
  }

  #finish(sdp: string): string {
    return this.#opts.publicAddress ? addPublicCandidates(sdp, this.#opts.publicAddress) : sdp;
  }
}
