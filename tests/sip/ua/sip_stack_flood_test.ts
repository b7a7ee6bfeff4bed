import assert from "node:assert/strict";
import { createRequest } from "../../../src/sip/core/mod.ts";
import { SipUdpClient } from "../../support/sip_udp_client.ts";
import { eventually, pbxRequest, type StackHarness, stackHarness } from "./_stack_harness.ts";

const options = { sanitizeOps: false, sanitizeResources: false };

function options_(h: StackHarness, client: SipUdpClient, seq: number) {
  const request = createRequest({ method: "OPTIONS", uri: `sip:127.0.0.1:${h.stack.port}` });
  request.headers.append("Via", `SIP/2.0/UDP ${"127.0.0.2"}:${client.port};branch=z9hG4bKo${seq}`);
  request.headers.append("From", `<sip:scan@127.0.0.2>;tag=s${seq}`);
  request.headers.append("To", "<sip:cc@127.0.0.1>");
  request.headers.append("Call-ID", `flood-${seq}`);
  request.headers.append("CSeq", `${seq} OPTIONS`);
  return request;
}

/** Sends in small batches: loopback drops datagrams that arrive faster than they are read. */
async function paced(count: number, send: (i: number) => void): Promise<void> {
  for (let i = 1; i <= count; i++) {
    send(i);
    if (i % 20 === 0) await new Promise((r) => setTimeout(r, 2));
  }
}

async function countAnswers(client: SipUdpClient, from: number, to: number): Promise<number> {
  let answered = 0;
  for (let seq = from; seq < to; seq++) {
    try {
      await client.response(`${seq} OPTIONS`, 1);
      answered++;
    } catch {
      // Not answered.
    }
  }
  return answered;
}

Deno.test({
  name: "an address that floods the port gets its burst answered, then is blocked and ignored",
  ...options,
  async fn() {
    await using h = await stackHarness({
      limits: { requestsPerSecond: 50, requestBurst: 100, floodBlockMs: 60_000 },
    });
    const flooder = await SipUdpClient.open("127.0.0.2");
    try {
      // The virtual clock stands still, so the bucket never refills during the flood.
      await paced(1000, (seq) => flooder.send(options_(h, flooder, seq), h.stack.port));
      const { counters } = h.stack;
      await eventually(() => counters.rateLimited + counters.dropped === 900);
      // The burst is answered, twice the rate in drops blocks the address, the rest is
      // dropped unread.
      assert.equal(counters.rateLimited, 100);
      assert.equal(counters.dropped, 800);
      assert.equal(await countAnswers(flooder, 1, 1001), 100);
      // Only what was answered left a transaction behind.
      assert.equal(h.stack.tableSizes.serverTransactions, 100);
      assert.equal(h.stack.tableSizes.rateTracked, 0, "a blocked address needs no bucket");
      assert.equal(h.stack.guard.isBlocked("127.0.0.2"), true);
      // Blocked: nothing more is even parsed until the block runs out.
      const before = h.stack.counters.dropped;
      flooder.send(options_(h, flooder, 2000), h.stack.port);
      await eventually(() => h.stack.counters.dropped === before + 1);
      h.clock.advance(60_000);
      flooder.send(options_(h, flooder, 2001), h.stack.port);
      assert.equal((await flooder.response("2001 OPTIONS")).status, 200);
    } finally {
      flooder.close();
    }
  },
});

Deno.test({
  name: "a trunk's address over its rate has the excess dropped but is never blocked",
  ...options,
  async fn() {
    await using h = await stackHarness({
      limits: { trunkMinRequestsPerSecond: 20, trunkRequestsPerCall: 0 },
    });
    await paced(200, (seq) => {
      h.pbx.send(pbxRequest(h, { method: "OPTIONS", cseq: seq, contacts: [] }), h.stack.port);
    });
    await eventually(() => h.stack.counters.rateLimited === 160);
    assert.equal(h.stack.guard.isBlocked("127.0.0.1"), false);
    h.clock.advance(1000);
    h.pbx.send(pbxRequest(h, { method: "OPTIONS", cseq: 500, contacts: [] }), h.stack.port);
    assert.equal((await h.pbx.response("500 OPTIONS")).status, 200);
  },
});

Deno.test({
  name: "one address may hold only so many TCP connections open",
  ...options,
  async fn() {
    await using h = await stackHarness({ limits: { tcpConnectionsPerAddress: 3 } });
    const conns = await Promise.all(
      Array.from({ length: 4 }, () => Deno.connect({ hostname: "127.0.0.1", port: h.stack.port })),
    );
    try {
      // The fourth is closed by the appliance at once: a read sees the end of the stream.
      const read = await conns[3].read(new Uint8Array(16)).catch(() => null);
      assert.equal(read, null);
      const open = await Promise.race([
        conns[0].read(new Uint8Array(16)).then(() => "closed"),
        new Promise((r) => setTimeout(() => r("open"), 200)),
      ]);
      assert.equal(open, "open");
    } finally {
      for (const conn of conns) {
        try {
          conn.close();
        } catch {
          // Closed already.
        }
      }
    }
  },
});
