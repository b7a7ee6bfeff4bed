import assert from "node:assert/strict";
import { conferenceMix, mixFrames } from "../../src/media/mod.ts";

const f = (v: number) => new Int16Array(160).fill(v);

Deno.test("mixing sums frames and treats missing ones as silence", () => {
  const out = mixFrames([f(100), undefined, f(-30)]);
  assert.ok(out.every((v) => v === 70));
  assert.ok(mixFrames([]).every((v) => v === 0));
});

Deno.test("mixing saturates instead of wrapping around", () => {
  assert.ok(mixFrames([f(30000), f(30000)]).every((v) => v === 32767));
  assert.ok(mixFrames([f(-30000), f(-30000)]).every((v) => v === -32768));
});

Deno.test("in a three-way conference everyone hears the other two but not themselves", () => {
  const mix = conferenceMix([
    { id: "caller", frame: f(1) },
    { id: "agent", frame: f(10) },
    { id: "expert", frame: f(100) },
  ]);
  assert.equal(mix.get("caller")![0], 110);
  assert.equal(mix.get("agent")![0], 101);
  assert.equal(mix.get("expert")![0], 11);
});

Deno.test("a loud party's own voice does not clip what it hears", () => {
  const mix = conferenceMix([
    { id: "a", frame: f(32000) },
    { id: "b", frame: f(20000) },
    { id: "c", frame: f(1000) },
  ]);
  assert.equal(mix.get("a")![0], 21000);
  assert.equal(mix.get("c")![0], 32767);
});

Deno.test("a listening supervisor hears both sides and is heard by nobody", () => {
  const mix = conferenceMix([
    { id: "caller", frame: f(1) },
    { id: "agent", frame: f(10) },
    { id: "supervisor", frame: f(100), audibleTo: [] },
  ]);
  assert.equal(mix.get("caller")![0], 10);
  assert.equal(mix.get("agent")![0], 1);
  assert.equal(mix.get("supervisor")![0], 11);
});

Deno.test("a whispering supervisor is heard by the agent only", () => {
  const mix = conferenceMix([
    { id: "caller", frame: f(1) },
    { id: "agent", frame: f(10) },
    { id: "supervisor", frame: f(100), audibleTo: ["agent"] },
  ]);
  assert.equal(mix.get("caller")![0], 10);
  assert.equal(mix.get("agent")![0], 101);
  assert.equal(mix.get("supervisor")![0], 11);
});

Deno.test("a party without audio still receives the mix, and gain scales a contribution", () => {
  const mix = conferenceMix([
    { id: "caller", frame: f(1000), gain: 0.5 },
    { id: "agent" },
  ]);
  assert.equal(mix.get("agent")![0], 500);
  assert.ok(mix.get("caller")!.every((v) => v === 0));
});
