import assert from "node:assert/strict";
import { type KeyLike, matchShortcut, SHORTCUTS } from "../../ui/agent/shortcuts.ts";

function key(code: string, extra: Partial<KeyLike> = {}): KeyLike {
  return {
    code,
    key: extra.key ?? code.replace(/^Key/, "").toLowerCase(),
    altKey: false,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    ...extra,
  };
}

Deno.test("matchShortcut() maps Alt + letter to answer, hang up, hold, mute and ready", () => {
  assert.equal(matchShortcut(key("KeyA", { altKey: true }), false), "answer");
  assert.equal(matchShortcut(key("KeyX", { altKey: true }), false), "hangup");
  assert.equal(matchShortcut(key("KeyH", { altKey: true }), false), "hold");
  assert.equal(matchShortcut(key("KeyM", { altKey: true }), false), "mute");
  assert.equal(matchShortcut(key("KeyR", { altKey: true }), false), "ready");
});

Deno.test("matchShortcut() uses the physical key, so other layouts and input methods work", () => {
  // On a French keyboard Alt + the key labelled Q sends code KeyA; an IME may report "Process".
  assert.equal(matchShortcut(key("KeyA", { altKey: true, key: "Process" }), false), "answer");
});

Deno.test("matchShortcut() keeps Alt shortcuts inside text fields but not plain keys", () => {
  assert.equal(matchShortcut(key("KeyX", { altKey: true }), true), "hangup");
  assert.equal(matchShortcut(key("Slash", { key: "?", shiftKey: true }), true), null);
  assert.equal(matchShortcut(key("Slash", { key: "?", shiftKey: true }), false), "help");
});

Deno.test("matchShortcut() ignores plain letters, Ctrl and Meta chords, repeats and composition", () => {
  assert.equal(matchShortcut(key("KeyA"), false), null);
  assert.equal(matchShortcut(key("KeyA", { altKey: true, ctrlKey: true }), false), null);
  assert.equal(matchShortcut(key("KeyA", { altKey: true, metaKey: true }), false), null);
  assert.equal(matchShortcut(key("KeyA", { altKey: true, shiftKey: true }), false), null);
  assert.equal(matchShortcut(key("KeyA", { altKey: true, repeat: true }), false), null);
  assert.equal(matchShortcut(key("KeyA", { altKey: true, isComposing: true }), false), null);
});

Deno.test("every shortcut has a distinct key and a help label", () => {
  const codes = SHORTCUTS.map((s) => `${s.alt}:${s.code}`);
  assert.equal(new Set(codes).size, codes.length);
  for (const s of SHORTCUTS) assert.ok(s.label.startsWith("shortcut."));
});
