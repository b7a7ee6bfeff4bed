import { html, LitElement, nothing } from "lit";
import type { ApiClient, User } from "../common/api_client.ts";
import { I18nController, t } from "../common/i18n.ts";
import { areaStyles, baseStyles, signedInAs } from "../common/styles.ts";
import "./recording_player.ts";
import type { CcRecordingPlayer } from "./recording_player.ts";
import "./qa_evaluations.ts";
import "./qa_form_builder.ts";
import type { CcQaFormBuilder } from "./qa_form_builder.ts";
import "./qa_scorecard.ts";
import type { CcQaScorecard } from "./qa_scorecard.ts";
import { QualityController } from "./quality_controller.ts";
import "./qa_review_plan.ts";
import type { CcQaReviewPlan } from "./qa_review_plan.ts";
import {
  ReviewPlanController,
  type SamplingRuleInput,
  type WorklistItem,
} from "./review_plan_controller.ts";
import { calibrationForm } from "./calibration_form.ts";
import { recordingsAreaStyles } from "./recordings_area_styles.ts";
import { type RecordingQuery, RecordingsController } from "./recordings_controller.ts";
import { dateTime } from "../common/dates.ts";

/**
 * The recordings area: a search by period, agent, queue, caller, direction and length
 * (agents find their own calls only), the results newest first, and the chosen
 * recording in the two-lane player with its events.
 */
export class CcRecordingsArea extends LitElement {
  static override styles = [
    baseStyles,
    areaStyles,
    recordingsAreaStyles,
  ];

  static override properties = {
    user: { attribute: false },
    api: { attribute: false },
  };

  declare user: User | null;
  declare api: ApiClient | null;

  private readonly i18n = new I18nController(this);
  private readonly recordings = new RecordingsController(this, {
    request: (method, path, body) => this.api!.request(method, path, body),
  });
  private readonly quality = new QualityController(this, {
    request: (method, path, body) => this.api!.request(method, path, body),
  });
  private readonly plan = new ReviewPlanController(this, {
    request: (method, path, body) => this.api!.request(method, path, body),
  });

  /** QA staff, team leads, supervisors and admins score calls; agents answer their evaluations. */
  private get evaluator(): boolean {
    return this.user?.role !== undefined && this.user.role !== "agent";
  }

  constructor() {
    super();
    this.user = null;
    this.api = null;
  }

  override willUpdate(): void {
    // Evaluators plan reviews; agents only answer theirs, so nothing is loaded for them.
    if (this.evaluator && this.api && !this.plan.enabled) {
      this.plan.enabled = true;
      void this.plan.load();
    }
  }

