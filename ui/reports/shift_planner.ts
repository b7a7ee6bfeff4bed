import { css, html, LitElement, nothing } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import "./block_delete_confirm.ts";
import { addDays, dayLabel, weekDates } from "./plan_week.ts";
import "./shift_block_form.ts";
import type { CcShiftBlockForm } from "./shift_block_form.ts";
import "./shift_grid.ts";
import type { BlockToDelete, CcShiftGrid } from "./shift_grid.ts";
import { type BlockDraft, ShiftPlannerController } from "./shift_planner_controller.ts";
import "./shift_proposal_panel.ts";
import type { CcShiftProposalPanel, ProposalView } from "./shift_proposal_panel.ts";
import { type ProposalDraft, ShiftProposalController } from "./shift_proposal_controller.ts";
import { controlLook } from "./plan_form_styles.ts";

/**
 * Shift planning for supervisors, a view of Reports: pick a week, see each active
 * agent's shifts and breaks by day, add a shift or a break, delete one after a
 * confirmation, and fill a day from a proposal of shifts that covers a need per interval.
 * Times are the browser's own time zone's.
 */
export class CcShiftPlanner extends LitElement {
  static override styles = [
    baseStyles,
    areaStyles,
    css`
      :host {
        display: grid;
        gap: 1rem;
      }
      :host > * {
        min-width: 0;
      }
      h2 {
        margin: 0;
        font-size: 1.0625rem;
      }
      h3 {
        margin: 0 0 0.5rem;
        font-size: 0.9375rem;
      }
      .lead {
        margin: 0.25rem 0 0;
        max-width: 75ch;
        font-size: 0.875rem;
      }
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 0.75rem;
      }
      .toolbar .button {
        min-height: 2.25rem;
        padding: 0.375rem 0.75rem;
      }
      .toolbar label {
        font-size: 0.875rem;
        color: var(--cc-text-muted);
      }
      .toolbar input {
        ${controlLook};
      }
      .range {
        font-weight: 600;
      }
      .zone {
        color: var(--cc-text-muted);
        font-size: 0.8125rem;
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-end;
        justify-content: space-between;
        gap: 0.5rem 1rem;
      }
      .status {
        min-height: 1.25rem;
        margin: 0;
        font-size: 0.875rem;
        color: var(--cc-text-muted);
      }
      .status .done {
        color: var(--cc-success);
        font-weight: 600;
      }
      .alert {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
        margin: 0;
        padding: 0.5rem 0.75rem;
        border: 1px solid var(--cc-danger-border);
        border-radius: var(--cc-radius);
        background: var(--cc-danger-soft);
        color: var(--cc-danger-text);
      }
      .hint {
        margin: 0;
        color: var(--cc-text-muted);
        font-size: 0.875rem;
      }
      .box {
        padding: 0.875rem 1rem;
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius-lg);
        background: var(--cc-surface-muted);
      }
      .box .hint {
        margin-bottom: 0.5rem;
      }
      cc-shift-grid[aria-busy="true"] {
        opacity: 0.6;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    toDelete: { state: true },
    proposalOpen: { state: true },
  };

  declare api: ApiClient | null;
  declare private toDelete: BlockToDelete | null;
  declare private proposalOpen: boolean;

  private readonly i18n = new I18nController(this);
  private readonly request = <T>(method: string, path: string, body?: unknown) => {
    if (!this.api) return Promise.reject(new Error("Not signed in"));
    return this.api.request<T>(method, path, body);
  };
  private readonly plan = new ShiftPlannerController(this, { request: this.request });
  private readonly proposal = new ShiftProposalController(this, { request: this.request });

  constructor() {
    super();
    this.api = null;
    this.toDelete = null;
    this.proposalOpen = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.proposal.planDay(this.plan.today);
    void this.plan.load();
  }

  override render() {
    const { plan } = this;
    const dates = weekDates(plan.week);
    const firstLoad = plan.loading && plan.agents.length === 0;
    return html`
      <div class="head">
        <div>
          <h2>${t("shiftPlan.title")}</h2>
          <p class="lead">${t("shiftPlan.lead")}</p>
        </div>
        <button type="button" class="button" aria-expanded=${this.proposalOpen}
          aria-controls="proposal" @click=${this.onToggleProposal}>
          ${this.proposalOpen ? t("shiftPlan.proposal.close") : t("shiftPlan.proposal.open")}
        </button>
      </div>
      <div class="toolbar" role="group" aria-label=${t("shiftPlan.weekNav")}>
        <button type="button" class="button" @click=${() => this.showWeek(addDays(plan.week, -7))}>
          ‹ ${t("shiftPlan.prevWeek")}</button>
        <button type="button" class="button" @click=${() => this.showWeek(plan.today)}>${t(
          "shiftPlan.thisWeek",
        )}</button>
        <button type="button" class="button" @click=${() => this.showWeek(addDays(plan.week, 7))}>
          ${t("shiftPlan.nextWeek")} ›</button>
        <label for="plan-week">${t("shiftPlan.week")}</label>
        <input id="plan-week" type="date" .value=${plan.week}
          @change=${(e: Event) => {
            const value = (e.target as HTMLInputElement).value;
            if (value) this.showWeek(value);
          }}>
        <span class="range" data-testid="week-range">${dayLabel(dates[0])} – ${dayLabel(
          dates[6],
        )}</span>
        <span class="zone">${t("shiftPlan.zone", { zone: plan.timeZone })}</span>
      </div>
      <p class="status" role="status" data-testid="plan-status">${plan.loading
        ? t("shiftPlan.loading")
        : plan.done
        ? html`<span class="done">${plan.done}</span>`
        : ""}</p>
      ${plan.error
        ? html`<p class="alert" role="alert">${t("shiftPlan.loadError", { reason: plan.error })}
          <button type="button" class="button" @click=${() => void plan.load()}>${
          t(
            "shiftPlan.retry",
          )
        }</button></p>`
        : nothing}
      ${plan.notice ? html`<p class="alert" role="alert">${plan.notice}</p>` : nothing}
      ${this.proposalOpen
        ? html`
          <cc-shift-proposal-panel id="proposal" class="box" .view=${this.proposalView()}
            .agents=${plan.agents} .dates=${dates} .timeZone=${plan.timeZone}
            @proposal-edit=${(e: CustomEvent<Partial<ProposalDraft>>) =>
              this.proposal.edit(e.detail)}
            @proposal-take=${() => void this.proposal.takeStaffingNeed()}
            @proposal-run=${() => void this.proposal.propose()}
            @proposal-assign=${(e: CustomEvent<{ key: number; userId: number | null }>) =>
              this.proposal.assign(e.detail.key, e.detail.userId)}
            @proposal-save=${this.onSaveProposal}
            @proposal-discard=${() => this.proposal.discard()}
          ></cc-shift-proposal-panel>
        `
        : nothing}
      ${firstLoad || plan.error ? nothing : this.renderPlan(dates)}
      <cc-block-delete-confirm .block=${this.toDelete} @delete-confirm=${this.onDeleteConfirm}
        @delete-cancel=${() => this.toDelete = null}></cc-block-delete-confirm>
    `;
  }

  private renderPlan(dates: string[]) {
    const { plan } = this;
    if (plan.agents.length === 0) {
      return html`
        <div class="empty" data-testid="plan-empty">
          <h3>${t("shiftPlan.noAgents.title")}</h3>
          <p>${t("shiftPlan.noAgents.body")}</p>
        </div>
      `;
    }
    return html`
      ${plan.blocks.length === 0 && !plan.loading
        ? html`<p class="hint" data-testid="week-empty">${t("shiftPlan.emptyWeek")}</p>`
        : nothing}
      <cc-shift-grid .rows=${plan.rows} .dates=${dates} .today=${plan.today}
        .timeZone=${plan.timeZone} .busy=${plan.saving} aria-busy=${plan.loading}
        @block-delete=${(e: CustomEvent<BlockToDelete>) => this.toDelete = e.detail}
        @cell-plan=${this.onCellPlan}></cc-shift-grid>
      <section class="box" aria-labelledby="add-title">
        <h3 id="add-title">${t("shiftPlan.form.title")}</h3>
        <p class="hint">${t("shiftPlan.form.hint")}</p>
        <cc-shift-block-form .draft=${plan.draft} .agents=${plan.agents} .dates=${dates}
          .errors=${plan.fieldErrors} .busy=${plan.saving}
          @block-edit=${(e: CustomEvent<Partial<BlockDraft>>) => plan.edit(e.detail)}
          @block-add=${() => void plan.add()}></cc-shift-block-form>
      </section>
    `;
  }

  /** A fresh copy each render, so the panel sees the controller's changes. */
  private proposalView(): ProposalView {
    const p = this.proposal;
    return {
      draft: p.draft,
      shifts: p.shifts,
      cover: p.cover,
      summary: p.summary,
      busy: p.busy,
      progress: p.progress,
      fieldErrors: p.fieldErrors,
      notice: p.notice,
      done: p.done,
    };
  }

  private showWeek(date: string): void {
    void this.plan.showWeek(date).then(() => {
      const dates = weekDates(this.plan.week);
      if (!dates.includes(this.proposal.draft.day)) {
        this.proposal.planDay(dates.includes(this.plan.today) ? this.plan.today : dates[0]);
      }
      if (!dates.includes(this.plan.draft.day)) this.plan.edit({ day: this.proposal.draft.day });
    });
  }

  private async onToggleProposal(): Promise<void> {
    this.proposalOpen = !this.proposalOpen;
    if (!this.proposalOpen) return;
    await this.updateComplete;
    const panel = this.renderRoot.querySelector<CcShiftProposalPanel>("cc-shift-proposal-panel");
    await panel?.updateComplete;
    panel?.focusHeading();
  }

  private async onSaveProposal(): Promise<void> {
    if (await this.proposal.saveAssigned() > 0) await this.plan.load();
  }

  private async onCellPlan(event: CustomEvent<{ userId: number; day: string }>): Promise<void> {
    this.plan.edit({ user_id: String(event.detail.userId), day: event.detail.day });
    await this.updateComplete;
    const form = this.renderRoot.querySelector<CcShiftBlockForm>("cc-shift-block-form");
    await form?.updateComplete;
    form?.focusStart();
  }

  private async onDeleteConfirm(event: CustomEvent<number>): Promise<void> {
    const block = this.toDelete;
    this.toDelete = null;
    if (!await this.plan.remove(event.detail) || !block) return;
    await this.updateComplete;
    const grid = this.renderRoot.querySelector<CcShiftGrid>("cc-shift-grid");
    await grid?.updateComplete;
    grid?.focusCell(block.userId, block.date);
  }
}

customElements.define("cc-shift-planner", CcShiftPlanner);

declare global {
  interface HTMLElementTagNameMap {
    "cc-shift-planner": CcShiftPlanner;
  }
}
