/**
 * RFC 4475's torture messages sent to a running stack over UDP and over TCP: the valid
 * ones reach whatever handles their method, the invalid ones are refused with the code
 * the RFC asks for, the responses among them are dropped quietly.
 */
import assert from "node:assert/strict";
import dgram from "node:dgram";
import { parseMessage, StreamFramer } from "../../../src/sip/core/mod.ts";
import { conformanceDir, retargetTopVia } from "../../support/conformance.ts";
import { type StackHarness, stackHarness } from "./_stack_harness.ts";

const DIR = conformanceDir("rfc4475");

// What the peer hears. "none": nothing at all. Valid INVITEs reach the call handler,
// which answers 486 here; valid REGISTERs are challenged; an unknown method gets 501;
// a request with a To tag outside any dialog gets 481 (RFC 3261 §12.2.2).
const HEARD: Record<string, number | "none"> = {
  // §3.1.1 valid
  wsinv: 481,
  intmeth: 501,
  esc01: 486,
  escnull: 401,
  esc02: 501,
  lwsdisp: 200,
  longreq: 486,
  dblreq: 401,
  semiuri: 200,
  transports: 200,
  mpart01: 501,
  unreason: "none",
  noreason: "none",
  // §3.1.2 invalid
  badinv01: 400,
  clerr: 400,
  ncl: 400,
  scalar02: 400,
  quotbal: 400,
  ltgtruri: 400,
  lwsruri: 400,
  lwsstart: 400,
  trws: 400,
  escruri: 400,
  baddate: 400,
  regbadct: 400,
  badaspec: 400,
  baddn: 400,
  badvers: 505,
  mismatch01: 400,
  mismatch02: 400,
  scalarlg: "none",
  bigcode: "none",
  // §3.2 - §3.4
  badbranch: 200,
  insuf: 400,
  unkscm: 416,
  novelsc: 416,
  unksm2: 404,
  bext01: 420,
  invut: 415,
  regaut01: 401,
  multi01: 400,
  mcl01: 400,
  bcast: "none",
  zeromf: 200,
  cparam01: 401,
  cparam02: 401,
  regescrt: 401,
  sdp01: 406,
  inv2543: 486,
};

// A stream needs Content-Length to find the end of a message (RFC 3261 §18.3): the
// datagram-only inv2543 is refused, and clerr's too-large length just waits for more.
const HEARD_ON_TCP: Record<string, number | "none"> = { ...HEARD, inv2543: 400, clerr: "none" };

function files(): string[] {
  return [...Deno.readDirSync(DIR!)].filter((e) => e.name.endsWith(".dat"))
    .map((e) => e.name.slice(0, -4)).sort();
}

function load(name: string): Uint8Array {
  return Deno.readFileSync(new URL(`${name}.dat`, DIR!));
}

async function overUdp(h: StackHarness, name: string): Promise<number | "none"> {
  const socket = dgram.createSocket("udp4");
  const received: number[] = [];
  socket.on("message", (data: Uint8Array) => received.push(...finalStatus(data)));
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  try {
    const bytes = retargetTopVia(load(name), "UDP", socket.address().port);
    socket.send(bytes, h.stack.port, "127.0.0.1");
    return await answer(received);
  } finally {
    socket.close();
  }
}

async function overTcp(h: StackHarness, name: string): Promise<number | "none"> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: h.stack.port });
  const received: number[] = [];
  const framer = new StreamFramer();
  const reading = (async () => {
    const buffer = new Uint8Array(65536);
    try {
      for (;;) {
        const n = await conn.read(buffer);
        if (n === null) return;
        for (const item of framer.push(buffer.slice(0, n))) {
          if (item.kind === "message") received.push(...finalStatus(item.bytes));
        }
      }
    } catch {
      // Closed.
    }
  })();
  try {
    const port = (conn.localAddr as Deno.NetAddr).port;
    const bytes = retargetTopVia(load(name), "TCP", port);
    await conn.write(bytes);
    return await answer(received);
  } finally {
    conn.close();
    await reading;
  }
}

/**
 * The status of a final response, read from its status line alone: a 400 copies the
 * broken From or To it refuses, so the whole response need not parse.
 */
function finalStatus(bytes: Uint8Array): number[] {
  const status = /^SIP\/2\.0 ([2-6][0-9]{2}) /.exec(
    new TextDecoder().decode(bytes.subarray(0, 16)),
  );
  return status ? [Number(status[1])] : [];
}

// Each message goes out on a socket or connection of its own, so whatever final
// response comes back on it is the answer to that message.
async function answer(received: number[]): Promise<number | "none"> {
  // Long enough for any answer on loopback; what stays silent is meant to.
  const deadline = Date.now() + 400;
  while (Date.now() < deadline) {
    if (received.length > 0) return received[0];
    await new Promise((r) => setTimeout(r, 5));
  }
  return "none";
}

Deno.test({
  name: "every RFC 4475 message has the answer it should have over UDP and over TCP",
  ignore: DIR === undefined,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    assert.deepEqual(files(), Object.keys(HEARD).sort(), "a message without an expectation");
    await using h = await stackHarness();
    h.onCall = (call) => call.leg.reject(486);
    for (
      const [transport, send, expected] of [
        ["UDP", overUdp, HEARD],
        ["TCP", overTcp, HEARD_ON_TCP],
      ] as const
    ) {
      await t.step(transport, async () => {
        const heard: Record<string, number | "none"> = {};
        for (const name of files()) heard[name] = await send(h, name);
        assert.deepEqual(heard, expected);
      });
    }
    assert.equal(h.activeCalls(), 0, "every call that reached the handler has ended");
  },
});

Deno.test({
  name: "pointing the top Via at the test client keeps every RFC 4475 message as it was",
  ignore: DIR === undefined,
  fn() {
    const verdict = (bytes: Uint8Array) => {
      try {
        const message = parseMessage(bytes);
        return message.kind === "request" ? message.method : message.status;
      } catch (error) {
        return (error as Error).message.replace(/Via|host|port/gi, "");
      }
    };
    for (const name of files()) {
      const original = load(name);
      assert.equal(verdict(retargetTopVia(original, "UDP", 5999)), verdict(original), name);
    }
  },
});