  override render() {
    const r = this.recordings;
    return html`
      <div class="area-header">
        <div>
          <h1 data-testid="area-title" tabindex="-1" data-focus-target>${t("rec.title")}</h1>
          <p class="lead">${t("rec.lead")}</p>
        </div>
        ${signedInAs(this.user)}
      </div>
      <form data-testid="rec-search" @submit=${this.onSearch}>
        <label>${t("rec.from")}<input type="date" name="from"></label>
        <label>${t("rec.to")}<input type="date" name="to"></label>
        ${r.agents.length
          ? html`<label>${t("rec.agent")}<select name="agent_id" data-testid="rec-agent">
            <option value="">${t("rec.any")}</option>
            ${r.agents.map((a) => html`<option value=${a.id}>${a.name}</option>`)}
          </select></label>`
          : nothing}
        ${r.queues.length
          ? html`<label>${t("rec.queue")}<select name="queue_id">
            <option value="">${t("rec.any")}</option>
            ${r.queues.map((q) => html`<option value=${q.id}>${q.name}</option>`)}
          </select></label>`
          : nothing}
        <label>${t("rec.caller")}<input name="caller" inputmode="tel" size="12"></label>
        <label>${t("rec.direction")}<select name="direction">
          <option value="">${t("rec.any")}</option>
          <option value="inbound">${t("rec.inbound")}</option>
          <option value="outbound">${t("rec.outbound")}</option>
        </select></label>
        <label>${t(
          "rec.minLength",
        )}<input name="min_duration_s" type="number" min="0" size="5"></label>
        <button class="button primary" type="submit" data-testid="rec-search-go" ?disabled=${r
          .searching}>
          ${t("rec.search")}
        </button>
      </form>
      ${r.error ? html`<p role="alert">${r.error}</p>` : nothing}
      <div class="grid">
        <section class="panel" aria-label=${t("rec.results")}>
          ${r.results.length === 0 ? html`<p class="empty">${t("rec.none")}</p>` : html`
            <table data-testid="rec-results">
              <thead>
                <tr>
                  <th>${t("rec.when")}</th>
                  <th>${t("rec.agent")}</th>
                  <th>${t("rec.caller")}</th>
                  <th>${t("rec.length")}</th>
                </tr>
              </thead>
              <tbody>${r.results.map((hit) =>
                html`
                  <tr data-testid="rec-row" data-id=${hit.id}
                    aria-selected=${r.selected?.id === hit.id ? "true" : "false"}>
                    <td><button type="button" @click=${() => void r.select(hit)}>
                                        ${dateTime(hit.started_at)}</button></td>
                    <td>${hit.agent_name ?? "—"}</td>
                    <td>${hit.customer_name ?? hit.caller ?? "—"}</td>
                    <td>${length(hit.duration_ms)}</td>
                  </tr>
                `
              )}</tbody>
            </table>
          `}
        </section>
        <section class="panel" aria-label=${t("rec.player")}>
          ${r.selected
            ? html`
              <h2>${r.selected.customer_name ?? r.selected.caller ??
                ""} · ${r.selected.agent_name ?? ""}
                · ${r.selected.queue_name ?? ""}</h2>
              <cc-recording-player data-testid="rec-player"
                .src=${`/api/v1/recordings/${r.selected.id}/audio`}
                .review=${r.review}></cc-recording-player>
              ${r.surveyScores.length
                ? html`<p data-testid="rec-survey">${t("rec.survey")}: ${
                  r.surveyScores.map((s) => `${s.question} ${s.score}`).join(", ")
                }</p>`
                : nothing}
              ${this.evaluator
                ? html`
                  <h3>${t("qa.scoreThis")}</h3>
                  <cc-qa-scorecard .forms=${this.quality.forms.filter((f) => f.active)}
                    .busy=${this.quality.busy}
                    .now=${() =>
                      this.renderRoot.querySelector<CcRecordingPlayer>("cc-recording-player")
                        ?.currentMs ?? 0}
                    @qa-submit=${this.onQaSubmit}></cc-qa-scorecard>
                  ${this.renderCalibrate()}
                `
                : nothing}
            `
            : html`<p class="empty">${t("rec.pick")}</p>`}
        </section>
      </div>
      <section class="panel evaluations" aria-label=${t("qa.evaluations")}>
        <h2>${t(this.evaluator ? "qa.evaluations" : "qa.myEvaluations")}</h2>
        ${!this.evaluator && this.quality.own
          ? html`<p data-testid="my-figures">${
            t("qa.myFigures", {
              csat: this.quality.own.csat ?? "—",
              satisfied: this.quality.own.satisfied ?? "—",
              response: this.quality.own.responseRate ?? "—",
              pass: this.quality.own.passRate ?? "—",
            })
          }</p>`
          : nothing}
        ${this.quality.error ? html`<p role="alert">${this.quality.error}</p>` : nothing}
        <cc-qa-evaluations .evaluations=${this.quality.evaluations} .mine=${!this.evaluator}
          .busy=${this.quality.busy}
          @qa-acknowledge=${(e: CustomEvent<{ id: number }>) =>
            void this.quality.acknowledge(e.detail.id)}
          @qa-dispute=${(e: CustomEvent<{ id: number; note: string }>) =>
            void this.quality.dispute(e.detail.id, e.detail.note)}></cc-qa-evaluations>
        ${this.evaluator
          ? html`
            <details data-testid="qa-builder">
              <summary>${t("qa.newForm")}</summary>
              <cc-qa-form-builder .busy=${this.quality.busy} @qa-form-save=${this
                .onFormSave}></cc-qa-form-builder>
            </details>
          `
          : nothing}
      </section>
      ${this.evaluator ? this.renderPlan() : nothing}
    `;
  }

  /**
   * The form that starts a calibration on the call in the player. A refused value shows
   * under its input in the user's language, the input marked invalid and described by it;
   * a refusal no input shows (the call is gone) is said beneath the form.
   */
  private renderCalibrate() {
    return calibrationForm({
      errors: this.plan.calibrationErrors,
      notice: this.plan.calibrationNotice,
      forms: this.quality.forms.filter((f) => f.active),
      busy: this.plan.busy,
    }, this.onStartCalibration);
  }

