import { html, LitElement, nothing } from "lit";
import { styleMap } from "lit/directives/style-map.js";
import type { PlannedShift, ScheduleDay } from "../agent/my_schedule_controller.ts";
import { startOfLocalDay } from "../agent/my_schedule_controller.ts";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import { shiftGridStyles } from "./shift_grid_styles.ts";
import { addDays, clockTime, dayLabel, longDayLabel } from "./plan_week.ts";
import type { NamedAgent } from "./agent_names.ts";
import type { AgentWeek } from "./shift_planner_controller.ts";

/** A block the supervisor asked to delete, worded for the confirmation. */
export interface BlockToDelete {
  id: number;
  kind: "shift" | "break";
  userId: number;
  date: string;
  agent: string;
  /** The date in words. */
  day: string;
  time: string;
}

/**
 * The week's plan: one row per agent, one column per day. Each cell draws the day's
 * shifts along a 24-hour track (breaks cut out of them) above the same shifts as text,
 * each with its delete button, and a button that plans that agent on that day. Breaks
 * are marked by colour, as the legend says, so their times fit a narrow column; a
 * screen reader hears the word.
 *
 * @fires block-delete - `detail` is the {@link BlockToDelete}
 * @fires cell-plan - `detail` is `{ userId, day }`, to prefill the form
 */
export class CcShiftGrid extends LitElement {
  static override styles = [baseStyles, shiftGridStyles];

  static override properties = {
    rows: { attribute: false },
    dates: { attribute: false },
    today: { attribute: false },
    timeZone: { attribute: false },
    busy: { attribute: false },
  };

  /** The agents with their week. */
  declare rows: AgentWeek[];
  /** The week's dates, Monday first. */
  declare dates: string[];
  declare today: string;
  declare timeZone: string;
  /** A change is under way: delete buttons wait. */
  declare busy: boolean;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.rows = [];
    this.dates = [];
    this.today = "";
    this.timeZone = "UTC";
    this.busy = false;
  }

  override render() {
    const onShift = this.dates.map((_, i) =>
      this.rows.filter((r) => r.days[i]?.shifts.length).length
    );
    return html`
      <p class="legend" aria-hidden="true">
        <span><span class="swatch shift"></span>${t("shiftPlan.form.shift")}</span>
        <span><span class="swatch"></span>${t("shiftPlan.form.break")}</span>
      </p>
      <div class="scroll">
        <table data-testid="shift-grid">
          <caption class="visually-hidden">${t("shiftPlan.grid.caption")}</caption>
          <colgroup>
            <col class="agent">
            ${this.dates.map(() => html`<col>`)}
            <col class="hours">
          </colgroup>
          <thead>
            <tr>
              <th scope="col">${t("shiftPlan.grid.agent")}</th>
              ${this.dates.map((d) =>
                html`
                  <th scope="col" class=${d === this.today ? "today" : ""}
                    aria-current=${d === this.today ? "date" : nothing}>${dayLabel(d)}</th>
                `
              )}
              <th scope="col" class="hours">${t("shiftPlan.grid.hours")}</th>
            </tr>
          </thead>
          <tbody>
            ${this.rows.map((row) =>
              html`
                <tr data-agent=${row.agent.id}>
                  <th scope="row">${row.agent.name}</th>
                  ${row.days.map((day) => this.renderCell(row.agent, day))}
                  <td class="hours">${row.hours > 0 ? row.hours : "—"}</td>
                </tr>
              `
            )}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">${t("shiftPlan.grid.planned")}</th>
              ${onShift.map((n) => html`<td>${n}</td>`)}
              <td></td>
            </tr>
          </tfoot>
        </table>
      </div>
    `;
  }

  private renderCell(agent: NamedAgent, day: ScheduleDay) {
    const dayMs = startOfLocalDay(addDays(day.date, 1), this.timeZone) - day.startsMs;
    const at = (ms: number) => Math.min(100, Math.max(0, (ms - day.startsMs) / dayMs * 100));
    const span = (from: number, to: number) => ({
      left: `${at(from)}%`,
      width: `${at(to) - at(from)}%`,
    });
    const long = longDayLabel(day.date);
    return html`
      <td class=${day.date === this.today ? "today" : ""} data-day=${day.date}>
        <div class="cell-head">
          ${day.shifts.length > 0
            ? html`
              <div class="track" aria-hidden="true">
                ${day.shifts.map((s) =>
                  html`<span class="bar" style=${styleMap(span(s.startsMs, s.endsMs))}></span>${
                    s.breaks.map((b) =>
                      html`<span class="pause" style=${
                        styleMap(span(b.startsMs, b.endsMs))
                      }></span>`
                    )
                  }`
                )}
              </div>
            `
            : html`<span class="off">${t("shiftPlan.grid.off")}</span>`}
          <button type="button" class="icon-button add" data-testid="plan-cell"
            aria-label=${t("shiftPlan.planCell", { agent: agent.name, day: long })}
            title=${t("shiftPlan.planCell", { agent: agent.name, day: long })}
            @click=${() => this.dispatch("cell-plan", { userId: agent.id, day: day.date })}
          >+</button>
        </div>
        ${day.shifts.length > 0
          ? html`<ul>${day.shifts.map((s) => this.renderShift(agent, day.date, long, s))}</ul>`
          : nothing}
      </td>
    `;
  }

  private renderShift(agent: NamedAgent, date: string, long: string, shift: PlannedShift) {
    const clock = (ms: number) => clockTime(ms, this.timeZone);
    const time = t("shiftPlan.shift", { from: clock(shift.startsMs), to: clock(shift.endsMs) });
    const overnight = startOfLocalDay(addDays(date, 1), this.timeZone) < shift.endsMs;
    const remove = (id: number, kind: "shift" | "break", words: string) =>
      html`
        <button type="button" class="icon-button" data-testid="delete-block"
          ?disabled=${this.busy}
          aria-label=${t(kind === "shift" ? "shiftPlan.deleteShift" : "shiftPlan.deleteBreak", {
            time: words,
            agent: agent.name,
            day: long,
          })}
          @click=${() =>
            this.dispatch(
              "block-delete",
              {
                id,
                kind,
                userId: agent.id,
                date,
                agent: agent.name,
                day: long,
                time: words,
              } satisfies BlockToDelete,
            )}
        >×</button>
      `;
    return html`
      <li class="shift">
        <span>${time}${overnight
          ? html`
            <span class="next">${t("shiftPlan.nextDay")}</span>
          `
          : nothing}</span>
        ${remove(shift.id, "shift", time)}
      </li>
      ${shift.breaks.map((b) => {
        const words = t("shiftPlan.shift", { from: clock(b.startsMs), to: clock(b.endsMs) });
        return html`
          <li class="break">
            <span><span class="swatch" aria-hidden="true"></span><span class="visually-hidden">${t(
              "shiftPlan.form.break",
            )} </span>${words}</span>
            ${remove(b.id, "break", words)}
          </li>
        `;
      })}
    `;
  }

  /** Moves the focus to the plan button of an agent's day (after a block there went). */
  focusCell(userId: number, date: string): void {
    this.renderRoot.querySelector<HTMLElement>(
      `tr[data-agent="${userId}"] td[data-day="${date}"] button.add`,
    )?.focus();
  }

  private dispatch(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

customElements.define("cc-shift-grid", CcShiftGrid);

declare global {
  interface HTMLElementTagNameMap {
    "cc-shift-grid": CcShiftGrid;
  }
}
