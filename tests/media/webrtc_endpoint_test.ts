import assert from "node:assert/strict";
import { SystemClock } from "../../src/clock/mod.ts";
import {
  MediaClock,
  type ReceivedRtpDigit,
  WebRtcEndpoint,
  type WebRtcEndpointOptions,
} from "../../src/media/mod.ts";
import { hasPeer } from "../support/peers.ts";
import { connectWithRetry, openBrowserPeer } from "./_webrtc_browser.ts";

const clock = new SystemClock();

/** A 440 Hz tone, one 20 ms frame per call. */
function toneSource(hz = 440, amplitude = 8000) {
  let n = 0;
  return () => {
    const frame = new Int16Array(160);
    for (let i = 0; i < 160; i++, n++) {
      frame[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * n) / 8000));
    }
    return frame;
  };
}

function exchange(
  direction: "browser-offers" | "endpoint-offers",
  options: Partial<WebRtcEndpointOptions> = {},
) {
  return connectWithRetry(async () => {
    const browser = await openBrowserPeer();
    const leg = await WebRtcEndpoint.open({ clock, ...options });
    try {
      if (direction === "browser-offers") {
        await browser.acceptAnswer(await leg.answer(await browser.offer()));
      } else {
        await leg.acceptAnswer(await browser.answer(await leg.offer()));
      }
      await leg.connected(10_000);
    } catch (error) {
      await leg.close();
      await browser.close();
      throw error;
    }
    return { browser, leg };
  }).then(({ browser, leg }) => ({ browser, endpoint: leg }));
}

/** Runs a tone into the endpoint on a 20 ms media clock for `ms`, counting what arrives. */
async function flowFor(endpoint: WebRtcEndpoint, ms: number) {
  const media = new MediaClock(clock);
  const tone = toneSource();
  media.add(() => endpoint.sendFrame(tone()));
  let energy = 0;
  let samples = 0;
  const stop = endpoint.onAudio((a) => {
    for (const s of a.pcm) energy += s * s;
    samples += a.pcm.length;
  });
  media.start();
  await new Promise((r) => setTimeout(r, ms));
  media.stop();
  stop();
  return { rms: Math.sqrt(energy / Math.max(1, samples)), pacing: media.stats() };
}

for (const srtp of ["lean", "werift"] as const) {
  Deno.test({
    name: `WebRtcEndpoint answers Chromium's offer and audio flows both ways (${srtp} SRTP)`,
    ignore: !hasPeer("chromium"),
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      const { browser, endpoint } = await exchange("browser-offers", {
        srtp,
        codecs: ["PCMA", "PCMU"],
      });
      try {
        assert.equal(endpoint.codec, "PCMA");
        assert.equal(endpoint.payloadType, 8);
        assert.ok(endpoint.telephoneEventPayloadType !== undefined);
        const { rms } = await flowFor(endpoint, 3000);
        const stats = await browser.stats();
        assert.ok(endpoint.counters.packetsIn > 100, `endpoint got ${endpoint.counters.packetsIn}`);
        assert.ok(stats.received > 100, `browser got ${stats.received}`);
        assert.equal(stats.codec, "audio/PCMA");
        // Chromium's fake microphone plays a beeping tone, not silence.
        assert.ok(rms > 100, `browser audio rms ${rms}`);
        assert.equal(endpoint.counters.authFailures, 0);
      } finally {
        await endpoint.close();
        await browser.close();
      }
    },
  });
}

Deno.test({
  name: "WebRtcEndpoint offers to Chromium, receives its DTMF and sends digits",
  ignore: !hasPeer("chromium"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const { browser, endpoint } = await exchange("endpoint-offers", {
      publicAddress: "203.0.113.9",
    });
    try {
      assert.equal(endpoint.codec, "PCMU");
      const digits: ReceivedRtpDigit[] = [];
      endpoint.onDigit((d) => digits.push(d));
      const flowing = flowFor(endpoint, 2500);
      await new Promise((r) => setTimeout(r, 300));
      await browser.insertDtmf("12#");
      endpoint.sendDigits("9");
      await flowing;
      assert.deepEqual(digits.map((d) => d.digit), ["1", "2", "#"]);
      const stats = await browser.stats();
      assert.ok(stats.received > 80, `browser got ${stats.received}`);
      assert.ok(endpoint.counters.packetsIn > 80);
    } finally {
      await endpoint.close();
      await browser.close();
    }
  },
});

Deno.test("WebRtcEndpoint advertises a public address as a server-reflexive candidate", async () => {
  const endpoint = await WebRtcEndpoint.open({
    clock,
    publicAddress: "203.0.113.9",
    hostAddresses: ["127.0.0.1"],
    gatherTimeoutMs: 2000,
  });
  try {
    const sdp = await endpoint.offer();
    assert.match(sdp, /m=audio \d+ UDP\/TLS\/RTP\/SAVPF 0 8 101\r\n/);
    assert.match(sdp, /a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 \d+ typ host/);
    assert.match(sdp, /a=candidate:pub\d+ 1 udp \d+ 203\.0\.113\.9 \d+ typ srflx raddr/);
    assert.doesNotMatch(sdp, /raddr 127\.0\.0\.1/);
    assert.match(sdp, /c=IN IP4 203\.0\.113\.9/);
    assert.match(sdp, /a=fingerprint:sha-256 /);
    assert.doesNotMatch(sdp, /a=extmap:/);
  } finally {
    await endpoint.close();
  }
});
