/**
 * The web chat widget, loaded by one tag on the center's site:
 *
 * ```html
 * <script src="https://appliance.example/widget.js" data-color="#0b6bcb" data-lang="zh-CN"
 *   data-queue="Web chat" async></script>
 * ```
 *
 * It brings no framework to the host page: plain DOM in a shadow root.
 *
 * @module
 */
import { ChatWidget } from "./chat_widget.ts";
import type { WidgetLanguage } from "./widget_text.ts";

function ownScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  const all = [...document.querySelectorAll<HTMLScriptElement>("script[src]")];
  return all.find((s) => /\/widget\.js(\?|$)/.test(s.src)) ?? null;
}

function boot(script: HTMLScriptElement | null): void {
  const base = script ? new URL(script.src, location.href).origin : location.origin;
  const asked = script?.dataset.lang ?? navigator.language;
  const language: WidgetLanguage = /^zh/i.test(asked) ? "zh-CN" : "en";
  const color = /^#[0-9a-f]{3,8}$/i.test(script?.dataset.color ?? "")
    ? script!.dataset.color!
    : "#0b6bcb";
  const host = document.createElement("div");
  host.id = "cc-chat-widget";
  host.setAttribute("data-testid", "chat-widget");
  document.body.append(host);
  new ChatWidget(host, { base, color, language, queue: script?.dataset.queue || undefined });
}

const script = ownScript();
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => boot(script));
} else boot(script);
