import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from "lit";
import { describedBy, formField } from "../admin/form_field.ts";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import type { NamedAgent } from "./agent_names.ts";
import "./need_cover.ts";
import { dayLabel } from "./plan_week.ts";
import { planFormStyles } from "./plan_form_styles.ts";
import "./proposed_shifts.ts";
import type { NeedCover, ProposalDraft, ProposedShift } from "./shift_proposal_controller.ts";

/** What the panel shows: the proposal controller's state, handed down as it is. */
export interface ProposalView {
  draft: ProposalDraft;
  shifts: ProposedShift[];
  cover: NeedCover | null;
  summary: { count: number; agentHours: number; neededHours: number } | null;
  busy: "need" | "proposing" | "saving" | null;
  progress: { current: number; total: number } | null;
  fieldErrors: Record<string, string>;
  notice: string | null;
  done: string | null;
}

type Key = keyof ProposalDraft;

/**
 * Fills a day from a proposal: the need per interval (typed, or copied from a day's
 * staffing) and the shift lengths allowed, the progress of saving, what went wrong, what
 * the shifts already planned cover of the need (see `cc-need-cover`), and the proposed
 * shifts to assign (see `cc-proposed-shifts`, whose events pass through).
 *
 * @fires proposal-edit - `detail` is the changed part of the {@link ProposalDraft}
 * @fires proposal-take - copy the source day's staffing need
 * @fires proposal-run - propose shifts for the need
 */
export class CcShiftProposalPanel extends LitElement {
  static override styles = [
    baseStyles,
    planFormStyles,
    css`
      :host {
        display: grid;
        gap: 0.75rem;
      }
      h3 {
        margin: 0;
        font-size: 1rem;
      }
      h3:focus {
        outline: none;
      }
      p {
        margin: 0;
        font-size: 0.875rem;
      }
      .lead {
        max-width: 75ch;
        color: var(--cc-text-muted);
      }
      input[name="need"] {
        width: 32rem;
        max-width: 100%;
      }
      .row-break {
        flex-basis: 100%;
        height: 0;
      }
      input[name="shift_hours"] {
        width: 8rem;
      }
      .status {
        color: var(--cc-text-muted);
      }
      .done {
        color: var(--cc-success);
        font-weight: 600;
      }
      .alert {
        color: var(--cc-danger-text);
        font-weight: 500;
      }
    `,
  ];

  static override properties = {
    view: { attribute: false },
    agents: { attribute: false },
    dates: { attribute: false },
    timeZone: { attribute: false },
  };

