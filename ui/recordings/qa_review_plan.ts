import { css, html, LitElement, nothing } from "lit";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import "./qa_scorecard.ts";
import { ruleForm, ruleFormStyles, ruleFromForm } from "./qa_rule_form.ts";
import { spreadTable } from "./qa_spread.ts";
import type { QaAnswer } from "./quality_controller.ts";
import type {
  Calibration,
  CalibrationDetail,
  SamplingRule,
  WorklistItem,
} from "./review_plan_controller.ts";
import { dateTime } from "../common/dates.ts";

/**
 * What an evaluator plans reviews with: the worklist the sampling rules filled, the
 * rules (with a form to add one), and calibration sessions, one of which can be opened
 * to score it and see the spread between evaluators.
 *
 * @fires qa-open-item - `detail` is the {@link WorklistItem} to open in the player.
 * @fires qa-rule-save - `detail` is a `SamplingRuleInput` (see `ruleFromForm`).
 * @fires qa-rule-run - `detail` is `{ id }`.
 * @fires qa-rule-remove - `detail` is `{ id }`.
 * @fires qa-calibration-open - `detail` is `{ id }`.
 * @fires qa-calibration-back - the list again.
 * @fires qa-calibration-score - `detail` is `{ id, answers }`.
 * @fires qa-calibration-close - `detail` is `{ id }`.
 */
export class CcQaReviewPlan extends LitElement {
  static override styles = [
    baseStyles,
    ruleFormStyles,
    css`
      :host {
        display: block;
      }
      .columns {
        display: grid;
        grid-template-columns: minmax(0, 1.2fr) minmax(0, 1fr);
        gap: 0.875rem;
        align-items: start;
      }
      h3 {
        margin: 0.25rem 0 0.25rem;
        font-size: 0.9375rem;
      }
      p.lead {
        margin: 0 0 0.5rem;
        color: var(--cc-text-muted);
        font-size: 0.8125rem;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: 0.8125rem;
      }
      th,
      td {
        padding: 0.3rem 0.375rem;
        text-align: left;
        border-bottom: 1px solid var(--cc-border);
        vertical-align: top;
      }
      td button.link {
        border: 0;
        background: none;
        padding: 0;
        font: inherit;
        color: var(--cc-accent);
        cursor: pointer;
        text-decoration: underline;
      }
      .empty {
        color: var(--cc-text-muted);
      }
      .agreed {
        color: var(--cc-success-text, inherit);
      }
      .differs {
        color: var(--cc-danger-text, var(--cc-danger, inherit));
        font-weight: 600;
      }
      .actions {
        display: flex;
        gap: 0.5rem;
      }
      td.actions .button {
        white-space: nowrap;
        padding: 0.25rem 0.5rem;
        font-size: 0.8125rem;
      }
      [data-testid="qa-calibration"] p {
        margin: 0.25rem 0;
        font-size: 0.875rem;
      }
      section + section {
        margin-top: 0.75rem;
      }
    `,
  ];

  static override properties = {
    worklist: { attribute: false },
    rules: { attribute: false },
    calibrations: { attribute: false },
    calibration: { attribute: false },
    queues: { attribute: false },
    agents: { attribute: false },
    evaluators: { attribute: false },
    notice: { attribute: false },
    ruleErrors: { attribute: false },
    busy: { type: Boolean },
  };

