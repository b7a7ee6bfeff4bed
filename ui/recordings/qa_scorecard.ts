import { css, html, LitElement, nothing } from "lit";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import type { QaAnswer, QaForm } from "./quality_controller.ts";

/**
 * Scoring a call while listening: pick a form, answer each question (yes/no or 1–5,
 * N/A where allowed; critical ones are flagged), pin comments to the moment the player
 * is at, and submit.
 *
 * @fires qa-submit - `detail` is `{ form_id, answers, comments }`.
 */
export class CcQaScorecard extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        font-size: 0.875rem;
      }
      fieldset {
        border: 1px solid var(--cc-border, #e2e8f0);
        border-radius: 6px;
        margin: 0 0 0.5rem;
        padding: 0.375rem 0.625rem;
      }
      legend {
        font-weight: 600;
      }
      .q {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.25rem 0.75rem;
        padding: 0.25rem 0;
      }
      .critical {
        color: #b91c1c;
        font-size: 0.75rem;
        font-weight: 600;
      }
      .choices {
        display: inline-flex;
        gap: 0.375rem;
      }
      .row {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        margin: 0.375rem 0;
      }
      input[type="text"] {
        flex: 1;
        font: inherit;
      }
      ul {
        margin: 0.25rem 0;
        padding-left: 1.25rem;
      }
      button {
        font: inherit;
      }
    `,
  ];

  static override properties = {
    forms: { attribute: false },
    busy: { type: Boolean },
    now: { attribute: false },
    commentable: { type: Boolean },
    submitLabel: { attribute: false },
    formId: { state: true },
    answers: { state: true },
    comments: { state: true },
  };

  declare forms: QaForm[];
  declare busy: boolean;
  /** Where the player is, in ms, for pinning comments. */
  declare now: () => number;
  /** False where comments pinned to moments make no sense (a calibration score). */
  declare commentable: boolean;
  /** The submit button's text; "Submit evaluation" unless given. */
  declare submitLabel: string | null;
  declare private formId: number | null;
  declare private answers: Record<string, QaAnswer>;
  declare private comments: { at_ms: number; text: string }[];

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.forms = [];
    this.busy = false;
    this.now = () => 0;
    this.commentable = true;
    this.submitLabel = null;
    this.formId = null;
    this.answers = {};
    this.comments = [];
  }

  private get form(): QaForm | undefined {
    return this.forms.find((f) => f.id === this.formId) ?? this.forms[0];
  }

  override render() {
    const form = this.form;
    if (!form) return html`<p>${t("qa.noForms")}</p>`;
    const questions = form.definition.sections.flatMap((s) => s.questions);
    const complete = questions.every((q) => this.answers[q.id] !== undefined);
    return html`
      <div class="row">
        <label>${t("qa.form")}
          <select data-testid="qa-form" @change=${(e: Event) => {
            this.formId = Number((e.target as HTMLSelectElement).value);
            this.answers = {};
          }}>
            ${this.forms.map((f) =>
              html`<option value=${f.id} ?selected=${f.id === form.id}>${f.name}</option>`
            )}
          </select>
        </label>
        <span>${t("qa.passMark", { mark: form.pass_mark })}</span>
      </div>
      ${form.definition.sections.map((section) =>
        html`<fieldset><legend>${section.title}</legend>
          ${
          section.questions.map((q) =>
            html`
              <div class="q" data-testid="qa-question" data-id=${q.id}>
                <span>${q.text}${q.critical
                  ? html`
                    <span class="critical">${t("qa.critical")}</span>
                  `
                  : nothing}</span>
                <span class="choices" role="radiogroup" aria-label=${q.text}>
                              ${(q.kind === "yes_no"
                                ? ["yes", "no"] as QaAnswer[]
                                : [1, 2, 3, 4, 5] as QaAnswer[])
                                .concat(q.allow_na === false ? [] : ["na"])
                                .map((value) =>
                                  html`<label><input type="radio" name=${q.id} data-value=${
                                    String(value)
                                  }
                      .checked=${this.answers[q.id] === value}
                      @change=${() => this.answers = { ...this.answers, [q.id]: value }}>
                      ${typeof value === "number" ? value : t(`qa.answer.${value}`)}</label>`
                                )}
                            </span>
              </div>
            `
          )
        }
        </fieldset>`
      )}
      ${this.commentable
        ? html`
          <div class="row">
            <input type="text" data-testid="qa-comment" placeholder=${t("qa.commentHint")}
              @keydown=${(e: KeyboardEvent) => e.key === "Enter" && this.pin()}>
            <button type="button" data-testid="qa-pin" @click=${this.pin}>${t("qa.pin")}</button>
          </div>
        `
        : nothing}
      ${this.comments.length
        ? html`<ul>${this.comments.map((c) => html`<li>${clock(c.at_ms)} ${c.text}</li>`)}</ul>`
        : nothing}
      <button class="button primary" type="button" data-testid="qa-submit"
        ?disabled=${!complete || this.busy} @click=${() => this.submit(form.id)}>
        ${this.submitLabel ?? t("qa.submit")}
      </button>
    `;
  }

  private pin(): void {
    const input = this.renderRoot.querySelector<HTMLInputElement>('[data-testid="qa-comment"]');
    const text = input?.value.trim();
    if (!input || !text) return;
    this.comments = [...this.comments, { at_ms: Math.round(this.now()), text }];
    input.value = "";
  }

  private submit(formId: number): void {
    this.dispatchEvent(
      new CustomEvent("qa-submit", {
        detail: { form_id: formId, answers: this.answers, comments: this.comments },
        bubbles: true,
        composed: true,
      }),
    );
  }

  /** Clears the answers after a submitted evaluation. */
  reset(): void {
    this.answers = {};
    this.comments = [];
  }
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

customElements.define("cc-qa-scorecard", CcQaScorecard);

declare global {
  interface HTMLElementTagNameMap {
    "cc-qa-scorecard": CcQaScorecard;
  }
}
