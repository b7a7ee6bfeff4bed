import assert from "node:assert/strict";
import { EventHub, LISTENER_ERROR_INTERVAL_MS } from "../../src/events/mod.ts";
import { createLogger } from "../../src/log/mod.ts";

function hub() {
  let now = Date.UTC(2026, 4, 1);
  const lines: string[] = [];
  const log = createLogger("events", { sink: (line) => lines.push(line), now: () => now });
  return {
    hub: new EventHub(() => now, log),
    lines,
    advance(ms: number) {
      now += ms;
    },
  };
}

Deno.test("a listener that throws stays subscribed and keeps hearing events", () => {
  const { hub: events } = hub();
  const heard: string[] = [];
  events.subscribe((event) => {
    heard.push(event.type);
    throw new Error("broken tab");
  });
  events.publish("call.offered");
  events.publish("call.answered");
  assert.deepEqual(heard, ["call.offered", "call.answered"]);
  assert.equal(events.subscriberCount, 1);
});

Deno.test("a listener that throws does not keep the others from hearing the event", () => {
  const { hub: events } = hub();
  const heard: string[] = [];
  events.subscribe(() => {
    throw new Error("broken tab");
  });
  events.subscribe((event) => heard.push(event.type));
  events.publish("agent.state");
  assert.deepEqual(heard, ["agent.state"]);
});

Deno.test("a failing listener is logged once a minute at most, with the failures left out", () => {
  const { hub: events, lines, advance } = hub();
  events.subscribe(() => {
    throw new Error("broken tab");
  });
  events.publish("call.offered");
  events.publish("call.answered");
  events.publish("call.ended");
  assert.equal(lines.length, 1);
  assert.match(lines[0], /WARN events an event listener failed/);
  assert.match(lines[0], /type=call.offered/);
  assert.match(lines[0], /error="broken tab"/);
  advance(LISTENER_ERROR_INTERVAL_MS - 1);
  events.publish("call.offered");
  assert.equal(lines.length, 1);
  advance(1);
  events.publish("call.answered");
  assert.equal(lines.length, 2);
  assert.match(lines[1], /suppressed=3/);
});

Deno.test("each failing listener has its own minute", () => {
  const { hub: events, lines } = hub();
  events.subscribe(() => {
    throw new Error("first");
  });
  events.subscribe(() => {
    throw new Error("second");
  });
  events.publish("call.offered");
  events.publish("call.offered");
  assert.equal(lines.length, 2);
  assert.match(lines[0], /first/);
  assert.match(lines[1], /second/);
});

Deno.test("an unsubscribed listener hears nothing more", () => {
  const { hub: events } = hub();
  const heard: string[] = [];
  const unsubscribe = events.subscribe((event) => heard.push(event.type));
  events.publish("one");
  unsubscribe();
  events.publish("two");
  assert.deepEqual(heard, ["one"]);
  assert.equal(events.subscriberCount, 0);
});
