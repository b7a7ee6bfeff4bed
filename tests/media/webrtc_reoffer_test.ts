import assert from "node:assert/strict";
import sdpTransform from "sdp-transform";
import { answerWebRtcReoffer, SdpNegotiationError } from "../../src/media/mod.ts";

const OUR_OFFER = [
  "v=0",
  "o=- 100 1 IN IP4 127.0.0.1",
  "s=-",
  "t=0 0",
  "a=group:BUNDLE 0",
  "m=audio 9 UDP/TLS/RTP/SAVPF 0 8 101",
  "c=IN IP4 127.0.0.1",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:8 PCMA/8000",
  "a=rtpmap:101 telephone-event/8000",
  "a=fmtp:101 0-15",
  "a=mid:0",
  "a=ice-ufrag:srv1",
  "a=ice-pwd:serverpasswordserverpassword",
  "a=fingerprint:sha-256 AA:BB",
  "a=setup:actpass",
  "a=rtcp-mux",
  "a=sendrecv",
  "a=candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host",
  "",
].join("\r\n");

const browserSdp = (direction: string, ufrag = "brw1", version = 2) =>
  [
    "v=0",
    `o=- 555 ${version} IN IP4 127.0.0.1`,
    "s=-",
    "t=0 0",
    "a=group:BUNDLE 0",
    "m=audio 9 UDP/TLS/RTP/SAVPF 0 101",
    "c=IN IP4 0.0.0.0",
    "a=rtpmap:0 PCMU/8000",
    "a=rtpmap:101 telephone-event/8000",
    "a=fmtp:101 0-15",
    "a=mid:0",
    `a=ice-ufrag:${ufrag}`,
    "a=ice-pwd:browserpasswordbrowserpassword",
    "a=fingerprint:sha-256 CC:DD",
    `a=setup:${version === 2 ? "active" : "actpass"}`,
    "a=rtcp-mux",
    `a=${direction}`,
    "",
  ].join("\r\n");

Deno.test("a browser's hold re-offer is answered recvonly with our ICE, DTLS role and the agreed codec", () => {
  const { sdp, direction } = answerWebRtcReoffer(
    OUR_OFFER,
    browserSdp("sendrecv"),
    browserSdp("sendonly", "brw1", 3),
  );
  assert.equal(direction, "recvonly");
  const audio = sdpTransform.parse(sdp).media[0];
  assert.equal(audio.direction, "recvonly");
  assert.equal(audio.setup, "passive", "the browser was the DTLS client and stays so");
  assert.equal(audio.iceUfrag, "srv1");
  assert.equal(audio.payloads, "0 101");
  assert.equal(sdpTransform.parse(sdp).origin?.sessionVersion, 2);
});

Deno.test("a resume re-offer is answered sendrecv", () => {
  const { direction } = answerWebRtcReoffer(
    OUR_OFFER,
    browserSdp("sendrecv"),
    browserSdp("sendrecv", "brw1", 4),
  );
  assert.equal(direction, "sendrecv");
});

Deno.test("an ICE restart on a live leg is refused with a negotiation error", () => {
  assert.throws(
    () =>
      answerWebRtcReoffer(
        OUR_OFFER,
        browserSdp("sendrecv"),
        browserSdp("sendrecv", "new-ufrag", 3),
      ),
    SdpNegotiationError,
  );
});
