import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from "lit";
import { describedBy, formField } from "../admin/form_field.ts";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import { planFormStyles } from "./plan_form_styles.ts";
import { dayLabel } from "./plan_week.ts";
import type { NamedAgent } from "./agent_names.ts";
import type { BlockDraft } from "./shift_planner_controller.ts";

type Key = "user_id" | "kind" | "day" | "starts_at" | "ends_at";

/**
 * Adds a shift or a break: agent, kind, day, start and end (and whether it ends the next
 * day). Every input is labelled; a problem shows under its input, which is marked invalid
 * and described by it, and the first such input takes the focus.
 *
 * @fires block-edit - `detail` is the changed part of the {@link BlockDraft}
 * @fires block-add - the form was sent
 */
export class CcShiftBlockForm extends LitElement {
  static override styles = [
    baseStyles,
    planFormStyles,
    css`
      :host {
        display: block;
      }
    `,
  ];

  static override properties = {
    draft: { attribute: false },
    agents: { attribute: false },
    dates: { attribute: false },
    errors: { attribute: false },
    busy: { attribute: false },
  };

  declare draft: BlockDraft;
  declare agents: NamedAgent[];
  /** The days offered: the week shown. */
  declare dates: string[];
  /** The last refusal, by input. */
  declare errors: Record<string, string>;
  declare busy: boolean;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.agents = [];
    this.dates = [];
    this.errors = {};
    this.busy = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("errors") && Object.keys(this.errors).length > 0) {
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    }
  }

  /** Moves the focus to the start time (after a cell was picked to plan). */
  focusStart(): void {
    this.renderRoot.querySelector<HTMLElement>("#block-starts_at")?.focus();
  }

  override render() {
    const d = this.draft;
    if (!d) return nothing;
    const days = this.dates.includes(d.day) ? this.dates : [d.day, ...this.dates];
    return html`
      <form data-testid="block-form" novalidate @submit=${this.onSubmit}>
        ${this.select("user_id", t("shiftPlan.form.agent"), d.user_id, [
          { value: "", label: t("shiftPlan.form.chooseAgent") },
          ...this.agents.map((a) => ({ value: String(a.id), label: a.name })),
        ], (v) => this.edit({ user_id: v }))} ${this.select(
          "kind",
          t("shiftPlan.form.kind"),
          d.kind,
          [
            { value: "shift", label: t("shiftPlan.form.shift") },
            { value: "break", label: t("shiftPlan.form.break") },
          ],
          (v) => this.edit({ kind: v as BlockDraft["kind"] }),
        )} ${this.select(
          "day",
          t("shiftPlan.form.day"),
          d.day,
          days.map((date) => ({ value: date, label: dayLabel(date) })),
          (v) => this.edit({ day: v }),
        )} ${this.time("starts_at", t("shiftPlan.form.start"), d.start, "start")} ${this.time(
          "ends_at",
          t("shiftPlan.form.end"),
          d.end,
          "end",
        )}
        <label class="check">
          <input type="checkbox" name="next_day" .checked=${d.next_day}
            @change=${(e: Event) =>
              this.edit({ next_day: (e.target as HTMLInputElement).checked })}>
          ${t("shiftPlan.form.nextDay")}
        </label>
        <button class="button primary" type="submit" ?disabled=${this.busy}>
          ${this.busy ? t("shiftPlan.form.adding") : t("shiftPlan.form.submit")}
        </button>
      </form>
    `;
  }

  /** A labelled select; options are marked selected so a new list keeps the choice. */
  private select(
    key: Key,
    label: string,
    current: string,
    options: { value: string; label: string }[],
    onChange: (value: string) => void,
  ): TemplateResult {
    const id = `block-${key}`;
    return formField(
      id,
      label,
      html`
        <select id=${id} name=${key} aria-invalid=${this.invalid(key)}
          aria-describedby=${this.described(key)}
          @change=${(e: Event) => onChange(value(e))}>
                ${options.map((o) =>
                  html`<option value=${o.value} ?selected=${
                    o.value === current
                  }>${o.label}</option>`
                )}
              </select>
      `,
      { error: this.errors[key] },
    );
  }

  private time(key: Key, label: string, current: string, part: "start" | "end") {
    const id = `block-${key}`;
    return formField(
      id,
      label,
      html`
        <input id=${id} name=${key} type="time" required step="300" .value=${current}
          aria-invalid=${this.invalid(key)} aria-describedby=${this.described(key)}
          @input=${(e: Event) => this.edit({ [part]: value(e) })}>
      `,
      { error: this.errors[key] },
    );
  }

  private invalid(key: Key): "true" | "false" {
    return this.errors[key] ? "true" : "false";
  }

  private described(key: Key) {
    return describedBy(`block-${key}`, false, this.errors[key]) || nothing;
  }

  private edit(change: Partial<BlockDraft>): void {
    this.dispatchEvent(
      new CustomEvent("block-edit", { detail: change, bubbles: true, composed: true }),
    );
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    this.dispatchEvent(new CustomEvent("block-add", { bubbles: true, composed: true }));
  }
}

function value(event: Event): string {
  return (event.target as HTMLInputElement | HTMLSelectElement).value;
}

customElements.define("cc-shift-block-form", CcShiftBlockForm);

declare global {
  interface HTMLElementTagNameMap {
    "cc-shift-block-form": CcShiftBlockForm;
  }
}
