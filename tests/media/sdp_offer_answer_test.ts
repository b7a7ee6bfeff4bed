import assert from "node:assert/strict";
import sdpTransform from "sdp-transform";
import {
  answerAudioOffer,
  createAudioOffer,
  isWebRtcSdp,
  readAudioAnswer,
  SdpNegotiationError,
  SdpOrigin,
} from "../../src/media/mod.ts";

const fixture = (name: string) =>
  Deno.readTextFileSync(new URL(`../fixtures/media/${name}`, import.meta.url));

const local = { address: "198.51.100.7", port: 40000 };

Deno.test("answerAudioOffer() accepts a SIPp PCMA offer with telephone-event", () => {
  const answer = answerAudioOffer(fixture("sipp_offer.sdp"), local);
  assert.equal(answer.codec, "PCMA");
  assert.equal(answer.payloadType, 8);
  assert.equal(answer.telephoneEventPayloadType, 101);
  assert.deepEqual(answer.remote, { address: "127.0.0.1", port: 6000, rtcpPort: 6001 });
  assert.equal(answer.direction, "sendrecv");
  assert.equal(answer.onHold, false);
  const parsed = sdpTransform.parse(answer.sdp);
  assert.equal(parsed.media.length, 1);
  assert.equal(parsed.media[0].port, 40000);
  assert.equal(parsed.media[0].payloads, "8 101");
  assert.equal(parsed.connection.ip, "198.51.100.7");
  assert.match(answer.sdp, /a=fmtp:101 0-16\r\n/);
  assert.ok(answer.sdp.endsWith("\r\n"));
});

Deno.test("answerAudioOffer() picks our preferred law among many codecs and rejects video", () => {
  const offer = fixture("asterisk_offer.sdp");
  const answer = answerAudioOffer(offer, { ...local, codecs: ["PCMA", "PCMU"], ptime: 20 });
  assert.equal(answer.codec, "PCMA");
  assert.equal(answer.payloadType, 8);
  assert.equal(answer.telephoneEventPayloadType, 101);
  assert.equal(answer.ptime, 20);
  const parsed = sdpTransform.parse(answer.sdp);
  // RFC 3264 §6: one answer m= line per offered one, the declined video with port 0.
  assert.equal(parsed.media.length, 2);
  assert.equal(parsed.media[0].payloads, "8 101");
  assert.equal(parsed.media[1].type, "video");
  assert.equal(parsed.media[1].port, 0);

  const preferU = answerAudioOffer(offer, local);
  assert.equal(preferU.codec, "PCMU");
  assert.equal(preferU.payloadType, 0);
});

Deno.test("answerAudioOffer() without telephone-event leaves it out of the answer", () => {
  const answer = answerAudioOffer(fixture("sipp_offer.sdp"), { ...local, telephoneEvent: false });
  assert.equal(answer.telephoneEventPayloadType, undefined);
  assert.doesNotMatch(answer.sdp, /telephone-event/);
});

Deno.test("answerAudioOffer() maps a dynamic payload type named PCMU", () => {
  const offer = fixture("sipp_offer.sdp")
    .replace("m=audio 6000 RTP/AVP 8 101", "m=audio 6000 RTP/AVP 96 101")
    .replace("a=rtpmap:8 PCMA/8000", "a=rtpmap:96 PCMU/8000");
  const answer = answerAudioOffer(offer, local);
  assert.equal(answer.codec, "PCMU");
  assert.equal(answer.payloadType, 96);
});

Deno.test("answerAudioOffer() throws no-common-codec for an offer without G.711", () => {
  const offer = fixture("asterisk_offer.sdp").replace(
    "m=audio 14208 RTP/AVP 9 107 0 8 3 111 18 101",
    "m=audio 14208 RTP/AVP 9 107 3 18 101",
  );
  assert.throws(
    () => answerAudioOffer(offer, local),
    (e) => e instanceof SdpNegotiationError && e.reason === "no-common-codec",
  );
  assert.throws(
    () => answerAudioOffer(fixture("sipp_offer.sdp"), { ...local, codecs: ["PCMU"] }),
    (e) => e instanceof SdpNegotiationError && e.reason === "no-common-codec",
  );
});

Deno.test("answerAudioOffer() refuses garbage and WebRTC offers with distinct reasons", () => {
  assert.throws(
    () => answerAudioOffer("hello", local),
    (e) => e instanceof SdpNegotiationError && e.reason === "malformed",
  );
  const chromium = fixture("chromium_offer.sdp");
  assert.ok(isWebRtcSdp(chromium));
  assert.ok(!isWebRtcSdp(fixture("sipp_offer.sdp")));
  assert.throws(
    () => answerAudioOffer(chromium, local),
    (e) => e instanceof SdpNegotiationError && e.reason === "unsupported-transport",
  );
  const noAudio = "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\n" +
    "m=video 5000 RTP/AVP 99\r\n";
  assert.throws(
    () => answerAudioOffer(noAudio, local),
    (e) => e instanceof SdpNegotiationError && e.reason === "no-audio",
  );
});