  declare worklist: WorklistItem[];
  declare rules: SamplingRule[];
  declare calibrations: Calibration[];
  declare calibration: CalibrationDetail | null;
  declare queues: { id: number; name: string }[];
  declare agents: { id: number; name: string }[];
  /** Who picked calls can go to. */
  declare evaluators: { id: number; name: string }[];
  declare notice: string | null;
  /** The new rule's refused values by the API's field names, in the user's language. */
  declare ruleErrors: Record<string, string>;
  declare busy: boolean;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.worklist = [];
    this.rules = [];
    this.calibrations = [];
    this.calibration = null;
    this.queues = [];
    this.agents = [];
    this.evaluators = [];
    this.notice = null;
    this.ruleErrors = {};
    this.busy = false;
  }

  override render() {
    return html`
      <div class="columns">
        <div>
          <section data-testid="qa-worklist">
            <h3>${t("qaPlan.worklist")}</h3>
            <p class="lead">${t("qaPlan.worklistLead")}</p>
            ${this.renderWorklist()}
          </section>
          <section data-testid="qa-rules">
            <h3>${t("qaPlan.rules")}</h3>
            <p class="lead">${t("qaPlan.rulesLead")}</p>
            ${this.notice !== null
              ? html`<p role="status">${t("qaPlan.picked", { count: this.notice })}</p>`
              : nothing}
            ${this.renderRules()}
            <details>
              <summary>${t("qaPlan.newRule")}</summary>
              ${ruleForm(
                {
                  queues: this.queues,
                  agents: this.agents,
                  evaluators: this.evaluators,
                  busy: this.busy,
                  errors: this.ruleErrors,
                },
                (e) => this.onRuleSubmit(e),
              )}
            </details>
          </section>
        </div>
        <section data-testid="qa-calibrations">
          <h3>${t("qaPlan.calibrations")}</h3>
          <p class="lead">${t("qaPlan.calibrationsLead")}</p>
          ${this.calibration ? this.renderCalibration(this.calibration) : this.renderCalibrations()}
        </section>
      </div>
    `;
  }

  private renderWorklist() {
    if (this.worklist.length === 0) {
      return html`<p class="empty">${t("qaPlan.worklistEmpty")}</p>`;
    }
    return html`
      <table>
        <thead>
          <tr>
            <th>${t("qaPlan.call")}</th>
            <th>${t("qaPlan.agent")}</th>
            <th>${t("qaPlan.queue")}</th>
            <th>${t("qaPlan.length")}</th>
            <th>${t("qaPlan.rule")}</th>
          </tr>
        </thead>
        <tbody>${this.worklist.map((item) =>
          html`
            <tr data-testid="qa-worklist-row">
              <td><button class="link" type="button" @click=${() =>
                this.fire("qa-open-item", item)}>${dateTime(item.call_started_at)}</button></td>
              <td>${item.agent_name ?? "—"}</td>
              <td>${item.queue_name ?? "—"}</td>
              <td>${length(item.duration_ms)}</td>
              <td>${item.rule_name}${item.evaluator_name ? "" : html`
                · ${t("qaPlan.anyone")}
              `}</td>
            </tr>
          `
        )}</tbody>
      </table>
    `;
  }

  private renderRules() {
    if (this.rules.length === 0) return html`<p class="empty">${t("qaPlan.rulesEmpty")}</p>`;
    return html`
      <table>
        <thead>
          <tr>
            <th>${t("qaPlan.name")}</th>
            <th>${t("qaPlan.mode")}</th>
            <th>${t("qaPlan.filters")}</th>
            <th>${t("qaPlan.for")}</th>
            <th></th>
          </tr>
        </thead>
        <tbody>${this.rules.map((rule) =>
          html`
            <tr data-testid="qa-rule-row">
              <td>${rule.name}${rule.active ? nothing : html`
                (−)
              `}</td>
              <td>${t(`qaPlan.describe.${rule.mode}`, { amount: rule.amount })}</td>
              <td>${this.describeFilters(rule)}</td>
              <td>${this.nameOf(this.evaluators, rule.evaluator_id) ?? t("qaPlan.anyone")}</td>
              <td class="actions">
                <button class="button" type="button" ?disabled=${this.busy}
                  @click=${() => this.fire("qa-rule-run", { id: rule.id })}>${t(
                    "qaPlan.runRule",
                  )}</button>
                <button class="button" type="button" ?disabled=${this.busy}
                  @click=${() => this.fire("qa-rule-remove", { id: rule.id })}>${t(
                    "qaPlan.removeRule",
                  )}</button>
              </td>
            </tr>
          `
        )}</tbody>
      </table>
    `;
  }

  private renderCalibrations() {
    if (this.calibrations.length === 0) {
      return html`<p class="empty">${t("qaPlan.calibrationsEmpty")}</p>`;
    }
    return html`
      <table>
        <tbody>${this.calibrations.map((c) =>
          html`
            <tr data-testid="qa-calibration-row">
              <td><button class="link" type="button" @click=${() =>
                this.fire("qa-calibration-open", { id: c.id })}>${c.name}</button></td>
              <td>${c.form_name}</td>
              <td>${t("qaPlan.scores", { count: c.score_count })}</td>
              <td>${t(`qaPlan.status.${c.status}`)}</td>
            </tr>
          `
        )}</tbody>
      </table>
    `;
  }

  private renderCalibration(c: CalibrationDetail) {
    const form = {
      id: c.form_id,
      name: c.form_name,
      pass_mark: c.pass_mark,
      active: true,
      definition: c.form,
    };
    return html`
      <div data-testid="qa-calibration">
        <p><strong>${c.name}</strong> · ${c.form_name} · ${t(`qaPlan.status.${c.status}`)} · ${t(
          "qaPlan.scores",
          { count: c.score_count },
        )}</p>
        ${c.spread && c.scores ? spreadTable(c) : html`<p class="empty">${t("qaPlan.blind")}</p>`}
        ${c.status === "open"
          ? html`
            <h3>${t("qaPlan.scoreCalibration")}</h3>
            <cc-qa-scorecard .forms=${[form]} .busy=${this.busy} .commentable=${false}
              .submitLabel=${t("qaPlan.submitScore")} @qa-submit=${(
                e: CustomEvent<{ answers: Record<string, QaAnswer> }>,
              ) =>
                this.fire("qa-calibration-score", {
                  id: c.id,
                  answers: e.detail.answers,
                })}></cc-qa-scorecard>
          `
          : nothing}
        <div class="actions">
          <button class="button" type="button" @click=${() =>
            this.fire("qa-calibration-back", {})}>${t("qaPlan.back")}</button>
          ${c.status === "open"
            ? html`<button class="button" type="button" ?disabled=${this.busy} @click=${() =>
              this.fire("qa-calibration-close", { id: c.id })}>${t("qaPlan.close")}</button>`
            : nothing}
        </div>
      </div>
    `;
  }

  private describeFilters(rule: SamplingRule): string {
    const parts = [
      this.nameOf(this.queues, rule.queue_id),
      this.nameOf(this.agents, rule.agent_id),
      rule.min_duration_s !== null ? `≥ ${rule.min_duration_s} s` : null,
      rule.max_duration_s !== null ? `≤ ${rule.max_duration_s} s` : null,
      rule.dispositions.length ? rule.dispositions.join(", ") : null,
    ].filter((p): p is string => p !== null && p !== undefined);
    return parts.length ? parts.join(" · ") : t("qaPlan.noFilter");
  }

  private nameOf(list: { id: number; name: string }[], id: number | null): string | null {
    return id === null ? null : list.find((x) => x.id === id)?.name ?? `#${id}`;
  }

  private onRuleSubmit(e: SubmitEvent): void {
    e.preventDefault();
    this.fire("qa-rule-save", ruleFromForm(e.target as HTMLFormElement));
  }

  /** Clears the new-rule form after a save. */
  resetRuleForm(): void {
    this.renderRoot.querySelector<HTMLFormElement>("form[data-testid=qa-rule-form]")?.reset();
  }

  /** Focuses the first input of the new-rule form the last save refused, once drawn. */
  async focusRuleProblem(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('form.rule [aria-invalid="true"]')?.focus();
  }

  private fire(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

function length(ms: number | null): string {
  if (ms === null) return "—";
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

customElements.define("cc-qa-review-plan", CcQaReviewPlan);

declare global {
  interface HTMLElementTagNameMap {
    "cc-qa-review-plan": CcQaReviewPlan;
  }
}
