import assert from "node:assert/strict";
import { createRequest, serializeMessage } from "../../src/sip/core/mod.ts";
import { startLiveAppliance } from "../support/live_appliance.ts";
import { SipUdpClient } from "../support/sip_udp_client.ts";

const TORTURE = new URL("../../../shared/conformance/rfc4475/", import.meta.url);

/** Small seeded PRNG (mulberry32) so a failing run can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seeds(sipPort: number): Uint8Array[] {
  const samples: Uint8Array[] = [];
  for (const entry of Deno.readDirSync(TORTURE)) {
    if (entry.name.endsWith(".dat")) samples.push(Deno.readFileSync(new URL(entry.name, TORTURE)));
  }
  const invite =
    `INVITE sip:1000@127.0.0.1:${sipPort} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.5:5070;branch=z9hG4bKfuzz\r\n` +
    `From: <sip:fuzz@127.0.0.5>;tag=1\r\nTo: <sip:1000@127.0.0.1>\r\nCall-ID: fuzz@x\r\nCSeq: 1 INVITE\r\n` +
    `Max-Forwards: 70\r\nContact: <sip:fuzz@127.0.0.5:5070>\r\nContent-Type: application/sdp\r\nContent-Length: 31\r\n\r\n` +
    `v=0\r\no=- 1 1 IN IP4 127.0.0.5\r\ns=-\r\n`;
  samples.push(new TextEncoder().encode(invite));
  return samples;
}

function mutate(sample: Uint8Array, random: () => number): Uint8Array {
  const bytes = new Uint8Array(sample);
  switch (Math.floor(random() * 5)) {
    case 0: // flip a few bytes
      for (let i = 0; i < 1 + random() * 8; i++) {
        bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      }
      return bytes;
    case 1: // truncate
      return bytes.subarray(0, Math.floor(random() * bytes.length));
    case 2: { // lie about Content-Length
      const text = new TextDecoder().decode(bytes).replace(
        /Content-Length: *\d+/i,
        `Content-Length: ${Math.floor(random() * 100000) - 50}`,
      );
      return new TextEncoder().encode(text);
    }
    case 3: { // splice in junk
      const at = Math.floor(random() * bytes.length);
      const junk = Uint8Array.from(
        { length: 1 + Math.floor(random() * 64) },
        () => Math.floor(random() * 256),
      );
      const out = new Uint8Array(bytes.length + junk.length);
      out.set(bytes.subarray(0, at));
      out.set(junk, at);
      out.set(bytes.subarray(at), at + junk.length);
      return out;
    }
    default: { // repeat a header line many times
      const lines = new TextDecoder().decode(bytes).split("\r\n");
      const i = 1 + Math.floor(random() * Math.max(1, lines.length - 2));
      lines.splice(i, 0, ...Array(50).fill(lines[i] ?? "X: y"));
      return new TextEncoder().encode(lines.join("\r\n"));
    }
  }
}

async function optionsAnswered(client: SipUdpClient, port: number, tag: string): Promise<number> {
  const request = createRequest({ method: "OPTIONS", uri: `sip:127.0.0.1:${port}` });
  request.headers.append("Via", `SIP/2.0/UDP 127.0.0.1:${client.port};branch=z9hG4bK${tag}`);
  request.headers.append("From", `<sip:probe@127.0.0.1>;tag=${tag}`);
  request.headers.append("To", "<sip:cc@127.0.0.1>");
  request.headers.append("Call-ID", `probe-${tag}`);
  request.headers.append("CSeq", "7 OPTIONS");
  client.send(request, port);
  return (await client.response("7 OPTIONS", 3000)).status;
}

async function tcpOptions(port: number): Promise<string> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const local = conn.localAddr as Deno.NetAddr;
  const request = createRequest({ method: "OPTIONS", uri: `sip:127.0.0.1:${port};transport=tcp` });
  request.headers.append("Via", `SIP/2.0/TCP 127.0.0.1:${local.port};branch=z9hG4bKtcpprobe`);
  request.headers.append("From", "<sip:probe@127.0.0.1>;tag=t");
  request.headers.append("To", "<sip:cc@127.0.0.1>");
  request.headers.append("Call-ID", "probe-tcp");
  request.headers.append("CSeq", "1 OPTIONS");
  await conn.write(serializeMessage(request));
  const buffer = new Uint8Array(4096);
  const n = await Promise.race([
    conn.read(buffer),
    new Promise<null>((r) => setTimeout(() => r(null), 3000)),
  ]);
  conn.close();
  return n ? new TextDecoder().decode(buffer.subarray(0, n)).split("\r\n")[0] : "no answer";
}

Deno.test({
  name:
    "thousands of mutated and truncated messages on UDP and TCP leave the appliance answering OPTIONS",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const live = await startLiveAppliance({ logLevel: "warn" });
    const random = prng(4475);
    // One address sending thousands a second is a flood and gets blocked unread (see
    // sip_flood_test.ts); spread over 32 addresses each stays within its rate, so every
    // mutated message reaches the parser.
    const fuzzers = await Promise.all(
      Array.from({ length: 32 }, (_, i) => SipUdpClient.open(`127.0.0.${32 + i}`)),
    );
    try {
      const samples = seeds(live.sipPort);
      for (let i = 0; i < 3000; i++) {
        fuzzers[i % fuzzers.length].sendRaw(
          mutate(samples[i % samples.length], random),
          live.sipPort,
        );
        if (i % 50 === 49) await new Promise((r) => setTimeout(r, 2));
      }
      for (let i = 0; i < 200; i++) {
        const conn = await Deno.connect({ hostname: "127.0.0.1", port: live.sipPort });
        try {
          for (let j = 0; j < 3; j++) {
            await conn.write(mutate(samples[(i + j) % samples.length], random));
          }
        } catch {
          // The appliance may close a connection whose framing is lost; that is the point.
        }
        conn.close();
      }
      await new Promise((r) => setTimeout(r, 300));
      const probe = await SipUdpClient.open("127.0.0.1");
      try {
        assert.equal(await optionsAnswered(probe, live.sipPort, "after-fuzz"), 200);
      } finally {
        probe.close();
      }
      assert.equal(await tcpOptions(live.sipPort), "SIP/2.0 200 OK");
      const stats = await (await (await live.api("admin")).get("/sip/stats")).json();
      assert.ok(stats.badMessages > 500, `only ${stats.badMessages} bad messages were counted`);
      // Bad input is logged once per interval per source, not once per message: at most
      // once for each fuzzing address and once for the TCP one.
      const warnings = live.logs.filter((l) => l.includes("malformed SIP message")).length;
      assert.ok(warnings <= fuzzers.length + 1, `${warnings} log lines for malformed messages`);
    } finally {
      for (const fuzzer of fuzzers) fuzzer.close();
      await live.stop();
    }
  },
});
