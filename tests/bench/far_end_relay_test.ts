import assert from "node:assert/strict";
import dgram from "node:dgram";
import { startFarEndRelay } from "../../bench/_far_end.ts";

function rtp(seq: number, ts: number, pt = 8): Uint8Array {
  const bytes = new Uint8Array(32);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x80;
  bytes[1] = pt;
  view.setUint16(2, seq);
  view.setUint32(4, ts);
  view.setUint32(8, 0xabc);
  bytes.fill(0x5a, 12); // stands for the encrypted payload and tag, which are not read
  return bytes;
}

/** A UDP socket on loopback whose datagrams are taken one at a time. */
async function listen() {
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const queue: [Uint8Array, number][] = [];
  let wake = () => {};
  socket.on("message", (bytes: Uint8Array, from: { port: number }) => {
    queue.push([new Uint8Array(bytes), from.port]);
    wake();
  });
  return {
    port: socket.address().port,
    send: (bytes: Uint8Array, port: number) =>
      new Promise<void>((resolve) => socket.send(bytes, port, "127.0.0.1", () => resolve())),
    async receive(): Promise<[Uint8Array, number]> {
      while (queue.length === 0) await new Promise<void>((resolve) => wake = resolve);
      return queue.shift()!;
    },
    close: () => socket.close(),
  };
}

Deno.test({
  name: "the far-end relay forwards both ways unchanged and times only the appliance's RTP",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const relay = await startFarEndRelay();
    const appliance = await listen();
    const peer = await listen();
    try {
      await relay.route(
        [{ address: "127.0.0.1", port: appliance.port }],
        [{ address: "127.0.0.1", port: peer.port }],
      );
      await relay.measure();
      const to = relay.port;

      const stun = new Uint8Array([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42]);
      await peer.send(stun, to);
      const [atAppliance, from] = await appliance.receive();
      assert.deepEqual(atAppliance, stun);
      assert.equal(from, relay.port);

      for (let i = 0; i < 3; i++) {
        const packet = rtp(100 + i, 160 * i);
        await appliance.send(packet, to);
        const [atPeer, fromRelay] = await peer.receive();
        assert.deepEqual(atPeer, packet);
        assert.equal(fromRelay, relay.port);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await peer.send(rtp(7, 0), to); // the peer's own audio is not what is measured
      await appliance.receive();

      const { webrtc: report, ...others } = await relay.report();
      assert.deepEqual(others, {});
      assert.equal(report.streams, 1);
      assert.equal(report.packets, 3);
      assert.equal(report.lost, 0);
      assert.ok(report.interarrival_deviation_ms.max < 20);
    } finally {
      appliance.close();
      peer.close();
      await relay.stop();
    }
  },
});
