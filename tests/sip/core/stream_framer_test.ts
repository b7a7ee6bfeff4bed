import assert from "node:assert/strict";
import { type FramedItem, parseMessage, StreamFramer } from "../../../src/sip/core/mod.ts";

const enc = (text: string) => new TextEncoder().encode(text);
const dec = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

const MESSAGE = [
  "OPTIONS sip:a@example.com SIP/2.0",
  "Via: SIP/2.0/TCP h;branch=z9hG4bK1",
  "From: <sip:b@example.com>;tag=1",
  "To: <sip:a@example.com>",
  "Call-ID: c1",
  "CSeq: 1 OPTIONS",
  "l: 5",
  "",
  "hello",
].join("\r\n");

const kinds = (items: FramedItem[]) => items.map((i) => i.kind);

Deno.test("framer emits a message only once its whole body has arrived", () => {
  const framer = new StreamFramer();
  const bytes = enc(MESSAGE);
  assert.deepEqual(framer.push(bytes.slice(0, 40)), []);
  assert.deepEqual(framer.push(bytes.slice(40, bytes.length - 1)), []);
  const items = framer.push(bytes.slice(bytes.length - 1));
  assert.deepEqual(kinds(items), ["message"]);
  const item = items[0];
  assert.ok(item.kind === "message");
  assert.equal(dec(item.bytes), MESSAGE);
  assert.equal(parseMessage(item.bytes, { stream: true }).kind, "request");
});

Deno.test("framer splits back-to-back messages fed byte by byte", () => {
  const framer = new StreamFramer();
  const all: FramedItem[] = [];
  for (const byte of enc(MESSAGE + MESSAGE)) all.push(...framer.push(new Uint8Array([byte])));
  assert.deepEqual(kinds(all), ["message", "message"]);
  assert.equal(framer.buffered, 0);
});

Deno.test("framer reports a double CRLF as a ping and a lone CRLF as a pong", () => {
  const framer = new StreamFramer();
  assert.deepEqual(kinds(framer.push(enc("\r\n\r\n"))), ["ping"]);
  assert.deepEqual(kinds(framer.push(enc("\r\n"))), ["pong"]);
  assert.deepEqual(kinds(framer.push(enc("\r\n"))), ["ping"]);
  assert.deepEqual(kinds(framer.push(enc("\r\n\r\n" + MESSAGE))), ["ping", "message"]);
});

Deno.test("framer fails the stream when Content-Length is missing", () => {
  const framer = new StreamFramer();
  const items = framer.push(enc(MESSAGE.replace("l: 5\r\n", "")));
  assert.deepEqual(kinds(items), ["error"]);
  assert.deepEqual(kinds(framer.push(enc(MESSAGE))), ["error"]);
});

Deno.test("framer fails the stream on an oversized message or endless head", () => {
  const big = new StreamFramer({ maxMessageBytes: 1000 });
  assert.deepEqual(kinds(big.push(enc(MESSAGE.replace("l: 5", "l: 5000")))), ["error"]);
  const endless = new StreamFramer({ maxMessageBytes: 1000 });
  assert.deepEqual(kinds(endless.push(enc("INVITE " + "x".repeat(2000)))), ["error"]);
});

Deno.test("framer keeps messages framed before an error in the same chunk", () => {
  const framer = new StreamFramer();
  const items = framer.push(enc(MESSAGE + MESSAGE.replace("l: 5\r\n", "l: -1\r\n")));
  assert.deepEqual(kinds(items), ["message", "error"]);
});

Deno.test("a request whose length cannot be known carries its readable head for a 400", () => {
  const framer = new StreamFramer();
  const items = framer.push(enc(MESSAGE.replace("l: 5", "l: -5")));
  assert.deepEqual(kinds(items), ["error"]);
  const item = items[0];
  assert.ok(item.kind === "error");
  assert.match(item.error.reason, /Content-Length/);
  assert.equal(item.error.partial?.method, "OPTIONS");
  assert.equal(item.error.partial?.headers.get("Call-ID"), "c1");
});
