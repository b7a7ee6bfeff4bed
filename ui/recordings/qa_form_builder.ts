import { css, html, LitElement } from "lit";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import type { QaQuestion } from "./quality_controller.ts";

interface DraftSection {
  title: string;
  questions: QaQuestion[];
}

/**
 * Builds an evaluation form in the page: a name and pass mark, sections, and in each
 * section questions that are yes/no or 1–5, weighted, possibly critical.
 *
 * @fires qa-form-save - `detail` is the form as `POST /qa/forms` takes it.
 */
export class CcQaFormBuilder extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: grid;
        gap: 0.5rem;
        font-size: 0.8125rem;
      }
      fieldset {
        border: 1px solid var(--cc-border, #e2e8f0);
        border-radius: 6px;
        padding: 0.375rem 0.625rem;
        display: grid;
        gap: 0.375rem;
      }
      .q {
        display: grid;
        grid-template-columns: 1fr auto auto auto;
        gap: 0.375rem;
        align-items: center;
      }
      input,
      select,
      button {
        font: inherit;
      }
      input[type="number"] {
        width: 4rem;
      }
      .row {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        flex-wrap: wrap;
      }
    `,
  ];

  static override properties = {
    busy: { type: Boolean },
    name: { state: true },
    passMark: { state: true },
    sections: { state: true },
  };

  declare busy: boolean;
  declare private name: string;
  declare private passMark: number;
  declare private sections: DraftSection[];

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.busy = false;
    this.name = "";
    this.passMark = 80;
    this.sections = [{ title: "", questions: [blankQuestion(1)] }];
  }

  override render() {
    return html`
      <div class="row">
        <label>${t("qa.formName")} <input data-testid="qb-name" .value=${this.name}
          @input=${(e: Event) => this.name = (e.target as HTMLInputElement).value}></label>
        <label>${t("qa.passMarkLabel")} <input type="number" min="0" max="100" data-testid="qb-pass"
          .value=${String(this.passMark)}
          @input=${(e: Event) =>
            this.passMark = Number((e.target as HTMLInputElement).value)}></label>
      </div>
      ${this.sections.map((s, si) =>
        html`<fieldset data-testid="qb-section">
          <input placeholder=${
          t("qa.sectionTitle")
        } data-testid="qb-section-title" .value=${s.title}
            @input=${(e: Event) => this.edit(si, { title: (e.target as HTMLInputElement).value })}>
          ${
          s.questions.map((q, qi) =>
            html`
              <div class="q" data-testid="qb-question">
                <input placeholder=${t("qa.questionText")} data-testid="qb-text" .value=${q.text}
                  @input=${(e: Event) =>
                    this.editQ(si, qi, { text: (e.target as HTMLInputElement).value })}>
                <select data-testid="qb-kind" aria-label=${t("qa.kind")}
                  @change=${(e: Event) =>
                    this.editQ(si, qi, {
                      kind: (e.target as HTMLSelectElement).value as QaQuestion["kind"],
                    })}>
                  <option value="yes_no" ?selected=${q.kind === "yes_no"}>${t(
                    "qa.kind.yes_no",
                  )}</option>
                  <option value="scale" ?selected=${q.kind === "scale"}>${t(
                    "qa.kind.scale",
                  )}</option>
                </select>
                <input type="number" min="0" max="100" aria-label=${t("qa.weight")} .value=${String(
                  q.weight,
                )}
                  @input=${(e: Event) =>
                    this.editQ(si, qi, { weight: Number((e.target as HTMLInputElement).value) })}>
                <label><input type="checkbox" data-testid="qb-critical" .checked=${q.critical}
                              @change=${(e: Event) =>
                                this.editQ(si, qi, {
                                  critical: (e.target as HTMLInputElement).checked,
                                })}>
                              ${t("qa.critical")}</label>
              </div>
            `
          )
        }
          <div class="row"><button type="button" data-testid="qb-add-question"
            @click=${() =>
          this.edit(si, { questions: [...s.questions, blankQuestion(this.count() + 1)] })}>
            ${t("qa.addQuestion")}</button></div>
        </fieldset>`
      )}
      <div class="row">
        <button type="button" @click=${() =>
          this.sections = [...this.sections, {
            title: "",
            questions: [blankQuestion(this.count() + 1)],
          }]}>
          ${t("qa.addSection")}</button>
        <button type="button" class="button primary" data-testid="qb-save" ?disabled=${this.busy ||
          !this.valid()}
          @click=${this.save}>${t("qa.saveForm")}</button>
      </div>
    `;
  }

  private count(): number {
    return this.sections.reduce((n, s) => n + s.questions.length, 0);
  }

  private valid(): boolean {
    return this.name.trim() !== "" &&
      this.sections.every((s) => s.title.trim() && s.questions.every((q) => q.text.trim()));
  }

  private edit(index: number, change: Partial<DraftSection>): void {
    this.sections = this.sections.map((s, i) => i === index ? { ...s, ...change } : s);
  }

  private editQ(section: number, index: number, change: Partial<QaQuestion>): void {
    const s = this.sections[section];
    this.edit(section, {
      questions: s.questions.map((q, i) => i === index ? { ...q, ...change } : q),
    });
  }

  private save(): void {
    this.dispatchEvent(
      new CustomEvent("qa-form-save", {
        detail: {
          name: this.name.trim(),
          pass_mark: this.passMark,
          active: true,
          definition: { sections: this.sections },
        },
        bubbles: true,
        composed: true,
      }),
    );
  }

  /** Starts a new, empty form after one was saved. */
  reset(): void {
    this.name = "";
    this.passMark = 80;
    this.sections = [{ title: "", questions: [blankQuestion(1)] }];
  }
}

function blankQuestion(n: number): QaQuestion {
  return { id: `q${n}`, text: "", kind: "yes_no", weight: 1, critical: false };
}

customElements.define("cc-qa-form-builder", CcQaFormBuilder);

declare global {
  interface HTMLElementTagNameMap {
    "cc-qa-form-builder": CcQaFormBuilder;
  }
}
