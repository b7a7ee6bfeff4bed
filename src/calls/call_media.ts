import type { Clock } from "../clock/mod.ts";
import {
  answerAudioOffer,
  type AudioAnswer,
  createAudioOffer,
  DtmfDetector,
  JitterBuffer,
  type MediaClock,
  Player,
  type PortPool,
  readAudioAnswer,
  RtpEndpoint,
  type RtpSocketReserve,
  SdpOrigin,
} from "../media/mod.ts";

export interface MediaPlane {
  clock: Clock;
  mediaClock: MediaClock;
  ports: PortPool;
  /** RTP sockets bound ahead from `ports`, so that answering a call waits for no bind. */
  reserve?: RtpSocketReserve;
  /** Address the RTP sockets bind to. */
  bindAddress: string;
  /** Address written into our SDP (what the peer sends RTP to). */
  advertisedAddress: string;
}

const SILENCE = new Int16Array(160);
// The reason every closed call's signal carries: an AbortError like `abort()` makes, made
// once, since building a DOMException (and its stack) was a visible cost per call.
const MEDIA_CLOSED = new DOMException("The call's media was closed", "AbortError");

/** How a caller's key reached us, and when (clock ms). */
export interface CallDigit {
  source: "rfc4733" | "inband" | "info";
  atMs: number;
}

// The same key seen both as an RFC 4733 event and as an in-band tone (PBXs that send
// both) arrives within this window of itself; a real repeat takes longer to press.
const DIGIT_DEDUP_MS = 400;

/**
 * The audio of one plain-RTP leg while the appliance itself talks to the caller (IVR,
 * queue music): an RTP endpoint from the media plane, the player that feeds it every
 * 20 ms tick, and the caller's digits (RFC 4733, SIP INFO and in-band tones) reported
 * upward. Received audio goes through a jitter buffer and comes out one frame per tick
 * to {@link onCallerAudio} listeners (recorders) and the in-band DTMF detector.
 */
export class CallMedia {
  readonly player = new Player();
  #digitListeners: ((digit: string, info: CallDigit) => void)[] = [];
  #audioListeners: ((frame: Int16Array) => void)[] = [];
  #jitter = new JitterBuffer();
  #inband = new DtmfDetector();
  #lastDigit: { digit: string; source: CallDigit["source"]; atMs: number } | undefined;
  #removeTick: () => void;
  #closing = new AbortController();
  #closed = false;
  /** Bridges that send on the endpoint themselves (the caller talks to an agent). */
  #yielded = 0;
  /** When the media was opened (clock ms): the start of silence before any packet. */
  readonly openedAtMs: number;

