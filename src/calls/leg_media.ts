import {
  answerAudioOffer,
  answerWebRtcReoffer,
  createAudioOffer,
  type LocalAudio,
  type MediaLeg,
  type NegotiatedAudio,
  readAudioAnswer,
  RtpEndpoint,
  SdpOrigin,
  WebRtcEndpoint,
  type WebRtcEndpointOptions,
} from "../media/mod.ts";
import type { MediaPlane } from "./call_media.ts";

/** WebRTC settings for agents' browsers (NAT addresses, STUN/TURN). */
export type WebRtcLegOptions = Omit<WebRtcEndpointOptions, "clock">;

/**
 * The audio of a leg the appliance dials (an agent, an outside number): an offer made
 * before the INVITE leaves, and the answer applied once it comes back. Browsers (SIP over
 * WebSocket) get a WebRTC offer; desk phones and softphones on UDP/TCP get plain RTP.
 */
export interface LegMedia {
  readonly kind: "rtp" | "webrtc";
  readonly leg: MediaLeg;
  /** Our SDP offer for the INVITE. */
  readonly offer: string;
  /** Applies the far end's SDP answer; throws when it cannot be used. */
  accept(answerSdp: string): Promise<void>;
  /** Answers a re-offer from the far end (hold, resume) on the same stream; throws when it cannot. */
  reanswer(offerSdp: string): string | undefined;
  close(): Promise<void>;
}

/** Opens the media for a leg reached over `transport`. */
export async function openLegMedia(
  transport: string,
  plane: MediaPlane,
  webrtc: WebRtcLegOptions = {},
): Promise<LegMedia> {
  const t = transport.toLowerCase();
  if (t === "ws" || t === "wss") {
    const endpoint = await WebRtcEndpoint.open({ clock: plane.clock, ...webrtc });
    let offer: string;
    try {
      offer = await endpoint.offer();
    } catch (error) {
      await endpoint.close();
      throw error;
    }
    // A browser's re-INVITE (hold, resume) keeps the ICE and DTLS session: the answer is
    // our last description turned round (its version counting up). The browser's first
    // answer stays the reference: it fixed the DTLS roles and the codecs, which a
    // re-offer (a=setup:actpass, every codec the browser knows) would not tell.
    let ours = offer;
    let theirs = "";
    return {
      kind: "webrtc",
      leg: endpoint,
      offer,
      accept: async (answer) => {
        await endpoint.acceptAnswer(answer);
        theirs = answer;
      },
      reanswer: (reoffer) => {
        const { sdp } = answerWebRtcReoffer(ours, theirs, reoffer);
        ours = sdp;
        return sdp;
      },
      close: () => endpoint.close(),
    };
  }
  const endpoint = await RtpEndpoint.open({
    clock: plane.clock,
    ports: plane.ports,
    reserve: plane.reserve,
    bindAddress: plane.bindAddress,
  });
  const local: LocalAudio = {
    address: plane.advertisedAddress,
    port: endpoint.port,
    origin: new SdpOrigin(),
  };
  const apply = (negotiated: NegotiatedAudio) => {
    endpoint.setCodec(
      negotiated.codec,
      negotiated.payloadType,
      negotiated.telephoneEventPayloadType,
    );
    if (negotiated.remote.address !== "0.0.0.0") {
      endpoint.setRemote({ address: negotiated.remote.address, port: negotiated.remote.port });
    }
  };
  return {
    kind: "rtp",
    leg: endpoint,
    offer: createAudioOffer(local),
    accept: (answer) => {
      apply(readAudioAnswer(answer, local));
      return Promise.resolve();
    },
    reanswer: (offerSdp) => {
      const answer = answerAudioOffer(offerSdp, local);
      apply(answer);
      return answer.sdp;
    },
    close: () => endpoint.close(),
  };
}
