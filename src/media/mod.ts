/**
 * Media plane: everything between a UDP socket carrying RTP and 8 kHz mono 16-bit PCM
 * frames of 20 ms (160 samples), which is the only audio format inside the process.
 * G.711 exists only at the edges. This domain knows nothing of SIP: signalling tells an
 * {@link RtpEndpoint} where to send and which payload types were negotiated.
 *
 * - codecs and packets: G.711, RTP, RTCP, RFC 4733 telephone events
 * - audio processing: in-band DTMF detection, jitter buffer, mixer, prompt player
 * - files: WAV reading and crash-tolerant streaming WAV writing
 * - pacing: one {@link MediaClock} ticking every 20 ms for all legs
 *
 * @module
 */

export * from "./g711.ts";
export * from "./rtp_packet.ts";
export * from "./rtcp.ts";
export * from "./rtp_stats.ts";
export * from "./telephone_event.ts";
export * from "./dtmf_detector.ts";
export * from "./wav.ts";
export * from "./jitter_buffer.ts";
export * from "./mixer.ts";
export * from "./player.ts";
export * from "./prompt_set.ts";
export * from "./media_clock.ts";
export * from "./paced_media_clock.ts";
export * from "./port_pool.ts";
export * from "./rtp_endpoint_options.ts";
export * from "./rtp_endpoint.ts";
export * from "./rtp_socket_reserve.ts";
export * from "./sdp_offer_answer.ts";
export * from "./srtp.ts";
export * from "./media_leg.ts";
export * from "./webrtc_options.ts";
export * from "./webrtc_endpoint.ts";
export * from "./bridge.ts";
export * from "./mixing_bridge.ts";
export * from "./call_recorder.ts";
export { answerWebRtcReoffer } from "./webrtc_reoffer.ts";
