import type { Clock } from "../clock/mod.ts";
import {
  answerAudioOffer,
  type AudioAnswer,
  type MediaClock,
  Player,
  type PortPool,
  RtpEndpoint,
  SdpOrigin,
} from "../media/mod.ts";

export interface MediaPlane {
  clock: Clock;
  mediaClock: MediaClock;
  ports: PortPool;
  /** Address the RTP sockets bind to. */
  bindAddress: string;
  /** Address written into our SDP (what the peer sends RTP to). */
  advertisedAddress: string;
}

const SILENCE = new Int16Array(160);

/**
 * The audio of one plain-RTP leg while the appliance itself talks to the caller (IVR,
 * queue music): an RTP endpoint from the media plane, the player that feeds it every
 * 20 ms tick, and the caller's digits (RFC 4733) reported upward.
 */
export class CallMedia {
  readonly player = new Player();
  #digitListeners: ((digit: string) => void)[] = [];
  #removeTick: () => void;
  #closed = false;

  private constructor(
    readonly endpoint: RtpEndpoint,
    public negotiated: AudioAnswer,
    private readonly plane: MediaPlane,
    private readonly origin: SdpOrigin,
  ) {
    endpoint.onDigit((event) => {
      for (const listener of this.#digitListeners) listener(event.digit);
    });
    // Silence is sent while nothing plays: PBXs and NATs drop streams that go quiet, and
    // RFC 4733 digits can only ride on a running stream.
    this.#removeTick = plane.mediaClock.add(() => {
      // RFC 3264 §5.1: on hold (our side recvonly/inactive) nothing is sent.
      if (this.negotiated.direction === "recvonly" || this.negotiated.direction === "inactive") {
        return;
      }
      endpoint.sendFrame(this.player.nextFrame() ?? SILENCE);
    });
  }

  /** Answers an SDP offer with a fresh RTP endpoint; throws SdpNegotiationError when nothing fits. */
  static async answer(
    offerSdp: string,
    plane: MediaPlane,
  ): Promise<{ media: CallMedia; sdp: string }> {
    const endpoint = await RtpEndpoint.open({
      clock: plane.clock,
      ports: plane.ports,
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

  onDigit(listener: (digit: string) => void): () => void {
    this.#digitListeners.push(listener);
    return () => {
      this.#digitListeners = this.#digitListeners.filter((l) => l !== listener);
    };
  }

  /** Feeds a digit that arrived another way (SIP INFO) to the same listeners. */
  injectDigit(digit: string): void {
    for (const listener of this.#digitListeners) listener(digit);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#removeTick();
    this.player.stop();
    await this.endpoint.close();
  }
}
