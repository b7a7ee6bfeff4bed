import { html, nothing, type TemplateResult } from "lit";

/**
 * One labelled input of the CRM screens, with its hint and its refusal beneath it. The
 * control is passed in with `id` and `aria-describedby` already set from
 * {@linkcode describedBy}, so a screen reader reads the hint and the error with it.
 */
export function formField(
  id: string,
  label: string,
  control: TemplateResult,
  notes: { hint?: string; error?: string } = {},
): TemplateResult {
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${control} ${notes.hint ? html`<p class="hint" id="${id}-hint">${notes.hint}</p>` : nothing}
    ${
    notes.error
      ? html`<p class="error" id="${id}-error" data-testid="error-${id}">${notes.error}</p>`
      : nothing
  }
  </div>`;
}

/** The `aria-describedby` of an input with an optional hint and error. */
export function describedBy(id: string, hint: boolean, error: string | undefined): string {
  return [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].join(" ").trim();
}

/**
 * The ids, labels and refusal attributes of a form's inputs named by their API field:
 * `id` prefixes the field, `invalid` and `described` go on the control, `notes` to
 * {@linkcode formField}.
 */
export function fieldWiring<F extends string>(
  prefix: string,
  label: (name: F) => string,
  errors: Partial<Record<F, string>>,
) {
  const id = (name: F) => `${prefix}-${name}`;
  return {
    id,
    label,
    invalid: (name: F) => errors[name] ? "true" : "false",
    described: (name: F) => describedBy(id(name), false, errors[name]) || nothing,
    notes: (name: F) => ({ error: errors[name] }),
  };
}
