import assert from "node:assert/strict";
import dgram from "node:dgram";
import {
  holdUdpThread,
  libcUdpAvailable,
  LibcUdpSocket,
  socketThreadCounters,
  watchOnSocketThread,
} from "../../src/net/mod.ts";
import { addressOf, sockaddrFor } from "../../src/net/socket_address.ts";
import { waitFor } from "../support/wait_for.ts";

const available = libcUdpAvailable() === true;

const until = (check: () => boolean, ms = 2000) => waitFor("what was sent arrives", check, ms);

/** Sends ten one-byte datagrams 0–9 to `receiver` and waits until `got` holds them, in order. */
async function tenArriveInOrder(receiver: LibcUdpSocket, got: number[]): Promise<void> {
  const sender = LibcUdpSocket.bind("127.0.0.1", 0, () => {});
  try {
    for (let n = 0; n < 10; n++) sender.send(new Uint8Array([n]), receiver.port, "127.0.0.1");
    await until(() => got.length === 10);
    assert.deepEqual(got, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  } finally {
    await sender.close();
  }
}

Deno.test({
  name: "a burst sent through the C library in one turn arrives whole and in the order sent",
  ignore: !available,
  fn: async () => {
    const got: number[] = [];
    const froms = new Set<string>();
    const receiver = LibcUdpSocket.bind("127.0.0.1", 0, (bytes, address, port) => {
      got.push(bytes[0] | (bytes[1] << 8));
      froms.add(`${address}:${port}`);
    });
    const sender = LibcUdpSocket.bind("127.0.0.1", 0, () => {});
    try {
      for (let n = 0; n < 300; n++) {
        assert.equal(
          sender.send(new Uint8Array([n & 0xff, n >> 8, 1, 2, 3]), receiver.port, "127.0.0.1"),
          true,
        );
      }
      await until(() => got.length === 300);
      assert.deepEqual(got, Array.from({ length: 300 }, (_, n) => n));
      assert.deepEqual([...froms], [`127.0.0.1:${sender.port}`]);
    } finally {
      await sender.close();
      await receiver.close();
    }
  },
});

Deno.test({
  name: "a datagram is on the wire as soon as send returns, before the event loop turns",
  ignore: !available,
  fn: async () => {
    const peer = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => peer.bind(0, "127.0.0.1", resolve));
    const socket = LibcUdpSocket.bind("127.0.0.1", 0, () => {});
    const got: string[] = [];
    peer.on("message", (message) => got.push(new TextDecoder().decode(message)));
    try {
      socket.send(new TextEncoder().encode("first"), peer.address().port, "127.0.0.1");
      // Busy for a while without yielding: a send that waits for the loop would wait here too.
      const until = performance.now() + 50;
      while (performance.now() < until) { /* hold the thread */ }
      socket.send(new TextEncoder().encode("second"), peer.address().port, "127.0.0.1");
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(got, ["first", "second"]);
    } finally {
      await socket.close();
      await new Promise<void>((resolve) => peer.close(() => resolve()));
    }
  },
});

Deno.test({
  name: "replies go back to a node:dgram peer at the address and port its datagram came from",
  ignore: !available,
  fn: async () => {
    const socket = LibcUdpSocket.bind("127.0.0.1", 0, (bytes, address, port) => {
      socket.send(Uint8Array.of(...bytes, 33), port, address);
    });
    const peer = dgram.createSocket("udp4");
    await new Promise<void>((resolve) => peer.bind(0, "127.0.0.1", resolve));
    try {
      const reply = new Promise<Uint8Array>((resolve) => peer.once("message", resolve));
      peer.send(Uint8Array.of(72, 105), socket.port, "127.0.0.1");
      assert.deepEqual([...await reply], [72, 105, 33]);
    } finally {
      await socket.close();
      await new Promise<void>((resolve) => peer.close(() => resolve()));
    }
  },
});

Deno.test({
  name: "an IPv6 socket talks over ::1 and names IPv4 peers as mapped addresses",
  ignore: !available,
  fn: async () => {
    const heard: string[] = [];
    let socket: LibcUdpSocket;
    try {
      socket = LibcUdpSocket.bind("::", 0, (_bytes, address) => heard.push(address));
    } catch {
      return; // no IPv6 on this machine
    }
    const v6 = LibcUdpSocket.bind("::1", 0, () => {});
    const v4 = LibcUdpSocket.bind("127.0.0.1", 0, () => {});
    try {
      assert.equal(v6.send(Uint8Array.of(1), socket.port, "::1"), true);
      assert.equal(v4.send(Uint8Array.of(2), socket.port, "127.0.0.1"), true);
      await until(() => heard.length === 2);
      assert.deepEqual(heard.sort(), ["::1", "::ffff:127.0.0.1"]);
    } finally {
      await v4.close();
      await v6.close();
      await socket.close();
    }
  },
});

Deno.test({
  name: "a taken port is refused with EADDRINUSE and is free again once its socket closed",
  ignore: !available,
  fn: async () => {
    const first = LibcUdpSocket.bind("127.0.0.1", 0, () => {});
    assert.throws(
      () => LibcUdpSocket.bind("127.0.0.1", first.port, () => {}),
      (error: Error & { code?: string }) => error.code === "EADDRINUSE",
    );
    await first.close();
    const again = LibcUdpSocket.bind("127.0.0.1", first.port, () => {});
    assert.equal(again.port, first.port);
    await again.close();
  },
});

