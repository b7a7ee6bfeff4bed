import { css, html, LitElement, nothing } from "lit";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import type { QaEvaluation } from "./quality_controller.ts";

/**
 * Evaluations as a list: score, pass or fail, who scored and the comments; the evaluated
 * agent acknowledges one or disputes it with a note.
 *
 * @fires qa-acknowledge - `detail.id`.
 * @fires qa-dispute - `detail.id` and `detail.note`.
 */
export class CcQaEvaluations extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        font-size: 0.8125rem;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        padding: 0.5rem 0;
        border-bottom: 1px solid var(--cc-border, #e2e8f0);
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.75rem;
        align-items: center;
      }
      .pass {
        color: #047857;
        font-weight: 600;
      }
      .fail {
        color: #b91c1c;
        font-weight: 600;
      }
      .actions {
        display: flex;
        gap: 0.5rem;
        margin-top: 0.25rem;
      }
      input {
        flex: 1;
        font: inherit;
      }
      button {
        font: inherit;
      }
    `,
  ];

  static override properties = {
    evaluations: { attribute: false },
    mine: { type: Boolean },
    busy: { type: Boolean },
  };

  declare evaluations: QaEvaluation[];
  /** The list is the signed-in agent's own: acknowledge and dispute are offered. */
  declare mine: boolean;
  declare busy: boolean;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.evaluations = [];
    this.mine = false;
    this.busy = false;
  }

  override render() {
    if (this.evaluations.length === 0) return html`<p>${t("qa.noEvaluations")}</p>`;
    return html`<ul data-testid="qa-evaluations">${
      this.evaluations.map((e) => this.renderOne(e))
    }</ul>`;
  }

  private renderOne(e: QaEvaluation) {
    return html`<li data-testid="qa-evaluation" data-id=${e.id} data-status=${e.status}>
      <div class="head">
        <strong>${e.form_name}</strong>
        <span class=${e.passed ? "pass" : "fail"}>${e.score} · ${
      t(e.passed ? "qa.passed" : "qa.failed")
    }${
      e
          .critical_failed
        ? ` (${t("qa.critical")})`
        : ""
    }</span>
        <span>${e.agent_name ?? ""}</span>
        <span>${t("qa.by", { who: e.evaluator_name ?? "" })}</span>
        <span>${t(`qa.status.${e.status}`)}</span>
      </div>
      ${
      e.comments.length
        ? html`<ul>${
          e.comments.map((c) =>
            html`<li>${Math.floor(c.at_ms / 60000)}:${
              String(Math.floor(c.at_ms / 1000) % 60).padStart(2, "0")
            } ${c.text}</li>`
          )
        }</ul>`
        : nothing
    }
      ${e.agent_note ? html`<p>${e.agent_note}</p>` : nothing}
      ${
      this.mine && e.status === "submitted"
        ? html`
          <div class="actions">
            <button type="button" class="button small" data-testid="qa-acknowledge" ?disabled=${this
              .busy}
              @click=${() => this.fire("qa-acknowledge", { id: e.id })}>${t(
                "qa.acknowledge",
              )}</button>
            <input type="text" data-testid="qa-dispute-note" placeholder=${t("qa.disputeHint")}>
            <button type="button" class="button small" data-testid="qa-dispute" ?disabled=${this
              .busy}
              @click=${(ev: Event) => {
                const note =
                  ((ev.target as HTMLElement).previousElementSibling as HTMLInputElement).value;
                this.fire("qa-dispute", { id: e.id, note });
              }}>${t("qa.dispute")}</button>
          </div>
        `
        : nothing
    }
    </li>`;
  }

  private fire(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

customElements.define("cc-qa-evaluations", CcQaEvaluations);

declare global {
  interface HTMLElementTagNameMap {
    "cc-qa-evaluations": CcQaEvaluations;
  }
}
