import sdpTransform from "sdp-transform";
import { type MediaDirection, SdpNegotiationError } from "./sdp_offer_answer.ts";

// sdp-transform's types are loose; these are the parts read and written here.
interface Media {
  type: string;
  payloads?: string;
  rtp: { payload: number; codec: string; rate?: number }[];
  fmtp: { payload: number; config: string }[];
  mid?: string | number;
  direction?: MediaDirection;
  setup?: string;
  iceUfrag?: string;
  [other: string]: unknown;
}
interface Session {
  origin?: { sessionVersion: number; [k: string]: unknown };
  iceUfrag?: string;
  setup?: string;
  direction?: MediaDirection;
  media: Media[];
  [other: string]: unknown;
}

const REVERSE: Record<MediaDirection, MediaDirection> = {
  sendrecv: "sendrecv",
  sendonly: "recvonly",
  recvonly: "sendonly",
  inactive: "inactive",
};

function audioOf(session: Session): Media {
  const audio = session.media.find((m) => m.type === "audio");
  if (!audio) throw new SdpNegotiationError("no-audio", "The description has no audio stream");
  return audio;
}

/**
 * Answers a browser's re-offer on a WebRTC leg that is already up: a hold (sendonly),
 * a resume (sendrecv) or a repeat of the same session (RFC 3264 §8). The ICE and DTLS
 * session stays as it is, so the answer is our last description with the direction
 * turned round, the DTLS role we already hold (RFC 5763 §5: it must not change without
 * a new association) and the codecs agreed before. An ICE restart is refused; the call
 * layer answers 488 and the leg keeps its current media.
 */
export function answerWebRtcReoffer(
  ourLast: string,
  theirLast: string,
  reoffer: string,
): { sdp: string; direction: MediaDirection } {
  const ours = sdpTransform.parse(ourLast) as unknown as Session;
  const theirs = sdpTransform.parse(theirLast) as unknown as Session;
  const offer = sdpTransform.parse(reoffer) as unknown as Session;
  const offerAudio = audioOf(offer);
  const theirAudio = audioOf(theirs);
  const ufrag = (s: Session, m: Media) => m.iceUfrag ?? s.iceUfrag;
  if (ufrag(offer, offerAudio) !== ufrag(theirs, theirAudio)) {
    throw new SdpNegotiationError(
      "unsupported-transport",
      "An ICE restart is not supported on a live leg",
    );
  }
  const answer = structuredClone(ours);
  const audio = audioOf(answer);
  // Keep the codecs both sides agreed to, in the order of the earlier answer.
  const agreed = (theirAudio.payloads ?? "").split(" ").map(Number)
    .filter((pt) => offerAudio.rtp.some((r) => r.payload === pt));
  if (agreed.length === 0) {
    throw new SdpNegotiationError("no-common-codec", "The re-offer drops the agreed codec");
  }
  audio.payloads = agreed.join(" ");
  audio.rtp = (theirAudio.rtp ?? []).filter((r) => agreed.includes(r.payload));
  audio.fmtp = (theirAudio.fmtp ?? []).filter((f) => agreed.includes(f.payload));
  const theirRole = theirAudio.setup ?? theirs.setup;
  audio.setup = theirRole === "active" ? "passive" : "active";
  const direction = REVERSE[offerAudio.direction ?? offer.direction ?? "sendrecv"];
  audio.direction = direction;
  if (offerAudio.mid !== undefined) audio.mid = offerAudio.mid;
  delete answer.direction;
  if (answer.origin) answer.origin.sessionVersion = Number(answer.origin.sessionVersion) + 1;
  return {
    sdp: sdpTransform.write(answer as unknown as sdpTransform.SessionDescription),
    direction,
  };
}
