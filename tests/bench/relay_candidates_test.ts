import assert from "node:assert/strict";
import { candidatesThroughRelay } from "../../bench/_relay_candidates.ts";

const relay = { address: "127.0.0.1", port: 40000 };

const weriftOffer = [
  "v=0",
  "o=- 1 0 IN IP4 0.0.0.0",
  "s=-",
  "t=0 0",
  "a=group:BUNDLE 0",
  "m=audio 51000 UDP/TLS/RTP/SAVPF 0 8 101",
  "c=IN IP4 127.0.0.1",
  "a=ice-ufrag:abcd",
  "a=ice-pwd:0123456789abcdef012345",
  "a=setup:actpass",
  "a=mid:0",
  "a=rtcp-mux",
  "a=rtpmap:0 PCMU/8000",
  "a=rtpmap:8 PCMA/8000",
  "a=rtpmap:101 telephone-event/8000",
  "a=candidate:1 1 udp 2130706431 127.0.0.1 51000 typ host",
  "a=candidate:2 1 udp 2130706175 127.0.0.1 51002 typ host",
  "a=candidate:1 1 udp 2130706431 127.0.0.1 51000 typ host",
  "a=end-of-candidates",
  "",
].join("\r\n");

const candidates = (sdp: string) => sdp.split("\r\n").filter((l) => l.startsWith("a=candidate"));

Deno.test("candidatesThroughRelay() leaves the relay as the only candidate", () => {
  const { sdp } = candidatesThroughRelay(weriftOffer, relay);
  assert.deepEqual(candidates(sdp), ["a=candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host"]);
  assert.match(sdp, /^m=audio 40000 UDP\/TLS\/RTP\/SAVPF 0 8 101$/m);
  assert.match(sdp, /^c=IN IP4 127\.0\.0\.1$/m);
});

Deno.test("candidatesThroughRelay() returns each replaced address once, in order", () => {
  const { replaced } = candidatesThroughRelay(weriftOffer, relay);
  assert.deepEqual(replaced, [
    { address: "127.0.0.1", port: 51000 },
    { address: "127.0.0.1", port: 51002 },
  ]);
});

Deno.test("candidatesThroughRelay() keeps what ICE and DTLS need from the description", () => {
  const { sdp } = candidatesThroughRelay(weriftOffer, relay);
  for (
    const line of [
      "a=ice-ufrag:abcd",
      "a=ice-pwd:0123456789abcdef012345",
      "a=setup:actpass",
      "a=rtcp-mux",
      "a=rtpmap:8 PCMA/8000",
    ]
  ) assert.ok(sdp.includes(line), line);
});

Deno.test("candidatesThroughRelay() drops a browser's TCP and IPv6 candidates", async () => {
  const chromium = await Deno.readTextFile(
    new URL("../fixtures/media/chromium_offer.sdp", import.meta.url),
  );
  const { sdp, replaced } = candidatesThroughRelay(chromium, relay);
  assert.deepEqual(replaced, [{ address: "192.0.2.2", port: 35587 }]);
  assert.equal(candidates(sdp).length, 1);
  assert.match(sdp, /^a=rtcp:40000 IN IP4 127\.0\.0\.1$/m);
  assert.match(sdp, /^c=IN IP4 127\.0\.0\.1$/m);
});

Deno.test("candidatesThroughRelay() refuses a description with nothing to relay", () => {
  const none = weriftOffer.replace(/^a=candidate.*\r\n/gm, "");
  assert.throws(() => candidatesThroughRelay(none, relay), /no UDP candidate/);
});