  private constructor(
    readonly endpoint: RtpEndpoint,
    public negotiated: AudioAnswer,
    private readonly plane: MediaPlane,
    private readonly origin: SdpOrigin,
  ) {
    endpoint.onDigit((event) => this.#digit(event.digit, "rfc4733"));
    this.openedAtMs = plane.clock.now();
    endpoint.onAudio((audio) => this.#jitter.push(audio.timestamp, audio.pcm));
    // Silence is sent while nothing plays: PBXs and NATs drop streams that go quiet, and
    // RFC 4733 digits can only ride on a running stream.
    this.#removeTick = plane.mediaClock.add(() => {
      this.#receiveFrame();
      // RFC 3264 §5.1: on hold (our side recvonly/inactive) nothing is sent.
      if (this.negotiated.direction === "recvonly" || this.negotiated.direction === "inactive") {
        return;
      }
      if (this.#yielded > 0) return;
      endpoint.sendFrame(this.player.nextFrame() ?? SILENCE);
    });
  }

  /**
   * Stops the player's frames (and the silence between them) from going out, so a media
   * bridge can be the endpoint's only sender without two RTP streams on one SSRC.
   * Received audio and digits keep flowing to listeners. Returns the undo.
   */
  yieldSending(): () => void {
    this.#yielded++;
    let undone = false;
    return () => {
      if (undone) return;
      undone = true;
      this.#yielded--;
    };
  }

  /** Answers an SDP offer with a fresh RTP endpoint; throws SdpNegotiationError when nothing fits. */
  static async answer(
    offerSdp: string,
    plane: MediaPlane,
  ): Promise<{ media: CallMedia; sdp: string }> {
    const endpoint = await RtpEndpoint.open({
      clock: plane.clock,
      ports: plane.ports,
      reserve: plane.reserve,
      bindAddress: plane.bindAddress,
    });
    const origin = new SdpOrigin();
    let negotiated: AudioAnswer;
    try {
      negotiated = answerAudioOffer(offerSdp, {
        address: plane.advertisedAddress,
        port: endpoint.port,
        origin,
      });
    } catch (error) {
      await endpoint.close();
      throw error;
    }
    const media = new CallMedia(endpoint, negotiated, plane, origin);
    media.#apply(negotiated);
    return { media, sdp: negotiated.sdp };
  }

  /**
   * Opens an RTP endpoint for a call the appliance places (a number on a trunk): the SDP
   * offer for the INVITE, and `accept` for the far end's answer, which gives the call's
   * media (and throws SdpNegotiationError when the answer cannot be used).
   */
  static async offer(plane: MediaPlane): Promise<{
    sdp: string;
    accept(answerSdp: string): CallMedia;
    close(): Promise<void>;
  }> {
    const endpoint = await RtpEndpoint.open({
      clock: plane.clock,
      ports: plane.ports,
      reserve: plane.reserve,
      bindAddress: plane.bindAddress,
    });
    const origin = new SdpOrigin();
    const local = { address: plane.advertisedAddress, port: endpoint.port, origin };
    const sdp = createAudioOffer(local);
    return {
      sdp,
      accept: (answerSdp) => {
        const negotiated = { ...readAudioAnswer(answerSdp, local), sdp };
        const media = new CallMedia(endpoint, negotiated, plane, origin);
        media.#apply(negotiated);
        return media;
      },
      close: () => endpoint.close(),
    };
  }

  /**
   * Answers a new offer on the same stream (re-INVITE: hold with sendonly/inactive,
   * unhold with sendrecv, or a codec change); throws SdpNegotiationError when nothing fits.
   */
  reanswer(offerSdp: string): string {
    const negotiated = answerAudioOffer(offerSdp, {
      address: this.plane.advertisedAddress,
      port: this.endpoint.port,
      origin: this.origin,
    });
    this.#apply(negotiated);
    return negotiated.sdp;
  }

  /** RTP packets received from the caller so far (read now and then, never per packet). */
  get packetsIn(): number {
    return this.endpoint.counters.packetsIn;
  }

  /** True while the peer has put us on hold. */
  get onHold(): boolean {
    return this.negotiated.onHold;
  }

  #apply(negotiated: AudioAnswer): void {
    this.negotiated = negotiated;
    this.endpoint.setCodec(
      negotiated.codec,
      negotiated.payloadType,
      negotiated.telephoneEventPayloadType,
    );
    if (negotiated.remote.address !== "0.0.0.0") {
      this.endpoint.setRemote({ address: negotiated.remote.address, port: negotiated.remote.port });
    }
  }

  onDigit(listener: (digit: string, info: CallDigit) => void): () => void {
    this.#digitListeners.push(listener);
    return () => {
      this.#digitListeners = this.#digitListeners.filter((l) => l !== listener);
    };
  }

  /**
   * The caller's audio, one 20 ms frame per media tick after the jitter buffer (silence
   * while nothing arrives), for recorders.
   */
  onCallerAudio(listener: (frame: Int16Array) => void): () => void {
    this.#audioListeners.push(listener);
    return () => {
      this.#audioListeners = this.#audioListeners.filter((l) => l !== listener);
    };
  }

  /** Feeds a digit that arrived another way (SIP INFO) to the same listeners. */
  injectDigit(digit: string): void {
    this.#digit(digit, "info");
  }

  /** Aborted once the media is closed (the caller hung up or the call was torn down). */
  get closedSignal(): AbortSignal {
    return this.#closing.signal;
  }

  #receiveFrame(): void {
    const frame = this.#jitter.pop();
    // A peer that negotiated RFC 4733 telephone-event sends its keys as events (RFC 4733
    // §1: in place of tones), so the in-band detector, the costliest per-call step of the
    // tick, runs only for peers that did not.
    if (this.negotiated.telephoneEventPayloadType === undefined) {
      for (const hit of this.#inband.process(frame)) this.#digit(hit.digit, "inband");
    }
    for (const listener of this.#audioListeners) listener(frame);
  }

  #digit(digit: string, source: CallDigit["source"]): void {
    const atMs = this.plane.clock.now();
    const last = this.#lastDigit;
    if (
      last && last.digit === digit && last.source !== source && atMs - last.atMs < DIGIT_DEDUP_MS
    ) {
      return;
    }
    this.#lastDigit = { digit, source, atMs };
    for (const listener of [...this.#digitListeners]) listener(digit, { source, atMs });
  }

  /** Not an async method, so that waiting for the socket thread does not hold this call's media. */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    try {
      this.#closing.abort(MEDIA_CLOSED);
      this.#removeTick();
      this.player.stop();
      return this.endpoint.close();
    } catch (error) {
      return Promise.reject(error); // as an async method would: callers catch the promise
    }
  }
}
