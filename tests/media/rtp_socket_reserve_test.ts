import assert from "node:assert/strict";
import { VirtualClock } from "../../src/clock/mod.ts";
import { PortPool, reserveSizeFor, RtpEndpoint, RtpSocketReserve } from "../../src/media/mod.ts";

// A random even base keeps parallel runs from colliding on the same ports.
function pool(size = 20): PortPool {
  const base = 20000 + 2 * Math.floor(Math.random() * 15000);
  return new PortPool(base, base + size * 2 - 1);
}

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited >= timeoutMs) throw new Error("Timed out waiting for the reserve");
    await new Promise((r) => setTimeout(r, 5));
  }
}

Deno.test("a socket reserve binds nothing until it starts", () => {
  const ports = pool();
  const reserve = new RtpSocketReserve({ ports, bindAddress: "127.0.0.1", size: 3 });
  assert.equal(reserve.take(), undefined);
  assert.equal(ports.inUse, 0);
});

Deno.test("a started socket reserve keeps its size bound and replaces each pair taken", async () => {
  const ports = pool();
  const reserve = new RtpSocketReserve({ ports, bindAddress: "127.0.0.1", size: 3 });
  const stop = reserve.start();
  try {
    await until(() => reserve.ready === 3);
    assert.equal(ports.inUse, 3);
    const pair = reserve.take();
    assert.ok(pair);
    assert.equal(pair.rtp.port, pair.port);
    assert.equal(pair.rtcp.port, pair.port + 1);
    await until(() => reserve.ready === 3);
    assert.equal(ports.inUse, 4);
    await Promise.all([pair.rtp.close(), pair.rtcp.close()]);
    ports.release(pair.port);
  } finally {
    await stop();
  }
  assert.equal(ports.inUse, 0);
  assert.equal(reserve.take(), undefined);
});

Deno.test("an endpoint takes a reserved pair and returns its port to the pool on close", async () => {
  const ports = pool();
  const reserve = new RtpSocketReserve({ ports, bindAddress: "127.0.0.1", size: 2 });
  const stop = reserve.start();
  try {
    await until(() => reserve.ready === 2);
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    const endpoint = await RtpEndpoint.open({ clock, ports, reserve, bindAddress: "127.0.0.1" });
    assert.equal(reserve.ready, 1, "the endpoint's pair came from the reserve");
    assert.equal(endpoint.rtcpPort, endpoint.port + 1);
    await until(() => reserve.ready === 2);
    await endpoint.close();
    assert.equal(ports.inUse, 2);
  } finally {
    await stop();
  }
  assert.equal(ports.inUse, 0);
});

Deno.test("an endpoint binds its own sockets when the reserve has none ready", async () => {
  const ports = pool();
  const reserve = new RtpSocketReserve({ ports, bindAddress: "127.0.0.1", size: 2 });
  const clock = new VirtualClock(Date.UTC(2026, 0, 1));
  const endpoint = await RtpEndpoint.open({ clock, ports, reserve, bindAddress: "127.0.0.1" });
  assert.equal(ports.inUse, 1);
  await endpoint.close();
  assert.equal(ports.inUse, 0);
});

Deno.test("a socket reserve refuses a size below one", () => {
  assert.throws(() => new RtpSocketReserve({ ports: pool(), size: 0 }), RangeError);
});

Deno.test("a socket reserve keeps an eighth of a small range idle and at most 32 pairs of a large one", async () => {
  assert.equal(reserveSizeFor(50), 6, "a 100-port test range keeps 6 pairs, not 32 of its 50");
  assert.equal(reserveSizeFor(4), 1);
  assert.equal(reserveSizeFor(5000), 32);
  const ports = pool(50);
  const reserve = new RtpSocketReserve({ ports, bindAddress: "127.0.0.1" });
  const stop = reserve.start();
  try {
    await until(() => reserve.ready === 6);
    assert.equal(ports.pairs, 50);
    assert.equal(ports.inUse, 6, "only the reserve's size is taken from the pool");
  } finally {
    await stop();
  }
  assert.equal(ports.inUse, 0);
});
