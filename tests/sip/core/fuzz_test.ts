/**
 * Seeded random damage to valid messages: the parser and framer must either succeed or
 * throw SipParseError, quickly, whatever the input.
 */
import assert from "node:assert/strict";
import {
  createBadRequestResponse,
  parseMessage,
  SipParseError,
  StreamFramer,
  validateRequest,
} from "../../../src/sip/core/mod.ts";

const DIR = new URL("../../../../shared/conformance/rfc4475/", import.meta.url);

// Mulberry32: small, seedable and good enough to spread mutations around.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [...'\r\n \t:;,<>"\\%@=?/', "\0", "\xff"].map((c) => c.charCodeAt(0));

function mutate(input: Uint8Array, random: () => number): Uint8Array {
  const bytes = [...input];
  const edits = 1 + Math.floor(random() * 6);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * (bytes.length + 1));
    const pick = random();
    if (pick < 0.25) bytes.length = at; // truncate
    else if (pick < 0.45) bytes.splice(at, 1 + Math.floor(random() * 8));
    else if (pick < 0.65) {
      bytes.splice(at, 0, INTERESTING[Math.floor(random() * INTERESTING.length)]);
    } else if (pick < 0.8) bytes[at] = Math.floor(random() * 256);
    else {
      const from = Math.floor(random() * bytes.length);
      bytes.splice(at, 0, ...bytes.slice(from, from + Math.floor(random() * 40)));
    }
  }
  return new Uint8Array(bytes);
}

const seeds = [...Deno.readDirSync(DIR)].filter((e) => e.name.endsWith(".dat"))
  .map((e) => Deno.readFileSync(new URL(e.name, DIR)));

Deno.test("parser returns a message or throws SipParseError for 5000 damaged inputs", () => {
  const random = rng(4475);
  const started = performance.now();
  let accepted = 0;
  for (let i = 0; i < 5000; i++) {
    const input = mutate(seeds[i % seeds.length], random);
    const t0 = performance.now();
    try {
      const message = parseMessage(input);
      accepted++;
      if (message.kind === "request") validateRequest(message);
    } catch (error) {
      if (!(error instanceof SipParseError)) {
        throw new Error(
          `Input ${i} raised ${error}: ${JSON.stringify(new TextDecoder().decode(input))}`,
        );
      }
      createBadRequestResponse(error, "t");
    }
    assert.ok(performance.now() - t0 < 250, `input ${i} took too long`);
  }
  assert.ok(accepted > 0 && accepted < 5000);
  assert.ok(performance.now() - started < 20_000);
});

Deno.test("parser survives pure noise and pathological repetition", () => {
  const random = rng(7);
  const inputs: Uint8Array[] = [];
  for (let i = 0; i < 500; i++) {
    inputs.push(
      Uint8Array.from({ length: Math.floor(random() * 600) }, () => Math.floor(random() * 256)),
    );
  }
  const enc = (s: string) => new TextEncoder().encode(s);
  inputs.push(enc("INVITE sip:a@b SIP/2.0\r\n" + "Via: ".padEnd(60_000, ",") + "\r\n\r\n"));
  inputs.push(enc("INVITE sip:a@b SIP/2.0\r\nTo: " + '"'.repeat(30_000) + "\r\n\r\n"));
  inputs.push(enc("INVITE sip:a@b SIP/2.0\r\n" + " x\r\n".repeat(10_000) + "\r\n"));
  inputs.push(
    enc("OPTIONS sip:a@b SIP/2.0\r\nSubject: a\r\n" + "  x \r\n".repeat(10_000) + "\r\n"),
  );
  inputs.push(enc("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h" + ";a".repeat(20_000) + "\r\n\r\n"));
  for (const input of inputs) {
    const t0 = performance.now();
    try {
      parseMessage(input);
    } catch (error) {
      assert.ok(error instanceof SipParseError, String(error));
    }
    assert.ok(performance.now() - t0 < 1000);
  }
});

Deno.test("framer never throws on damaged streams fed in random chunks", () => {
  const random = rng(5626);
  for (let i = 0; i < 500; i++) {
    const framer = new StreamFramer();
    const stream = mutate(seeds[i % seeds.length], random);
    let offset = 0;
    while (offset < stream.length) {
      const size = 1 + Math.floor(random() * 64);
      for (const item of framer.push(stream.slice(offset, offset + size))) {
        if (item.kind !== "message") continue;
        try {
          parseMessage(item.bytes, { stream: true });
        } catch (error) {
          assert.ok(error instanceof SipParseError, String(error));
        }
      }
      offset += size;
    }
  }
});
