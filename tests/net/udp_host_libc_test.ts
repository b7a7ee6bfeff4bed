import assert from "node:assert/strict";
import dgram from "node:dgram";
import { libcDatagramSockets } from "../../src/net/_udp_host_libc.ts";
import { WakeSignal } from "../../src/net/libc_udp.ts";
import { addressOf, sockaddrFor } from "../../src/net/socket_address.ts";
import { libcUdpAvailable, openUdpSocket } from "../../src/net/mod.ts";
import { waitFor } from "../support/wait_for.ts";

const available = libcUdpAvailable() === true;
const AF_INET = 2;

function sendFrom(port: number, payloads: number[]): Promise<number> {
  const client = dgram.createSocket("udp4");
  return new Promise((resolve) => {
    client.bind(0, "127.0.0.1", async () => {
      const from = client.address().port;
      for (const p of payloads) {
        await new Promise((sent) => client.send(Uint8Array.of(p), port, "127.0.0.1", sent));
      }
      client.close();
      resolve(from);
    });
  });
}

/** The thread's sockets with their wait set open; `dispose` closes it. */
function openSockets() {
  const libc = libcDatagramSockets()!;
  const signal = WakeSignal.open()!;
  assert.equal(libc.open(signal.fd), true);
  return { libc, signal };
}

Deno.test({
  name: "one wait reports every media socket with datagrams waiting, and a drain reads them all",
  ignore: !available,
  fn: async () => {
    const { libc } = openSockets();
    const bound = [11, 12, 13].map((id) => {
      const made = libc.bind(sockaddrFor("127.0.0.1", 0, AF_INET)!, id);
      assert.ok("fd" in made, "bound");
      return { id, ...made };
    });
    try {
      const fromA = await sendFrom(bound[0].port, [1, 2, 3]);
      await sendFrom(bound[2].port, [9]);
      assert.deepEqual(libc.wait(1000).sort(), [11, 13]);
      const got: { bytes: number[]; from: string }[] = [];
      libc.drain(bound[0].fd, (bytes, from) => {
        got.push({ bytes: [...bytes], from: `${addressOf(from)}:${(from[2] << 8) | from[3]}` });
      });
      assert.deepEqual(got, [1, 2, 3].map((b) => ({ bytes: [b], from: `127.0.0.1:${fromA}` })));
      // Nothing waits on the second socket; a drain there returns at once.
      libc.drain(bound[1].fd, () => assert.fail("nothing was sent to the second socket"));
    } finally {
      for (const { fd } of bound) libc.close(fd);
      libc.dispose();
    }
  },
});

Deno.test({
  name: "the main thread's signal and the alarm each end a wait long before its timeout",
  ignore: !available,
  fn: () => {
    const { libc, signal } = openSockets();
    try {
      signal.signal();
      let started = performance.now();
      assert.deepEqual(libc.wait(5000), []);
      assert.ok(performance.now() - started < 2500, "the signal ended the wait");
      // Cleared by that wait: the next one is ended by the alarm, not by the same signal.
      libc.alarm(30);
      started = performance.now();
      assert.deepEqual(libc.wait(5000), []);
      const waited = performance.now() - started;
      assert.ok(waited >= 29 && waited < 2500, `the alarm ended the wait after ${waited} ms`);
    } finally {
      libc.dispose();
    }
  },
});

Deno.test({
  name: "a media socket through the C library reports a port in use as EADDRINUSE",
  ignore: !available,
  fn: () => {
    const { libc } = openSockets();
    const first = libc.bind(sockaddrFor("127.0.0.1", 0, AF_INET)!, 1);
    assert.ok("fd" in first);
    try {
      const second = libc.bind(sockaddrFor("127.0.0.1", first.port, AF_INET)!, 2);
      assert.ok("code" in second && second.code === "EADDRINUSE", JSON.stringify(second));
    } finally {
      libc.close(first.fd);
      libc.dispose();
    }
  },
});

Deno.test({
  name: "a thread-hosted socket counts a send to a name that is not an IP address as failed",
  ignore: !available,
  fn: async () => {
    const socket = await openUdpSocket("127.0.0.1", 0, { kind: "worker" });
    try {
      socket.send(Uint8Array.of(1), 4000, "media.example.invalid");
      await waitFor("the failed send is reported", () => socket.errors === 1, 3000);
    } finally {
      await socket.close();
    }
  },
});

Deno.test({
  name: "a thread-hosted socket on the IPv6 wildcard names IPv4 peers as mapped addresses",
  ignore: !available,
  fn: async () => {
    const socket = await openUdpSocket("::", 0, { kind: "worker" });
    const froms: string[] = [];
    socket.onDatagram((_bytes, address, port) => froms.push(`${address} ${port}`));
    try {
      const from = await sendFrom(socket.port, [7]);
      await waitFor("the datagram arrives", () => froms.length === 1, 3000);
      assert.deepEqual(froms, [`::ffff:127.0.0.1 ${from}`]);
    } finally {
      await socket.close();
    }
  },
});
