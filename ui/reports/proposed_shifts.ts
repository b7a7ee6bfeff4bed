import { css, html, LitElement, nothing } from "lit";
import { localDate } from "../agent/my_schedule_controller.ts";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import { clockTime, dayLabel } from "./plan_week.ts";
import type { NamedAgent } from "./agent_names.ts";
import type { ProposedShift } from "./shift_proposal_controller.ts";
import { controlLook } from "./plan_form_styles.ts";

/**
 * The proposed shifts of a day: each with a labelled choice of agent and its state (to
 * assign, ready, or the reason saving it was refused), the proposal's agent-hours beside
 * the need's, and the buttons that save the assigned ones or drop the proposal.
 *
 * @fires proposal-assign - `detail` is `{ key, userId }` (`userId` null: nobody)
 * @fires proposal-save - save the assigned shifts
 * @fires proposal-discard - drop the proposed shifts
 */
export class CcProposedShifts extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: grid;
        gap: 0.75rem;
      }
      p {
        margin: 0;
        font-size: 0.875rem;
      }
      table {
        border-collapse: collapse;
        font-size: 0.875rem;
      }
      th,
      td {
        padding: 0.375rem 0.75rem 0.375rem 0;
        border-bottom: 1px solid var(--cc-border);
        text-align: left;
        font-variant-numeric: tabular-nums;
      }
      select {
        ${controlLook};
      }
      td.failure {
        max-width: 28rem;
        color: var(--cc-danger-text);
      }
      td.ready {
        color: var(--cc-success);
      }
      td.waiting {
        color: var(--cc-text-muted);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
    `,
  ];

  static override properties = {
    shifts: { attribute: false },
    summary: { attribute: false },
    busy: { attribute: false },
    agents: { attribute: false },
    timeZone: { attribute: false },
  };

  declare shifts: ProposedShift[];
  declare summary: { count: number; agentHours: number; neededHours: number } | null;
  /** Something is under way: choices and buttons wait. */
  declare busy: string | null;
  declare agents: NamedAgent[];
  declare timeZone: string;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.shifts = [];
    this.summary = null;
    this.busy = null;
    this.agents = [];
    this.timeZone = "UTC";
  }

  override render() {
    const { shifts, summary, busy } = this;
    const clock = (iso: string) => clockTime(Date.parse(iso), this.timeZone);
    const saving = busy === "saving";
    return html`
      ${summary
        ? html`<p>${
          t("shiftPlan.proposal.summary", {
            count: summary.count,
            hours: summary.agentHours,
            needed: summary.neededHours,
          })
        }</p>`
        : nothing}
      <table data-testid="proposed-shifts">
        <caption class="visually-hidden">${t("shiftPlan.proposal.shifts")}</caption>
        <thead>
          <tr>
            <th scope="col">${t("shiftPlan.proposal.shift")}</th>
            <th scope="col">${t("shiftPlan.proposal.agent")}</th>
            <th scope="col">${t("shiftPlan.proposal.status")}</th>
          </tr>
        </thead>
        <tbody>
          ${shifts.map((s) => {
            const time = `${dayLabel(localDate(Date.parse(s.starts_at), this.timeZone))} ${
              t("shiftPlan.shift", { from: clock(s.starts_at), to: clock(s.ends_at) })
            }`;
            const id = `assign-${s.key}`;
            return html`
              <tr>
                <td>${time}</td>
                <td>
                  <label class="visually-hidden" for=${id}>${t("shiftPlan.proposal.assign", {
                    time,
                  })}</label>
                  <select id=${id} ?disabled=${saving} @change=${(e: Event) => {
                    const value = (e.target as HTMLSelectElement).value;
                    this.dispatch("proposal-assign", {
                      key: s.key,
                      userId: value ? Number(value) : null,
                    });
                  }}>
                    <option value="" ?selected=${s.user_id === null}>${t(
                      "shiftPlan.proposal.unassigned",
                    )}</option>
                    ${this.agents.map((a) =>
                      html`<option value=${a.id} ?selected=${a.id === s.user_id}>${a.name}</option>`
                    )}
                  </select>
                </td>
                ${s.failure
                  ? html`<td class="failure">${s.failure}</td>`
                  : s.user_id === null
                  ? html`<td class="waiting">${t("shiftPlan.proposal.waiting")}</td>`
                  : html`<td class="ready">${t("shiftPlan.proposal.ready")}</td>`}
              </tr>
            `;
          })}
        </tbody>
      </table>
      <div class="actions">
        <button class="button primary" type="button" data-testid="proposal-save"
          ?disabled=${busy !== null}
          @click=${() => this.dispatch("proposal-save", null)}>
          ${t("shiftPlan.proposal.save", {
            count: shifts.filter((s) => s.user_id !== null).length,
          })}
        </button>
        <button class="button" type="button" ?disabled=${busy !== null}
          @click=${() => this.dispatch("proposal-discard", null)}>
          ${t("shiftPlan.proposal.discard")}
        </button>
      </div>
    `;
  }

  private dispatch(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

customElements.define("cc-proposed-shifts", CcProposedShifts);

declare global {
  interface HTMLElementTagNameMap {
    "cc-proposed-shifts": CcProposedShifts;
  }
}
