import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import dgram from "node:dgram";
import { takeOverIceSocket } from "../../src/media/_ice_socket.ts";
import { nativeUdpAvailable, openUdpSocket } from "../../src/net/mod.ts";

async function until(check: () => boolean): Promise<void> {
  for (let waited = 0; !check(); waited += 5) {
    if (waited > 2000) throw new Error("Timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** werift's ICE after nomination, reduced to what the hand-over touches. */
async function fakeIce(peerPort: number) {
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const toWerift: { data: number[]; from: [string, number] }[] = [];
  const transport = {
    type: "udp",
    closed: false,
    socket,
    rinfo: undefined as { address: string; port: number; family: string } | undefined,
    onData: (data: Buffer, from: [string, number]) => toWerift.push({ data: [...data], from }),
    send: (_data: Buffer, _addr?: [string, number]) => Promise.reject(new Error("werift's socket")),
    close: () => Promise.resolve(),
  };
  const ice = {
    nominated: {
      protocol: { type: "stun", transport },
      remoteAddr: ["127.0.0.1", peerPort] as [string, number],
    },
  };
  return { ice, transport, port: socket.address().port, toWerift };
}

Deno.test({
  name:
    "after the hand-over SRTP comes to the leg, STUN and DTLS still reach werift, and both send out of the same port",
  ignore: !nativeUdpAvailable(),
  fn: async () => {
    const peer = await openUdpSocket("127.0.0.1", 0);
    const atPeer: { first: number; port: number }[] = [];
    peer.onDatagram((bytes, _address, port) => atPeer.push({ first: bytes[0], port }));
    const { ice, transport, port, toWerift } = await fakeIce(peer.port);
    const media: number[] = [];
    try {
      const direct = await takeOverIceSocket(ice, (bytes) => media.push(bytes[0]));
      assert.ok(direct);
      assert.equal(await takeOverIceSocket(ice, () => {}), direct, "taken over once only");
      // RFC 7983 §7: 128–191 is RTP/RTCP; 0–3 STUN and 20–63 DTLS stay werift's.
      peer.send(new Uint8Array([0x80, 0]), port, "127.0.0.1");
      peer.send(new Uint8Array([0x00, 1, 2]), port, "127.0.0.1");
      peer.send(new Uint8Array([22, 254, 253]), port, "127.0.0.1");
      await until(() => media.length === 1 && toWerift.length === 2);
      assert.deepEqual(toWerift.map((d) => d.data), [[0, 1, 2], [22, 254, 253]]);
      assert.deepEqual(toWerift[0].from, ["127.0.0.1", peer.port]);
      assert.ok(direct.send(new Uint8Array([0x80, 1])));
      await transport.send(Buffer.from([0x01, 0x01]), ["127.0.0.1", peer.port]);
      await until(() => atPeer.length === 2);
      assert.deepEqual(atPeer, [{ first: 0x80, port }, { first: 0x01, port }]);
      await transport.close();
      assert.equal(direct.send(new Uint8Array([0x80, 2])), false, "closed legs send nothing");
      const again = await openUdpSocket("127.0.0.1", port);
      await again.close();
    } finally {
      await transport.close();
      await peer.close();
    }
  },
});

Deno.test({
  name: "media sent to another of the leg's host candidates also comes to the leg",
  ignore: !nativeUdpAvailable(),
  fn: async () => {
    const peer = await openUdpSocket("127.0.0.1", 0);
    const nominated = await fakeIce(peer.port);
    const other = await fakeIce(peer.port);
    const ice = {
      ...nominated.ice,
      protocols: [nominated.ice.nominated.protocol, other.ice.nominated.protocol],
    };
    const media: number[] = [];
    try {
      assert.ok(await takeOverIceSocket(ice, (bytes) => media.push(bytes[1])));
      // The peer's ICE may have settled on the other candidate: it sends media there.
      await until(() => {
        peer.send(new Uint8Array([0x80, 7]), other.port, "127.0.0.1");
        return media.length > 0;
      });
      assert.equal(media[0], 7);
      assert.equal(other.toWerift.length, 0);
      peer.send(new Uint8Array([0x00, 1, 2]), other.port, "127.0.0.1");
      await until(() => other.toWerift.length === 1);
    } finally {
      await nominated.transport.close();
      await other.transport.close();
      await peer.close();
    }
  },
});

Deno.test("a relayed or TCP pair stays with werift", async () => {
  const result = await takeOverIceSocket(
    {
      nominated: {
        protocol: { type: "turn" },
        remoteAddr: ["192.0.2.1", 3478],
      },
    },
    () => {},
  );
  assert.equal(result, undefined);
});
