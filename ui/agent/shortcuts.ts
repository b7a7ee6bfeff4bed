/**
 * Keyboard shortcuts of the agent desktop. Call controls use Alt with a
 * letter, matched on the physical key (`KeyboardEvent.code`) so that they
 * work with any keyboard layout and while an input method is active, and
 * they work inside text fields too. `?` opens the help only outside fields.
 *
 * @module
 */

import type { MessageKey } from "../common/i18n.ts";

/** What a shortcut does. */
export const SHORTCUT_ACTIONS = [
  "answer",
  "hangup",
  "hold",
  "mute",
  "ready",
  "search",
  "myWork",
  "tier2",
  "help",
] as const;

/** One of {@linkcode SHORTCUT_ACTIONS}. */
export type ShortcutAction = typeof SHORTCUT_ACTIONS[number];

/** A shortcut as the help popover lists it. */
export interface Shortcut {
  action: ShortcutAction;
  /** The physical key, as `KeyboardEvent.code` names it. */
  code: string;
  alt: boolean;
  /** The keys to press, as shown to people. */
  keys: string;
  label: MessageKey;
}

/** Every shortcut, in the order the help lists them. */
export const SHORTCUTS: readonly Shortcut[] = [
  { action: "answer", code: "KeyA", alt: true, keys: "Alt + A", label: "shortcut.answer" },
  { action: "hangup", code: "KeyX", alt: true, keys: "Alt + X", label: "shortcut.hangup" },
  { action: "hold", code: "KeyH", alt: true, keys: "Alt + H", label: "shortcut.hold" },
  { action: "mute", code: "KeyM", alt: true, keys: "Alt + M", label: "shortcut.mute" },
  { action: "ready", code: "KeyR", alt: true, keys: "Alt + R", label: "shortcut.ready" },
  { action: "search", code: "KeyF", alt: true, keys: "Alt + F", label: "shortcut.search" },
  { action: "myWork", code: "KeyW", alt: true, keys: "Alt + W", label: "shortcut.myWork" },
  { action: "tier2", code: "KeyQ", alt: true, keys: "Alt + Q", label: "shortcut.tier2" },
  { action: "help", code: "Slash", alt: false, keys: "?", label: "shortcut.help" },
];

/** The parts of a `KeyboardEvent` that decide a shortcut. */
export interface KeyLike {
  code: string;
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  repeat?: boolean;
  isComposing?: boolean;
}

/** Whether focus is in a place where typed characters are text (inputs, editors). */
export function isTextEntry(element: Element | null): boolean {
  if (!element) return false;
  const tag = element.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") {
    const type = (element as HTMLInputElement).type;
    return !["button", "checkbox", "radio", "submit", "reset", "range", "color"].includes(type);
  }
  return (element as HTMLElement).isContentEditable === true;
}

/**
 * The action `event` asks for, or null. `inTextEntry` says whether focus is
 * in a text field, where only the Alt shortcuts apply.
 */
export function matchShortcut(event: KeyLike, inTextEntry: boolean): ShortcutAction | null {
  if (event.repeat || event.isComposing || event.ctrlKey || event.metaKey) return null;
  if (event.altKey) {
    if (event.shiftKey) return null;
    return SHORTCUTS.find((s) => s.alt && s.code === event.code)?.action ?? null;
  }
  if (inTextEntry) return null;
  return event.key === "?" ? "help" : null;
}

/** The element that really has focus, looking through shadow roots. */
export function deepActiveElement(root: Document | ShadowRoot = document): Element | null {
  let active = root.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}
