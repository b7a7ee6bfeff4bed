import assert from "node:assert/strict";
import { SystemClock } from "../../src/clock/mod.ts";
import {
  CallRecorder,
  MediaBridge,
  MediaClock,
  parseWav,
  PortPool,
  RtpEndpoint,
  WebRtcEndpoint,
} from "../../src/media/mod.ts";
import { hasPeer } from "../support/peers.ts";
import { connectWithRetry, openBrowserPeer } from "./_webrtc_browser.ts";

// The agent's browser (WebRTC, PCMU) bridged to a trunk leg (RTP, PCMA) whose far end is
// another RTP endpoint playing a tone, as a PBX would; the call is recorded.
Deno.test({
  name: "a Chromium WebRTC leg bridged to an RTP leg carries audio both ways and is recorded",
  ignore: !hasPeer("chromium"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const clock = new SystemClock();
    const base = 20000 + 2 * Math.floor(Math.random() * 15000);
    const ports = new PortPool(base, base + 9);
    const open = () =>
      RtpEndpoint.open({
        clock,
        ports,
        bindAddress: "127.0.0.1",
        codec: "PCMA",
        telephoneEventPayloadType: 101,
      });
    const trunk = await open();
    const pbx = await open();
    trunk.setRemote({ address: "127.0.0.1", port: pbx.port });
    pbx.setRemote({ address: "127.0.0.1", port: trunk.port });

    const { browser, leg: agent } = await connectWithRetry(async () => {
      const browser = await openBrowserPeer();
      const leg = await WebRtcEndpoint.open({ clock, codecs: ["PCMU"] });
      await browser.acceptAnswer(await leg.answer(await browser.offer()));
      await leg.connected(10_000);
      return { browser, leg };
    });
    const dir = await Deno.makeTempDir({ prefix: "bridge_" });
    const media = new MediaClock(clock);
    try {
      assert.equal(agent.codec, "PCMU");

      const recorder = await CallRecorder.create(`${dir}/call.wav`);
      const bridge = new MediaBridge(media, trunk, agent, {
        onFrames: (caller, agentPcm) => recorder.write(caller, agentPcm),
      });
      let pbxHeard = 0;
      pbx.onAudio((a) => {
        for (const s of a.pcm) pbxHeard += Math.abs(s);
      });
      let n = 0;
      media.add(() => {
        const frame = new Int16Array(160);
        for (let i = 0; i < 160; i++, n++) frame[i] = Math.round(7000 * Math.sin(n / 4));
        pbx.sendFrame(frame);
      });
      bridge.start();
      media.start();
      await new Promise((r) => setTimeout(r, 3000));
      media.stop();
      bridge.stop();
      const result = await recorder.close();

      const stats = await browser.stats();
      assert.ok(stats.received > 100, `browser got ${stats.received} packets`);
      assert.equal(stats.codec, "audio/PCMU");
      assert.ok(agent.counters.packetsIn > 100, `agent leg got ${agent.counters.packetsIn}`);
      assert.ok(pbx.counters.packetsIn > 100, `PBX side got ${pbx.counters.packetsIn}`);
      assert.ok(pbxHeard > 0, "the browser's microphone reached the PBX side");
      assert.ok(bridge.stats.agent.transcoded > 100, "PCMU from the browser became PCMA");
      assert.ok(bridge.stats.caller.transcoded > 100, "PCMA from the trunk became PCMU");

      const wav = parseWav(await Deno.readFile(result.path));
      assert.equal(wav.channels, 2);
      assert.ok(result.durationMs > 2500, `recorded ${result.durationMs} ms`);
      let left = 0;
      let right = 0;
      for (let i = 0; i < wav.samples.length; i += 2) {
        left += Math.abs(wav.samples[i]);
        right += Math.abs(wav.samples[i + 1]);
      }
      const frames = wav.samples.length / 2;
      assert.ok(left / frames > 100, `caller channel mean ${left / frames}`);
      assert.ok(right / frames > 50, `agent channel mean ${right / frames}`);
      assert.match(result.sha256, /^[0-9a-f]{64}$/);
    } finally {
      media.stop();
      await agent.close();
      await browser.close();
      await trunk.close();
      await pbx.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
