/**
 * What the bridge, the recorder and the call layer need from any audio leg, whether it
 * is plain RTP to a trunk ({@link RtpEndpoint}) or WebRTC to an agent's browser
 * ({@link WebRtcEndpoint}), so none of them cares which kind a leg is.
 *
 * @module
 */

import type { G711Law } from "./g711.ts";
import type { RtpPacket } from "./rtp_packet.ts";
import type { TelephoneEventPlanOptions } from "./telephone_event.ts";

/** A received audio packet, decoded. Its length is the packet's (usually 160 samples). */
export interface ReceivedAudio {
  /**
   * Valid while the listeners run: an RTP leg decodes every packet into the same array.
   * Copy what is kept (a jitter buffer does).
   */
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

/** Traffic counters every leg keeps (legs may keep more). */
export interface MediaLegCounters {
  packetsIn: number;
  packetsOut: number;
  bytesIn: number;
  bytesOut: number;
  /** Packets the peer sent that never arrived (RFC 3550 §6.4.1 cumulative loss). */
  lost: number;
}

/** One audio leg of a call: G.711 RTP in and out, PCM and digits for the rest of media. */
export interface MediaLeg {
  /** The law negotiated with the peer; frames are sent in it. */
  readonly codec: G711Law;
  /** The payload type of `codec` on this leg. */
  readonly payloadType: number;
  /** Decoded audio, one call per packet received. */
  onAudio(listener: (audio: ReceivedAudio) => void): () => void;
  /** Every valid RTP packet before decoding, for relaying without transcoding. */
  onPacket(listener: (packet: RtpPacket) => void): () => void;
  /** RFC 4733 digits from the peer. */
  onDigit(listener: (digit: ReceivedRtpDigit) => void): () => void;
  /** Sends one PCM frame (normally 160 samples), encoded in `codec`. */
  sendFrame(pcm: Int16Array): void;
  /** Sends an already-encoded payload in `codec`; `samples` advances the timestamp. */
  sendPayload(payload: Uint8Array, samples: number): void;
  /** Queues digits as RFC 4733 events; throws when the peer did not negotiate them. */
  sendDigits(digits: string, options?: TelephoneEventPlanOptions & { gapMs?: number }): void;
  readonly counters: MediaLegCounters;
  close(): Promise<void>;
}
