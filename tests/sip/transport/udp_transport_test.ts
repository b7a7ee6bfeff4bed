import assert from "node:assert/strict";
import { libcUdpAvailable } from "../../../src/net/mod.ts";
import { parseMessage } from "../../../src/sip/core/mod.ts";
import { type UdpDriver, UdpTransport } from "../../../src/sip/transport/udp_transport.ts";

const OPTIONS = (n: number) =>
  new TextEncoder().encode(
    `OPTIONS sip:probe@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK${n}\r\n` +
      `From: <sip:a@127.0.0.1>;tag=${n}\r\nTo: <sip:probe@127.0.0.1>\r\nCall-ID: c${n}\r\n` +
      `CSeq: ${n} OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`,
  );

const drivers: UdpDriver[] = libcUdpAvailable() === true ? ["libc", "dgram"] : ["dgram"];

Deno.test("the SIP port is driven through the C library where it can be", async () => {
  const transport = await UdpTransport.bind("127.0.0.1", 0, () => {});
  try {
    assert.equal(transport.driver, libcUdpAvailable() === true ? "libc" : "dgram");
  } finally {
    await transport.close();
  }
});

for (const driver of drivers) {
  Deno.test(`SIP over UDP (${driver}): messages sent in one turn reach the peer in order`, async () => {
    const heard: string[] = [];
    const peer = await UdpTransport.bind("127.0.0.1", 0, (bytes, source) => {
      heard.push(`${parseMessage(bytes).headers.get("call-id")}@${source.host}:${source.port}`);
    }, driver);
    const sender = await UdpTransport.bind("127.0.0.1", 0, () => {}, driver);
    try {
      for (let n = 1; n <= 20; n++) {
        sender.sendBytes(OPTIONS(n), { transport: "udp", host: "127.0.0.1", port: peer.port });
      }
      for (let waited = 0; heard.length < 20 && waited < 2000; waited += 5) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      assert.deepEqual(
        heard,
        Array.from({ length: 20 }, (_, i) => `c${i + 1}@127.0.0.1:${sender.port}`),
      );
    } finally {
      await sender.close();
      await peer.close();
    }
  });
}