  private renderPlan() {
    const p = this.plan;
    return html`
      <section class="panel evaluations" aria-label=${t("qaPlan.title")}>
        <h2>${t("qaPlan.title")}</h2>
        ${p.error ? html`<p role="alert">${p.error}</p>` : nothing}
        <cc-qa-review-plan .worklist=${p.worklist} .rules=${p.rules}
          .calibrations=${p.calibrations} .calibration=${p.calibration}
          .queues=${this.recordings.queues} .agents=${this.recordings.agents}
          .evaluators=${p.evaluators} .notice=${p.notice} .ruleErrors=${p.ruleErrors}
          .busy=${p.busy}
          @qa-open-item=${(e: CustomEvent<WorklistItem>) => void this.openItem(e.detail)}
          @qa-rule-save=${this.onRuleSave}
          @qa-rule-run=${(e: CustomEvent<{ id: number }>) => void p.runRule(e.detail.id)}
          @qa-rule-remove=${(e: CustomEvent<{ id: number }>) => void p.removeRule(e.detail.id)}
          @qa-calibration-open=${(e: CustomEvent<{ id: number }>) =>
            void p.openCalibration(e.detail.id)}
          @qa-calibration-back=${() => p.closeCalibrationView()}
          @qa-calibration-score=${(
            e: CustomEvent<{ id: number; answers: Record<string, "yes" | "no" | "na" | number> }>,
          ) => void p.scoreCalibration(e.detail.id, e.detail.answers)}
          @qa-calibration-close=${(e: CustomEvent<{ id: number }>) =>
            void p.endCalibration(e.detail.id)}></cc-qa-review-plan>
      </section>
    `;
  }

  /** Opens a picked call in the player, as if found by the search. */
  private async openItem(item: WorklistItem): Promise<void> {
    await this.recordings.select({
      id: item.recording_id,
      call_id: item.call_id,
      channels: 2,
      started_at: item.call_started_at,
      duration_ms: item.duration_ms,
      pauses: [],
      direction: "inbound",
      caller: item.caller,
      agent_id: item.agent_id,
      agent_name: item.agent_name,
      queue_id: null,
      queue_name: item.queue_name,
      customer_name: null,
    });
    globalThis.scrollTo?.({ top: 0, behavior: "smooth" });
  }

  private async onRuleSave(e: CustomEvent<SamplingRuleInput>): Promise<void> {
    const view = e.target as CcQaReviewPlan;
    if (await this.plan.saveRule(e.detail)) view.resetRuleForm();
    else await view.focusRuleProblem();
  }

  private async onStartCalibration(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const selected = this.recordings.selected;
    if (!selected) return;
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const started = await this.plan.startCalibration({
      name: String(data.get("name") ?? "").trim(),
      recording_id: selected.id,
      form_id: Number(data.get("form_id")),
    });
    if (started) {
      form.reset();
      return;
    }
    // Where the refusal is, so a keyboard or screen-reader user lands on it.
    await this.updateComplete;
    form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  private async onQaSubmit(
    e: CustomEvent<
      {
        form_id: number;
        answers: Record<string, "yes" | "no" | "na" | number>;
        comments: { at_ms: number; text: string }[];
      }
    >,
  ): Promise<void> {
    const selected = this.recordings.selected;
    if (!selected) return;
    const card = e.target as CcQaScorecard;
    if (await this.quality.submit({ ...e.detail, recording_id: selected.id })) {
      card.reset();
      void this.plan.load(); // the scored call leaves the worklist
    }
  }

  private async onFormSave(
    e: CustomEvent<Parameters<QualityController["saveForm"]>[0]>,
  ): Promise<void> {
    const builder = e.target as CcQaFormBuilder;
    if (await this.quality.saveForm(e.detail)) builder.reset();
  }

  private onSearch(e: SubmitEvent): void {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const query: RecordingQuery = {};
    for (
      const name of [
        "from",
        "to",
        "agent_id",
        "queue_id",
        "caller",
        "direction",
        "min_duration_s",
      ] as const
    ) {
      const value = form.get(name);
      if (typeof value === "string" && value) query[name] = value;
    }
    if (query.to) query.to = new Date(new Date(query.to).getTime() + 86_400_000).toISOString();
    void this.recordings.search(query);
  }
}

function length(ms: number | null): string {
  if (ms === null) return "—";
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

customElements.define("cc-recordings-area", CcRecordingsArea);

declare global {
  interface HTMLElementTagNameMap {
    "cc-recordings-area": CcRecordingsArea;
  }
}
