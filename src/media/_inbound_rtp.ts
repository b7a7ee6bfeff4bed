import type { RtpPacket } from "./rtp_packet.ts";
import { RtpReceiveStats } from "./rtp_stats.ts";
import { TelephoneEventReceiver } from "./telephone_event.ts";

/**
 * What a leg keeps about the stream it receives, shared by RTP and WebRTC legs:
 * receive statistics per SSRC and the RFC 4733 event state, both started afresh when
 * the source changes or restarts its sequence.
 */
export class InboundRtp {
  #stats: RtpReceiveStats | undefined;
  #events = new TelephoneEventReceiver();

  get stats(): RtpReceiveStats | undefined {
    return this.#stats;
  }

  /** Counts the packet; false when it must be held back (RFC 3550 §A.1 restart check). */
  accept(packet: RtpPacket, nowMs: number): boolean {
    if (this.#stats?.ssrc !== packet.ssrc) {
      // A new source (the peer restarted its stream): start its statistics afresh.
      this.#stats = new RtpReceiveStats(packet.ssrc);
      this.#events = new TelephoneEventReceiver();
    }
    const verdict = this.#stats.update(
      packet.sequenceNumber,
      packet.timestamp,
      packet.payload.length,
      nowMs,
    );
    if (verdict === "restart-pending") return false;
    // The sender restarted its sequence under the same SSRC (a PBX switching sources, SIPp
    // replaying captures): its event timestamps start over too, so earlier events say nothing.
    if (verdict === "restarted") this.#events = new TelephoneEventReceiver();
    return true;
  }

  /** The digit an RFC 4733 packet completes, if any. */
  digit(packet: RtpPacket) {
    return this.#events.receive(packet);
  }
}