  declare view: ProposalView;
  declare agents: NamedAgent[];
  /** The days that may be planned: the week shown. */
  declare dates: string[];
  declare timeZone: string;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.agents = [];
    this.dates = [];
    this.timeZone = "UTC";
  }

  protected override updated(changed: PropertyValues<this>): void {
    const before = changed.get("view") as ProposalView | undefined;
    if (before && before.fieldErrors !== this.view.fieldErrors) {
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    }
  }

  /** Moves the focus to the panel's heading (when it opens). */
  focusHeading(): void {
    this.renderRoot.querySelector<HTMLElement>("h3")?.focus();
  }

  override render() {
    const v = this.view;
    if (!v) return nothing;
    const d = v.draft;
    const busy = v.busy !== null;
    return html`
      <h3 id="proposal-title" tabindex="-1">${t("shiftPlan.proposal.title")}</h3>
      <p class="lead">${t("shiftPlan.proposal.lead")}</p>
      <form data-testid="proposal-need" novalidate @submit=${this.onRun}>
        ${this.select(
          "day",
          t("shiftPlan.proposal.day"),
          d.day,
          this.dates.map((date) => ({ value: date, label: dayLabel(date) })),
        )} ${this.input("starts_at", t("shiftPlan.proposal.first"), "time", d.starts_at)} ${this
          .select(
            "interval_minutes",
            t("shiftPlan.proposal.interval"),
            d.interval_minutes,
            ["15", "30", "60"].map((m) => ({ value: m, label: m })),
          )} ${this.input(
            "shift_hours",
            t("shiftPlan.proposal.shiftHours"),
            "text",
            d.shift_hours,
            t("shiftPlan.proposal.shiftHoursHint"),
          )}
        <span class="row-break"></span>
        ${this.input("source", t("shiftPlan.proposal.source"), "date", d.source)}
        <button class="button" type="button" data-testid="proposal-take" ?disabled=${busy}
          @click=${this.onTake}>
          ${v.busy === "need" ? t("shiftPlan.proposal.taking") : t("shiftPlan.proposal.take")}
        </button>
        <span class="row-break"></span>
        ${this.input(
          "need",
          t("shiftPlan.proposal.need"),
          "text",
          d.need,
          t("shiftPlan.proposal.needHint"),
        )}
        <button class="button primary" type="submit" ?disabled=${busy}>
          ${v.busy === "proposing" ? t("shiftPlan.proposal.running") : t("shiftPlan.proposal.run")}
        </button>
      </form>
      <p class="status" role="status" data-testid="proposal-status">${this.status(v)}</p>
      ${v.notice ? html`<p class="alert" role="alert">${v.notice}</p>` : nothing}
      ${v.cover
        ? html`<cc-need-cover .cover=${v.cover} .timeZone=${this.timeZone}></cc-need-cover>`
        : nothing}
      ${v.shifts.length > 0
        ? html`
          <cc-proposed-shifts .shifts=${v.shifts} .summary=${v.summary} .busy=${v.busy}
            .agents=${this.agents} .timeZone=${this.timeZone}></cc-proposed-shifts>
        `
        : v.cover
        ? nothing
        : html`<p class="status">${t("shiftPlan.proposal.none")}</p>`}
    `;
  }

  private status(v: ProposalView): TemplateResult | string {
    if (v.progress) return t("shiftPlan.proposal.saving", v.progress);
    if (v.done) return html`<span class="done">${v.done}</span>`;
    return "";
  }

  private input(key: Key, label: string, type: string, current: string, hint?: string) {
    const id = `proposal-${key}`;
    const error = this.view.fieldErrors[key];
    return formField(
      id,
      label,
      html`
        <input id=${id} name=${key} type=${type} .value=${current}
          aria-invalid=${error ? "true" : "false"}
          aria-describedby=${describedBy(id, hint !== undefined, error) || nothing}
          @input=${(e: Event) =>
            this.dispatch("proposal-edit", { [key]: (e.target as HTMLInputElement).value })}
          @keydown=${key === "source" ? this.onSourceKey : nothing}>
      `,
      { hint, error },
    );
  }

  private select(
    key: Key,
    label: string,
    current: string,
    options: { value: string; label: string }[],
  ) {
    const id = `proposal-${key}`;
    const error = this.view.fieldErrors[key];
    return formField(
      id,
      label,
      html`
        <select id=${id} name=${key} aria-invalid=${error ? "true" : "false"}
          aria-describedby=${describedBy(id, false, error) || nothing}
          @change=${(e: Event) =>
            this.dispatch("proposal-edit", { [key]: (e.target as HTMLSelectElement).value })}>
                ${options.map((o) =>
                  html`<option value=${o.value} ?selected=${
                    o.value === current
                  }>${o.label}</option>`
                )}
              </select>
      `,
      { error },
    );
  }

  private onTake(): void {
    this.dispatch("proposal-take", null);
  }

  /** Enter in the staffing day copies its need, rather than proposing from the old one. */
  private onSourceKey(event: KeyboardEvent): void {
    if (event.key !== "Enter") return;
    event.preventDefault();
    this.onTake();
  }

  private onRun(event: SubmitEvent): void {
    event.preventDefault();
    this.dispatch("proposal-run", null);
  }

  private dispatch(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

customElements.define("cc-shift-proposal-panel", CcShiftProposalPanel);

declare global {
  interface HTMLElementTagNameMap {
    "cc-shift-proposal-panel": CcShiftProposalPanel;
  }
}
