/**
 * The RTCP side of a leg, shared by RTP and WebRTC legs: reports sent at randomised
 * intervals, and what the peer's reports tell (its sender reports for our round-trip
 * estimate, its report block on our stream).
 *
 * @module
 */

import type { CancelTimer, Clock } from "../clock/mod.ts";
import {
  buildReportPackets,
  ntpMiddle32,
  type ReportBlock,
  type RtcpPacket,
  serializeRtcp,
} from "./rtcp.ts";
import type { RtpReceiveStats } from "./rtp_stats.ts";

/** What a report says about our own stream. */
export interface RtcpSenderState {
  ssrc: number;
  rtpTimestamp: number;
  packetsSent: number;
  octetsSent: number;
}

/**
 * Calls `send` every `meanMs` on average until the returned function is called. RFC 3550
 * §6.3.1: each interval is randomised over [0.5, 1.5] × mean so legs do not synchronise.
 */
export function scheduleRtcp(clock: Clock, meanMs: number, send: () => void): CancelTimer {
  let cancel: CancelTimer | undefined;
  let stopped = meanMs <= 0;
  const arm = () => {
    if (stopped) return;
    cancel = clock.setTimer(meanMs * (0.5 + Math.random()), () => {
      send();
      arm();
    });
  };
  arm();
  return () => {
    stopped = true;
    cancel?.();
  };
}

/** Serialized compound report (RFC 3550 §6.1): SR or RR, SDES, then `extra` (a BYE). */
export function rtcpReport(
  sender: RtcpSenderState,
  inbound: RtpReceiveStats | undefined,
  nowMs: number,
  cname: string,
  extra: RtcpPacket[] = [],
): Uint8Array {
  return serializeRtcp(buildReportPackets({
    ssrc: sender.ssrc,
    nowMs,
    rtpTimestamp: sender.rtpTimestamp,
    packetsSent: sender.packetsSent,
    octetsSent: sender.octetsSent,
    reports: inbound ? [inbound.reportBlock(nowMs)] : [],
    cname,
  }, extra));
}

/**
 * Takes in the peer's reports: its sender report feeds the round-trip estimate of our
 * report blocks (RFC 3550 §6.4.1 LSR/DLSR), and its report block on `ourSsrc` is returned.
 */
export function readPeerReports(
  packets: readonly RtcpPacket[],
  inbound: RtpReceiveStats | undefined,
  ourSsrc: number | undefined,
  nowMs: number,
): ReportBlock | undefined {
  let mine: ReportBlock | undefined;
  for (const p of packets) {
    if (p.type === "sr" && p.ssrc === inbound?.ssrc) {
      inbound.noteSenderReport(ntpMiddle32(p.ntpSeconds, p.ntpFraction), nowMs);
    }
    if (p.type === "sr" || p.type === "rr") {
      mine = p.reports.find((r) => r.ssrc === ourSsrc) ?? mine;
    }
  }
  return mine;
}