Deno.test({
  name: "an address of the other family or no address at all is not sent, and counted",
  ignore: !available,
  fn: async () => {
    const socket = LibcUdpSocket.bind("127.0.0.1", 0, () => {});
    try {
      assert.equal(socket.send(Uint8Array.of(1), 5060, "::1"), false);
      assert.equal(socket.send(Uint8Array.of(1), 5060, "pbx.example"), false);
      assert.equal(socket.sendErrors, 2);
    } finally {
      await socket.close();
    }
  },
});

Deno.test("socket addresses are written and read back in both families", () => {
  const cases: [string, string][] = [
    ["192.0.2.7", "192.0.2.7"],
    ["2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:db8::", "2001:db8::"],
    ["::1", "::1"],
    ["[fe80::1:2]", "fe80::1:2"],
    ["::ffff:10.0.0.1", "::ffff:10.0.0.1"],
    ["1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"],
  ];
  for (const [text, shown] of cases) {
    const family = text.includes(":") ? 10 : 2;
    const name = sockaddrFor(text, 5060, family);
    assert.ok(name, text);
    assert.equal(addressOf(name), shown);
    assert.equal((name[2] << 8) | name[3], 5060);
  }
  assert.equal(addressOf(sockaddrFor("10.1.2.3", 1, 10)!), "::ffff:10.1.2.3");
  for (const bad of ["1.2.3", "256.1.1.1", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "x"]) {
    assert.equal(sockaddrFor(bad, 1, bad.includes(":") ? 10 : 2), undefined, bad);
  }
});

Deno.test({
  name: "each datagram says how long it waited in the kernel before the busy thread read it",
  ignore: !available,
  fn: async () => {
    const waits: number[] = [];
    const receiver = LibcUdpSocket.bind(
      "127.0.0.1",
      0,
      (_b, _a, _p, waitedMs) => waits.push(waitedMs),
    );
    const sender = LibcUdpSocket.bind("127.0.0.1", 0, () => {});
    try {
      sender.send(Uint8Array.of(1), receiver.port, "127.0.0.1");
      await until(() => waits.length === 1);
      sender.send(Uint8Array.of(2), receiver.port, "127.0.0.1");
      const busyUntil = performance.now() + 60;
      while (performance.now() < busyUntil) { /* the thread is busy elsewhere */ }
      await until(() => waits.length === 2);
      assert.ok(waits[0] >= 0 && waits[0] < 50, `first waited ${waits[0]} ms`);
      assert.ok(waits[1] >= 40, `second waited ${waits[1]} ms`);
    } finally {
      await sender.close();
      await receiver.close();
    }
  },
});

Deno.test({
  name: "with the socket thread held, arrivals are told by it and read here, whole and in order",
  ignore: !available,
  fn: async () => {
    const release = holdUdpThread();
    const got: number[] = [];
    const waited: number[] = [];
    const receiver = await LibcUdpSocket.open("127.0.0.1", 0, (bytes, _address, _port, ms) => {
      got.push(bytes[0] | (bytes[1] << 8));
      waited.push(ms);
    }, watchOnSocketThread);
    const sender = LibcUdpSocket.bind("127.0.0.1", 0, () => {});
    try {
      assert.equal(receiver.told, true);
      const before = socketThreadCounters()!.messages_in;
      // Bursts larger than one read, and single datagrams between turns of the loop.
      for (let round = 0; round < 5; round++) {
        for (let n = 0; n < 100; n++) {
          const seq = round * 100 + n;
          sender.send(new Uint8Array([seq & 0xff, seq >> 8, 9]), receiver.port, "127.0.0.1");
        }
        await until(() => got.length === (round + 1) * 100);
      }
      assert.deepEqual(got, Array.from({ length: 500 }, (_, n) => n));
      assert.ok(socketThreadCounters()!.messages_in > before, "the thread told of arrivals");
      assert.ok(waited.every((ms) => ms >= 0), "each datagram's wait since its arrival stamp");
    } finally {
      await sender.close();
      await receiver.close();
      release();
    }
  },
});

Deno.test({
  name: "with no socket thread held, a socket opened to be told receives on its own",
  ignore: !available,
  fn: async () => {
    const got: number[] = [];
    const receiver = await LibcUdpSocket.open("127.0.0.1", 0, (bytes) => {
      got.push(bytes[0]);
    }, watchOnSocketThread);
    try {
      assert.equal(receiver.told, false);
      await tenArriveInOrder(receiver, got);
    } finally {
      await receiver.close();
    }
  },
});

Deno.test({
  name: "a socket whose watch is lost goes back to receiving on its own",
  ignore: !available,
  fn: async () => {
    let lost: (() => void) | undefined;
    let unwatched = 0;
    const got: number[] = [];
    const receiver = await LibcUdpSocket.open("127.0.0.1", 0, (bytes) => {
      got.push(bytes[0]);
    }, (_fd, listener) => {
      lost = listener.lost;
      return Promise.resolve(() => {
        unwatched++;
        return Promise.resolve();
      });
    });
    try {
      assert.equal(receiver.told, true);
      lost!();
      assert.equal(receiver.told, false);
      await tenArriveInOrder(receiver, got);
    } finally {
      await receiver.close();
    }
    assert.equal(unwatched, 0, "a lost watch is not stopped again");
  },
});
