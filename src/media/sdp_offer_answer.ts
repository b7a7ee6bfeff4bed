/**
 * The SDP offer/answer model (RFC 3264) for one plain-RTP audio stream. The call layer
 * hands media an offer and sends back the answer this module writes (or the other way
 * round); media learns from the result which G.711 law, payload types and peer address
 * to use, and whether the peer put the call on hold. Pure: no sockets, no clock.
 *
 * @module
 */

import sdpTransform from "sdp-transform";
import type { G711Law } from "./g711.ts";

/** A stream direction attribute (RFC 3264 §5.1). */
export type MediaDirection = "sendrecv" | "sendonly" | "recvonly" | "inactive";

/** Why an offer or answer could not be used; the call layer maps it to a SIP response. */
export type SdpNegotiationFailure =
  | "malformed"
  | "no-audio"
  | "unsupported-transport"
  | "no-common-codec";

/** Raised when negotiation fails; `reason` "no-common-codec" is answered with SIP 488. */
export class SdpNegotiationError extends Error {
  readonly reason: SdpNegotiationFailure;
  constructor(reason: SdpNegotiationFailure, message: string) {
    super(message);
    this.name = "SdpNegotiationError";
    this.reason = reason;
  }
}

/**
 * The o= line of one side of a session. RFC 3264 §8: every new offer or answer that
 * differs from the previous one carries a version one higher; an unchanged one repeats
 * the version. Keep one per leg for the lifetime of the dialog.
 */
export class SdpOrigin {
  readonly sessionId: string;
  readonly username: string;
  #version: number;
  #lastBody: string | undefined;

  constructor(options: { sessionId?: string; version?: number; username?: string } = {}) {
    const random = crypto.getRandomValues(new Uint32Array(1))[0];
    this.sessionId = options.sessionId ?? String(random);
    this.#version = options.version ?? random % 1_000_000;
    this.username = options.username ?? "-";
  }

  get version(): number {
    return this.#version;
  }

