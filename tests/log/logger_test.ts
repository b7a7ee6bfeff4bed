import assert from "node:assert/strict";
import { createLogger, type LoggerOptions } from "../../src/log/mod.ts";

function capture(options: LoggerOptions = {}) {
  let now = Date.UTC(2026, 4, 1);
  const lines: string[] = [];
  const log = createLogger("sip", {
    sink: (line) => lines.push(line),
    now: () => now,
    level: "debug",
    ...options,
  });
  return { log, lines, advance: (ms: number) => now += ms };
}

Deno.test("a 64 kB SDP line quoted in a warning is cut to 512 characters with its length noted", () => {
  const { log, lines } = capture();
  const sdpLine = "a=" + "x".repeat(65_534);
  log.warn("could not answer a call", {
    error: new Error(`Unreadable SDP: ${sdpLine}`),
    reason: sdpLine,
    offer: { sdp: sdpLine },
  });
  assert.equal(lines.length, 1);
  assert.ok(lines[0].length < 2000, `line is ${lines[0].length} characters`);
  assert.match(lines[0], / error="Unreadable SDP: a=x{494}…\[65552 chars\]"/);
  assert.match(lines[0], / reason="a=x{510}…\[65536 chars\]"/);
  assert.match(lines[0], / offer="{\\"sdp\\":\\"a=x+…\[65546 chars\]"/);
});

Deno.test("a message or field with a line break cannot forge a second log line", () => {
  const { log, lines } = capture();
  log.info("peer said\n2026-05-01T00:00:00.000Z ERROR auth admin logged in", {
    user_agent: "x\r\n2026-05-01T00:00:00.000Z ERROR forged",
  });
  assert.equal(lines.length, 1);
  assert.doesNotMatch(lines[0], /[\r\n]/);
});

Deno.test("a flood of one warning writes 20 lines a minute and one line counting the rest", () => {
  const { log, lines, advance } = capture();
  for (let i = 0; i < 1000; i++) {
    log.warn("malformed SIP message", { source: `198.51.100.${i % 250}:5060`, reason: "junk" });
  }
  assert.equal(lines.length, 20);
  advance(60_000);
  log.info("SIP listening");
  assert.equal(lines.length, 22);
  assert.match(
    lines[20],
    /^\S+ WARN sip repeated lines suppressed message="malformed SIP message" count=980$/,
  );
  assert.match(lines[21], / INFO sip SIP listening$/);
  log.warn("malformed SIP message", { source: "198.51.100.1:5060", reason: "junk" });
  assert.match(lines[22], / WARN sip malformed SIP message /, "a new minute writes again");
});

Deno.test("each warning has its own limit, child domains share the budget, and info lines are never limited", () => {
  const { log, lines } = capture({ repeatLimit: { lines: 2, intervalMs: 1000 } });
  const http = log.child("http");
  for (let i = 0; i < 5; i++) {
    log.warn("first");
    log.error("first");
    log.warn("second");
    http.warn("first");
    log.info("call connected to agent");
  }
  const count = (re: RegExp) => lines.filter((l) => re.test(l)).length;
  assert.equal(count(/ WARN sip first$/), 2);
  assert.equal(count(/ ERROR sip first$/), 2);
  assert.equal(count(/ WARN sip second$/), 2);
  assert.equal(count(/ WARN http first$/), 2);
  assert.equal(count(/ INFO sip call connected to agent$/), 5);
});

Deno.test("a logger without a repeat limit writes every warning", () => {
  const { log, lines } = capture({ repeatLimit: false });
  for (let i = 0; i < 50; i++) log.warn("again");
  assert.equal(lines.length, 50);
});

Deno.test("a field that JSON cannot encode is logged instead of throwing", () => {
  const { log, lines } = capture();
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  log.info("odd values", { big: 12345678901234567890n, cycle });
  assert.match(lines[0], / big=12345678901234567890 cycle=\[object Object\]$/);
});