Deno.test("a Chromium offer's G.711 codecs and 8 kHz telephone-event are recognised", () => {
  // Chromium offers telephone-event at 48 kHz (for Opus) and at 8 kHz; only the latter fits.
  const offer = fixture("chromium_offer.sdp").replace("UDP/TLS/RTP/SAVPF", "RTP/AVP");
  const answer = answerAudioOffer(offer, { ...local, codecs: ["PCMA"] });
  assert.equal(answer.codec, "PCMA");
  assert.equal(answer.telephoneEventPayloadType, 126);
  assert.equal(answer.remote.port, answer.remote.rtcpPort, "rtcp-mux offered");
});

Deno.test("hold: sendonly, inactive and c=0.0.0.0 offers are detected (RFC 3264 §8.4)", () => {
  const base = fixture("sipp_offer.sdp");
  const sendonly = answerAudioOffer(base + "a=sendonly\r\n", local);
  assert.equal(sendonly.onHold, true);
  assert.equal(sendonly.remoteDirection, "sendonly");
  assert.equal(sendonly.direction, "recvonly");
  assert.match(sendonly.sdp, /a=recvonly/);

  const inactive = answerAudioOffer(base + "a=inactive\r\n", local);
  assert.equal(inactive.onHold, true);
  assert.equal(inactive.direction, "inactive");

  const oldStyle = answerAudioOffer(
    base.replaceAll("c=IN IP4 127.0.0.1", "c=IN IP4 0.0.0.0"),
    local,
  );
  assert.equal(oldStyle.onHold, true);
  assert.equal(oldStyle.direction, "recvonly");

  const resumed = answerAudioOffer(base + "a=sendrecv\r\n", local);
  assert.equal(resumed.onHold, false);
  assert.equal(resumed.direction, "sendrecv");

  // We hold the peer: our sendonly against its sendrecv.
  const holding = answerAudioOffer(base, { ...local, direction: "sendonly" });
  assert.equal(holding.direction, "sendonly");
  assert.match(holding.sdp, /a=sendonly/);
});

Deno.test("createAudioOffer() and readAudioAnswer() round-trip with answerAudioOffer()", () => {
  const offered = { address: "10.0.0.1", port: 30000, codecs: ["PCMU", "PCMA"] as const };
  const offer = createAudioOffer({ ...offered, ptime: 20 });
  const parsed = sdpTransform.parse(offer);
  assert.equal(parsed.media[0].payloads, "0 8 101");
  assert.equal(parsed.media[0].protocol, "RTP/AVP");
  assert.equal(parsed.media[0].direction, "sendrecv");

  const answer = answerAudioOffer(offer, { address: "10.0.0.2", port: 32000, codecs: ["PCMA"] });
  const agreed = readAudioAnswer(answer.sdp, offered);
  assert.equal(agreed.codec, "PCMA");
  assert.equal(agreed.payloadType, 8);
  assert.equal(agreed.telephoneEventPayloadType, 101);
  assert.deepEqual(agreed.remote, { address: "10.0.0.2", port: 32000, rtcpPort: 32001 });
  assert.equal(agreed.direction, "sendrecv");

  const held = readAudioAnswer(answer.sdp.replace("a=sendrecv", "a=inactive"), offered);
  assert.equal(held.direction, "inactive");
  assert.equal(held.onHold, true);

  assert.throws(
    () => readAudioAnswer(answer.sdp, { ...offered, codecs: ["PCMU"] }),
    (e) => e instanceof SdpNegotiationError && e.reason === "no-common-codec",
  );
});

Deno.test("SdpOrigin keeps the session id and bumps the version only when the SDP changes", () => {
  const origin = new SdpOrigin({ sessionId: "4242", version: 7 });
  const version = (sdp: string) => sdpTransform.parse(sdp).origin.sessionVersion;
  const first = createAudioOffer({ ...local, origin });
  assert.equal(version(first), 7);
  assert.match(first, /^o=- 4242 7 IN IP4 198\.51\.100\.7\r$/m);
  // RFC 3264 §8: an unchanged re-offer repeats the version; a changed one increments it.
  assert.equal(version(createAudioOffer({ ...local, origin })), 7);
  assert.equal(version(createAudioOffer({ ...local, origin, direction: "sendonly" })), 8);
  assert.equal(version(createAudioOffer({ ...local, origin })), 9);
  const answer = answerAudioOffer(fixture("sipp_offer.sdp"), { ...local, origin });
  assert.equal(version(answer.sdp), 10);
});
