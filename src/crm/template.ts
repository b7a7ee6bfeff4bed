/**
 * Agent scripts with variables: `{{customer.name}}`, `{{call.queue}}`, with a fallback
 * after a bar for values that may be missing: `{{customer.name|customer}}`.
 * Substitution is one pass over the template, so a customer called "{{agent.name}}"
 * stays that text, and the HTML form escapes both the template and every value.
 */

const VARIABLE = /\{\{\s*([a-z_]+(?:\.[a-z0-9_]+)+)\s*(?:\|([^}]*))?\}\}/g;

/** Variables a script may use; `customer.custom.<key>` reads an admin-defined field. */
export const SCRIPT_VARIABLES = [
  "customer.name",
  "customer.company",
  "customer.vip_level",
  "customer.language",
  "customer.phone",
  "customer.email",
  "customer.external_id",
  "customer.tags",
  "call.caller",
  "call.did",
  "call.queue",
  "call.wait_s",
  "call.id",
  "agent.name",
  "agent.extension",
  "case.id",
  "case.subject",
  "case.status",
] as const;

export type ScriptContext = Record<string, Record<string, unknown> | undefined>;

export interface RenderedScript {
  /** Plain text for text nodes (the UI's text bindings escape it themselves). */
  text: string;
  /** Ready-to-insert HTML: everything escaped, line breaks as <br>. */
  html: string;
  /** Variables without a value and without a fallback. */
  missing: string[];
}

/** The variables `template` uses that no context can fill; empty when it is valid. */
export function unknownVariables(template: string): string[] {
  const unknown: string[] = [];
  for (const [, name] of template.matchAll(VARIABLE)) {
    const known = (SCRIPT_VARIABLES as readonly string[]).includes(name) ||
      /^customer\.custom\.[a-z][a-z0-9_]*$/.test(name);
    if (!known && !unknown.includes(name)) unknown.push(name);
  }
  return unknown;
}

/** Fills `template` from `context` (`{ customer: {...}, call: {...}, ... }`). */
export function renderScript(template: string, context: ScriptContext): RenderedScript {
  const missing: string[] = [];
  let text = "";
  let html = "";
  let last = 0;
  for (const match of template.matchAll(VARIABLE)) {
    const literal = template.slice(last, match.index);
    text += literal;
    html += escapeHtml(literal);
    const [whole, name, fallback] = match;
    let value = lookup(context, name);
    if (value === undefined) {
      if (fallback !== undefined) value = fallback.trim();
      else {
        if (!missing.includes(name)) missing.push(name);
        value = "";
      }
    }
    text += value;
    html += escapeHtml(value);
    last = match.index + whole.length;
  }
  const rest = template.slice(last);
  text += rest;
  html += escapeHtml(rest);
  return { text, html: html.replace(/\r?\n/g, "<br>\n"), missing };
}

function lookup(context: ScriptContext, name: string): string | undefined {
  let value: unknown = context;
  for (const part of name.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  if (value === undefined || value === null || value === "") return undefined;
  if (Array.isArray(value)) return value.join(", ");
  return String(value);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
