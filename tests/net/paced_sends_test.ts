import assert from "node:assert/strict";
import { nativeUdpAvailable, openUdpSocket, pacedSends, threadPacing } from "../../src/net/mod.ts";
import { CpuWakeLatency, useCpuWakeLatency } from "../../src/threads/mod.ts";
import { waitFor } from "../support/wait_for.ts";

const ignore = !nativeUdpAvailable();
const epochNow = () => performance.timeOrigin + performance.now();

const until = (check: () => boolean, ms = 3000) => waitFor("the paced packets arrive", check, ms);

Deno.test({
  name: "a paced packet leaves the socket thread at its send time, an unpaced one at once",
  ignore,
  async fn() {
    const a = await openUdpSocket("127.0.0.1", 0, { kind: "worker" });
    const b = await openUdpSocket("127.0.0.1", 0, { kind: "worker" });
    const arrived = new Map<number, number>();
    b.onDatagram((bytes) => arrived.set(bytes[0], epochNow()));
    try {
      const sendAt = epochNow() + 80;
      pacedSends(80, () => a.send(new Uint8Array([1]), b.port, "127.0.0.1"));
      a.send(new Uint8Array([2]), b.port, "127.0.0.1");
      await until(() => arrived.size === 2);
      assert.ok(arrived.get(2)! < arrived.get(1)!, "the unpaced packet overtakes");
      assert.ok(arrived.get(1)! >= sendAt - 1, `left ${sendAt - arrived.get(1)!} ms early`);
      // The thread reports its pacing once a second.
      await until(() => (threadPacing()?.ticks ?? 0) >= 1, 2500);
      assert.ok(threadPacing()!.maxMs < 50, JSON.stringify(threadPacing()));
    } finally {
      await a.close();
      await b.close();
    }
  },
});

Deno.test({
  name: "closing a socket waits for the packets already made for coming ticks",
  ignore,
  async fn() {
    const a = await openUdpSocket("127.0.0.1", 0, { kind: "worker" });
    const b = await openUdpSocket("127.0.0.1", 0, { kind: "worker" });
    const got: number[] = [];
    b.onDatagram((bytes) => got.push(bytes[0]));
    try {
      pacedSends(40, () => {
        for (let n = 0; n < 5; n++) a.send(new Uint8Array([n]), b.port, "127.0.0.1");
      });
      await a.close();
      await until(() => got.length === 5);
      assert.deepEqual(got, [0, 1, 2, 3, 4]);
    } finally {
      await b.close();
    }
  },
});

Deno.test({
  name: "spread sends leave each socket at a phase of its own, the same every tick",
  ignore,
  async fn() {
    const senders = await Promise.all(
      Array.from({ length: 12 }, () => openUdpSocket("127.0.0.1", 0, { kind: "worker" })),
    );
    // Received on this thread, straight from the runtime, to time arrivals closely.
    const receiver = await openUdpSocket("127.0.0.1", 0, { kind: "deno" });
    const arrived: [number, number][] = [];
    receiver.onDatagram((bytes) => arrived.push([bytes[0], epochNow()]));
    const ticks = 13;
    try {
      const first = epochNow() + 60;
      for (let tick = 0; tick < ticks; tick++) {
        pacedSends(first + tick * 20 - epochNow(), () => {
          senders.forEach((s, i) => s.send(new Uint8Array([i]), receiver.port, "127.0.0.1"));
        }, 20);
      }
      await until(() => arrived.length === senders.length * ticks);
      // The first tick warms the thread up and is not judged.
      const offsets = senders.map((_, i) =>
        arrived.filter(([n]) => n === i).map(([, at], tick) => at - (first + tick * 20)).slice(1)
      );
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
      const phases = offsets.map(median);
      for (const [i, own] of offsets.entries()) {
        assert.ok(Math.min(...own) > -1, `socket ${i} left early: ${own}`);
      }
      assert.ok(Math.max(...phases) < 22, `later than the tick: ${phases}`);
      // Timed on a thread that shares a busy machine: a stalled tick may move everything.
      const kept = offsets.flatMap((own, i) => own.map((x) => Math.abs(x - phases[i]) < 3));
      assert.ok(
        kept.filter(Boolean).length >= 0.75 * kept.length,
        `phases not kept: ${offsets.map((own) => own.map((x) => x.toFixed(1)).join(" "))}`,
      );
      assert.ok(
        Math.max(...phases) - Math.min(...phases) > 8,
        `one burst, not spread: ${phases.map((p) => p.toFixed(1))}`,
      );
    } finally {
      await Promise.all([...senders.map((s) => s.close()), receiver.close()]);
    }
  },
});

Deno.test({
  name: "paced audio holds the process's wake-up latency request until the socket thread stops",
  ignore,
  async fn() {
    let open = false;
    const request = new CpuWakeLatency({
      open: () => {
        open = true;
        return { writeSync: (bytes) => bytes.length, close: () => open = false };
      },
    });
    useCpuWakeLatency(request);
    try {
      const a = await openUdpSocket("127.0.0.1", 0, { kind: "worker" });
      const b = await openUdpSocket("127.0.0.1", 0, { kind: "worker" });
      let got = 0;
      b.onDatagram(() => got++);
      assert.equal(open, false, "open sockets alone ask nothing");
      pacedSends(20, () => a.send(new Uint8Array([1]), b.port, "127.0.0.1"));
      assert.equal(open, true, "asked as soon as audio is paced");
      await until(() => got === 1);
      await a.close();
      await b.close();
      assert.equal(open, false, "withdrawn when the thread stops");
    } finally {
      useCpuWakeLatency(undefined);
    }
  },
});
