import assert from "node:assert/strict";
import { nativeUdpAvailable, openUdpSocket, type UdpSocket } from "../../src/net/mod.ts";
import { waitFor } from "../support/wait_for.ts";

const kinds = nativeUdpAvailable() ? (["worker", "deno", "node"] as const) : (["node"] as const);

const until = (check: () => boolean, ms = 2000) => waitFor("what was sent arrives", check, ms);

for (const kind of kinds) {
  Deno.test(`a ${kind} UDP socket delivers a burst sent in one turn in order`, async () => {
    const a = await openUdpSocket("127.0.0.1", 0, { kind });
    const b = await openUdpSocket("127.0.0.1", 0, { kind });
    const got: number[] = [];
    let from: [string, number] | undefined;
    b.onDatagram((bytes, address, port) => {
      got.push(bytes[0] | (bytes[1] << 8));
      from = [address, port];
    });
    try {
      for (let turn = 0; turn < 50; turn++) {
        for (let k = 0; k < 6; k++) {
          const n = turn * 6 + k;
          a.send(new Uint8Array([n & 0xff, n >> 8]), b.port, "127.0.0.1");
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      await until(() => got.length === 300);
      assert.deepEqual(got, Array.from({ length: 300 }, (_, i) => i));
      assert.deepEqual(from, ["127.0.0.1", a.port]);
      assert.equal(a.errors, 0);
    } finally {
      await a.close();
      await b.close();
    }
  });

  Deno.test(`a ${kind} UDP socket gives each listener call its own bytes`, async () => {
    const a = await openUdpSocket("127.0.0.1", 0, { kind });
    const b = await openUdpSocket("127.0.0.1", 0, { kind });
    const kept: Uint8Array[] = [];
    b.onDatagram((bytes) => kept.push(bytes));
    try {
      a.send(new Uint8Array([1, 1, 1]), b.port, "127.0.0.1");
      await a.idle();
      a.send(new Uint8Array([2, 2]), b.port, "127.0.0.1");
      await until(() => kept.length === 2);
      assert.deepEqual(kept.map((k) => [...k]), [[1, 1, 1], [2, 2]]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  Deno.test(`a ${kind} UDP socket reports a taken port as EADDRINUSE`, async () => {
    const first = await openUdpSocket("127.0.0.1", 0, { kind });
    try {
      await assert.rejects(
        () => openUdpSocket("127.0.0.1", first.port, { kind }),
        (error: { code?: string }) => error.code === "EADDRINUSE",
      );
    } finally {
      await first.close();
    }
  });

  Deno.test(`a ${kind} UDP socket keeps receiving after a listener throws`, async () => {
    const a = await openUdpSocket("127.0.0.1", 0, { kind });
    const b: UdpSocket = await openUdpSocket("127.0.0.1", 0, { kind });
    let calls = 0;
    b.onDatagram(() => {
      calls++;
      if (calls === 1) throw new Error("listener failure");
    });
    try {
      a.send(new Uint8Array([1]), b.port, "127.0.0.1");
      await until(() => calls === 1);
      a.send(new Uint8Array([2]), b.port, "127.0.0.1");
      await until(() => calls === 2);
    } finally {
      await a.close();
      await b.close();
    }
  });
}

Deno.test("a closed UDP socket frees its port for the next bind", async () => {
  const a = await openUdpSocket("127.0.0.1", 0);
  const port = a.port;
  await a.close();
  const again = await openUdpSocket("127.0.0.1", port);
  assert.equal(again.port, port);
  await again.close();
});