  /** Returns the version to put on a description whose other lines are `body`. */
  stamp(body: string): number {
    if (this.#lastBody !== undefined && this.#lastBody !== body) this.#version++;
    this.#lastBody = body;
    return this.#version;
  }
}

/** Our side of an audio stream. */
export interface LocalAudio {
  /** Address the peer sends RTP to (c= line). */
  address: string;
  port: number;
  /** Laws we accept, most preferred first; both by default. */
  codecs?: readonly G711Law[];
  /** Offer/accept RFC 4733 telephone-event; true by default. */
  telephoneEvent?: boolean;
  /** Packet time we would like to receive, in ms (a=ptime). */
  ptime?: number;
  /** What we want to do: sendonly to put the peer on hold. sendrecv by default. */
  direction?: MediaDirection;
  /** Offer/accept RTP and RTCP on one port (RFC 5761). */
  rtcpMux?: boolean;
  /** Keeps session id and version across re-offers; a fresh one is used otherwise. */
  origin?: SdpOrigin;
  /** Payload type offered for telephone-event; 101 by default. */
  telephoneEventPayloadType?: number;
}

/** What was agreed for the stream. */
export interface NegotiatedAudio {
  codec: G711Law;
  payloadType: number;
  /** Undefined when either side did not want RFC 4733. */
  telephoneEventPayloadType?: number;
  /** Where to send RTP (and RTCP). An address of 0.0.0.0 means: send nothing. */
  remote: { address: string; port: number; rtcpPort: number };
  /** What we do on this stream: send when it includes "send", receive when "recv". */
  direction: MediaDirection;
  /** The direction the peer declared (RFC 3264 §6.1), c=0.0.0.0 folded in. */
  remoteDirection: MediaDirection;
  /** The peer holds the call: it stopped receiving (sendonly, inactive or c=0.0.0.0). */
  onHold: boolean;
  /** The peer's a=ptime, if it gave one. */
  ptime?: number;
  rtcpMux: boolean;
}

/** An answer to send back, with what it agreed. */
export interface AudioAnswer extends NegotiatedAudio {
  sdp: string;
}

const STATIC_PT: Record<G711Law, number> = { PCMU: 0, PCMA: 8 };
const RTP_PROFILES = new Set(["RTP/AVP", "RTP/AVPF"]);

interface SdpRtp {
  payload: number;
  codec: string;
  rate?: number;
  encoding?: number;
}
interface SdpMedia {
  type: string;
  port: number;
  protocol: string;
  payloads?: string;
  rtp?: SdpRtp[];
  fmtp?: { payload: number; config: string }[];
  connection?: { version: number; ip: string };
  direction?: MediaDirection;
  ptime?: number;
  rtcp?: { port: number };
  rtcpMux?: string;
  mid?: string;
  [other: string]: unknown;
}
interface SdpSession {
  version?: number;
  origin?: {
    username: string;
    sessionId: string | number;
    sessionVersion: number;
    netType: string;
    ipVer: number;
    address: string;
  };
  name?: string;
  connection?: { version: number; ip: string };
  direction?: MediaDirection;
  timing?: { start: number; stop: number };
  media: SdpMedia[];
}

/** Writes an offer for one audio stream. */
export function createAudioOffer(local: LocalAudio): string {
  const codecs = local.codecs ?? ["PCMU", "PCMA"];
  if (codecs.length === 0) throw new RangeError("An offer needs at least one codec");
  const te = local.telephoneEvent === false ? undefined : local.telephoneEventPayloadType ?? 101;
  return write(local, [
    audioSection(local, codecs.map((c) => ({ codec: c, pt: STATIC_PT[c] })), te),
  ]);
}

/**
 * Answers an offer (RFC 3264 §6): picks the first of our codecs that the offer carries,
 * answers with that one codec (and telephone-event when both want it) and rejects every
 * other m= line with port 0. Throws {@link SdpNegotiationError} when nothing fits.
 */
export function answerAudioOffer(offerSdp: string, local: LocalAudio): AudioAnswer {
  const offer = parse(offerSdp);
  const index = offer.media.findIndex((m) => m.type === "audio" && m.port !== 0);
  if (index < 0) throw new SdpNegotiationError("no-audio", "The offer has no active audio stream");
  const media = offer.media[index];
  if (!RTP_PROFILES.has(media.protocol)) {
    throw new SdpNegotiationError(
      "unsupported-transport",
      `Audio transport ${media.protocol} is not plain RTP`,
    );
  }
  const agreed = pickCodec(media, local.codecs ?? ["PCMU", "PCMA"]);
  if (!agreed) {
    throw new SdpNegotiationError("no-common-codec", "No G.711 codec in common with the offer");
  }
  const te = local.telephoneEvent === false ? undefined : findTelephoneEvent(media);
  const remote = remoteOf(offer, media);
  // RFC 3264 §6.1: the answer's direction mirrors the offer's, within what we want.
  const direction = intersect(local.direction ?? "sendrecv", reverse(remote.direction));
  const sections = offer.media.map((m, i) =>
    i === index
      ? audioSection(
        { ...local, direction, rtcpMux: local.rtcpMux && media.rtcpMux !== undefined },
        [{ codec: agreed.codec, pt: agreed.pt }],
        te,
        media.mid,
      )
      : rejectedSection(m)
  );
  return {
    sdp: write(local, sections),
    codec: agreed.codec,
    payloadType: agreed.pt,
    telephoneEventPayloadType: te,
    remote: remote.address,
    direction,
    remoteDirection: remote.direction,
    onHold: remote.direction === "sendonly" || remote.direction === "inactive",
    ptime: media.ptime,
    rtcpMux: local.rtcpMux === true && media.rtcpMux !== undefined,
  };
}

/**
 * Reads the answer to an offer we made. The codec is the first G.711 law of the answer
 * that we offered (RFC 3264 §7: the answerer lists its preference first).
 */
export function readAudioAnswer(answerSdp: string, offered: LocalAudio): NegotiatedAudio {
  const answer = parse(answerSdp);
  const media = answer.media.find((m) => m.type === "audio" && m.port !== 0);
  if (!media) throw new SdpNegotiationError("no-audio", "The answer rejected the audio stream");
  const ours = offered.codecs ?? ["PCMU", "PCMA"];
  const agreed = codecsOf(media).find((c) => ours.includes(c.codec));
  if (!agreed) {
    throw new SdpNegotiationError("no-common-codec", "The answer has none of the offered codecs");
  }
  const te = offered.telephoneEvent === false ? undefined : findTelephoneEvent(media);
  const remote = remoteOf(answer, media);
  const direction = intersect(offered.direction ?? "sendrecv", reverse(remote.direction));
  return {
    codec: agreed.codec,
    payloadType: agreed.pt,
    telephoneEventPayloadType: te,
    remote: remote.address,
    direction,
    remoteDirection: remote.direction,
    onHold: remote.direction === "sendonly" || remote.direction === "inactive",
    ptime: media.ptime,
    rtcpMux: offered.rtcpMux === true && media.rtcpMux !== undefined,
  };
}

/**
 * The first of `preference` that the first active audio stream of `sdp` carries, with its
 * payload type and the 8 kHz telephone-event one, whatever the transport (also for WebRTC
 * descriptions). Undefined when there is no common codec.
 */
export function selectAudioCodec(
  sdp: string,
  preference: readonly G711Law[] = ["PCMU", "PCMA"],
  telephoneEvent = true,
): { codec: G711Law; payloadType: number; telephoneEventPayloadType?: number } | undefined {
  const media = parse(sdp).media.find((m) => m.type === "audio" && m.port !== 0);
  const hit = media && pickCodec(media, preference);
  if (!media || !hit) return undefined;
  return {
    codec: hit.codec,
    payloadType: hit.pt,
    telephoneEventPayloadType: telephoneEvent ? findTelephoneEvent(media) : undefined,
  };
}

/** True for a WebRTC description (ICE and DTLS-SRTP) rather than plain RTP. */
export function isWebRtcSdp(sdp: string): boolean {
  const session = parse(sdp);
  const audio = session.media.find((m) => m.type === "audio");
  return audio !== undefined && /SAVPF?$/.test(audio.protocol) && audio.protocol.includes("TLS");
}

function parse(sdp: string): SdpSession {
  if (typeof sdp !== "string" || !/^v=0\s*$/m.test(sdp)) {
    throw new SdpNegotiationError("malformed", "Not an SDP session description");
  }
  let session: SdpSession;
  try {
    session = sdpTransform.parse(sdp) as SdpSession;
  } catch (error) {
    throw new SdpNegotiationError("malformed", `Unreadable SDP: ${(error as Error).message}`);
  }
  if (!Array.isArray(session.media)) session.media = [];
  return session;
}

/** The G.711 codecs a media section offers, in its order (RFC 4566 §5.14 m= format list). */
function codecsOf(media: SdpMedia): { codec: G711Law; pt: number }[] {
  const pts = String(media.payloads ?? "").split(/\s+/).filter(Boolean).map(Number);
  const out: { codec: G711Law; pt: number }[] = [];
  for (const pt of pts) {
    const map = media.rtp?.find((r) => r.payload === pt);
    let codec: string | undefined;
    if (map) {
      // Only the 8 kHz mono variants are G.711 as RFC 3551 §4.5.14 defines it.
      if ((map.rate ?? 8000) === 8000 && (map.encoding ?? 1) === 1) codec = map.codec.toUpperCase();
    } else if (pt === 0) codec = "PCMU";
    else if (pt === 8) codec = "PCMA";
    if (codec === "PCMU" || codec === "PCMA") out.push({ codec, pt });
  }
  return out;
}

function pickCodec(
  media: SdpMedia,
  preference: readonly G711Law[],
): { codec: G711Law; pt: number } | undefined {
  const offered = codecsOf(media);
  for (const want of preference) {
    const hit = offered.find((c) => c.codec === want);
    if (hit) return hit;
  }
  return undefined;
}

function findTelephoneEvent(media: SdpMedia): number | undefined {
  return media.rtp?.find((r) =>
    r.codec.toLowerCase() === "telephone-event" && (r.rate ?? 8000) === 8000
  )?.payload;
}

function remoteOf(session: SdpSession, media: SdpMedia) {
  const ip = media.connection?.ip ?? session.connection?.ip;
  if (!ip) throw new SdpNegotiationError("malformed", "The audio stream has no connection address");
  let direction: MediaDirection = media.direction ?? session.direction ?? "sendrecv";
  // RFC 3264 §8.4: an older peer holds by setting the address to 0.0.0.0; it then
  // receives nothing whatever the direction attribute says.
  if (ip === "0.0.0.0") {
    direction = direction === "sendrecv" || direction === "sendonly" ? "sendonly" : "inactive";
  }
  const rtcpMux = media.rtcpMux !== undefined;
  return {
    direction,
    address: {
      address: ip,
      port: media.port,
      // RFC 3605: a=rtcp names the port when it is not the next one.
      rtcpPort: rtcpMux ? media.port : media.rtcp?.port ?? media.port + 1,
    },
  };
}

function reverse(d: MediaDirection): MediaDirection {
  return d === "sendonly" ? "recvonly" : d === "recvonly" ? "sendonly" : d;
}

function intersect(a: MediaDirection, b: MediaDirection): MediaDirection {
  const send = a.includes("send") && b.includes("send");
  const recv = (a === "sendrecv" || a === "recvonly") && (b === "sendrecv" || b === "recvonly");
  return send && recv ? "sendrecv" : send ? "sendonly" : recv ? "recvonly" : "inactive";
}

function audioSection(
  local: LocalAudio,
  codecs: { codec: G711Law; pt: number }[],
  te: number | undefined,
  mid?: string,
): SdpMedia {
  const rtp: SdpRtp[] = codecs.map((c) => ({ payload: c.pt, codec: c.codec, rate: 8000 }));
  const fmtp: { payload: number; config: string }[] = [];
  if (te !== undefined) {
    rtp.push({ payload: te, codec: "telephone-event", rate: 8000 });
    // RFC 4733 §2.4.1: events 0-15 are the DTMF keys (16 is flash).
    fmtp.push({ payload: te, config: "0-16" });
  }
  const section: SdpMedia = {
    type: "audio",
    port: local.port,
    protocol: "RTP/AVP",
    payloads: rtp.map((r) => r.payload).join(" "),
    rtp,
    fmtp,
    direction: local.direction ?? "sendrecv",
  };
  if (mid !== undefined) section.mid = mid;
  if (local.ptime !== undefined) section.ptime = local.ptime;
  if (local.rtcpMux) section.rtcpMux = "rtcp-mux";
  return section;
}

function rejectedSection(m: SdpMedia): SdpMedia {
  // RFC 3264 §6: a rejected stream keeps its place with port 0 and one format.
  const first = String(m.payloads ?? "0").split(/\s+/).filter(Boolean)[0] ?? "0";
  return { type: m.type, port: 0, protocol: m.protocol, payloads: first, mid: m.mid };
}

function write(local: LocalAudio, media: SdpMedia[]): string {
  const origin = local.origin ?? new SdpOrigin();
  const ipVer = local.address.includes(":") ? 6 : 4;
  const session: SdpSession = {
    version: 0,
    origin: {
      username: origin.username,
      sessionId: origin.sessionId,
      sessionVersion: 0,
      netType: "IN",
      ipVer,
      address: local.address,
    },
    name: "-",
    connection: { version: ipVer, ip: local.address },
    timing: { start: 0, stop: 0 },
    media,
  };
  const body = sdpTransform.write(session) as string;
  session.origin!.sessionVersion = origin.stamp(body);
  return sdpTransform.write(session) as string;
}
