import { css, html, LitElement } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { getLanguage, I18nController, t } from "../common/i18n.ts";
import { icons } from "../common/icons.ts";
import { baseStyles } from "../common/styles.ts";
import { deskStyles } from "./desk_styles.ts";
import {
  localDate,
  MyScheduleController,
  type PlannedShift,
  planNow,
  type ScheduleDay,
} from "./my_schedule_controller.ts";

/**
 * The agent's own shifts and breaks for the coming week, in the work column of the desk:
 * where they stand now (on shift, on a break, or when the next shift starts) above one
 * row per day. Read-only; supervisors plan schedules in Reports.
 */
export class CcMySchedule extends LitElement {
  static override styles = [
    baseStyles,
    deskStyles,
    css`
      .body {
        padding: 0.75rem 0.875rem;
      }
      .now {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        margin: 0 0 0.75rem;
        padding: 0.5rem 0.625rem;
        border-radius: var(--cc-radius);
        background: var(--cc-accent-soft, var(--cc-surface-muted));
        font-weight: 600;
      }
      .head {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 0.5rem;
        margin-bottom: 0.5rem;
      }
      .zone {
        color: var(--cc-text-muted);
        font-size: 0.75rem;
      }
      ol {
        margin: 0;
        padding: 0;
        list-style: none;
      }
      li.day {
        display: grid;
        grid-template-columns: 6.5rem minmax(0, 1fr);
        gap: 0.5rem;
        padding: 0.4375rem 0;
        border-top: 1px solid var(--cc-border);
      }
      li.day.today .date {
        color: var(--cc-accent);
        font-weight: 650;
      }
      .date {
        color: var(--cc-text-muted);
      }
      .off {
        color: var(--cc-text-muted);
      }
      .shift {
        font-weight: 600;
        font-variant-numeric: tabular-nums;
      }
      .shift .hours {
        margin-left: 0.375rem;
        color: var(--cc-text-muted);
        font-weight: 400;
      }
      .break {
        color: var(--cc-text-muted);
        font-size: 0.8125rem;
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  static override properties = { api: { attribute: false } };

  declare api: ApiClient | null;

  private readonly i18n = new I18nController(this);
  private readonly data = new MyScheduleController(this, {
    request: <T>(method: string, path: string, body?: unknown) => {
      if (!this.api) return Promise.reject(new Error("Not signed in"));
      return this.api.request<T>(method, path, body);
    },
  });

  constructor() {
    super();
    this.api = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.data.load();
  }

  override render() {
    const { data } = this;
    if (data.error) {
      return html`
        <div class="body">
          <p class="alert" role="alert">${icons.alert(16)}<span>${t("schedule.error", {
            reason: data.error,
          })}</span></p>
          <button type="button" class="button" @click=${() => void data.load()}>
          ${t("schedule.retry")}
          </button>
        </div>
      `;
    }
    if (data.loading && data.days.length === 0) {
      return html`
        <div class="body">
          <p role="status">${t("schedule.loading")}</p>
        </div>
      `;
    }
    const today = localDate(data.now(), data.timeZone);
    return html`
      <div class="body">
        <div class="head">
          <strong>${t("schedule.title")}</strong>
          <button type="button" class="button small" data-testid="schedule-refresh"
            ?disabled=${data.loading} @click=${() => void data.load()}>${t(
              "schedule.refresh",
            )}</button>
        </div>
        <p class="now" data-testid="schedule-now">${icons.clock(16)}<span>${this.renderNow(
          data.days,
        )}</span></p>
        <ol data-testid="schedule-days">
        ${data.days.map((day) => this.renderDay(day, day.date === today))}
        </ol>
        <p class="zone">${t("schedule.zone", { zone: data.timeZone })}</p>
      </div>
    `;
  }

  private renderNow(days: readonly ScheduleDay[]): string {
    const now = planNow(days, this.data.now());
    switch (now.kind) {
      case "shift":
        return t("schedule.now.shift", { time: this.time(now.endsMs) });
      case "break":
        return t("schedule.now.break", { time: this.time(now.endsMs) });
      case "next":
        return t("schedule.now.next", {
          day: this.day(now.startsMs),
          time: this.time(now.startsMs),
        });
      case "none":
        return t("schedule.now.none");
    }
  }

  private renderDay(day: ScheduleDay, isToday: boolean) {
    return html`
      <li class="day ${isToday ? "today" : ""}" data-date=${day.date}>
        <span class="date">${isToday
          ? t("schedule.today")
          : this.day(day.startsMs + 12 * 3600_000)}</span>
        <div>
          ${day.shifts.length === 0
            ? html`<span class="off">${t("schedule.dayOff")}</span>`
            : day.shifts.map((s) => this.renderShift(s))}
        </div>
      </li>
    `;
  }

  private renderShift(shift: PlannedShift) {
    const hours = Math.round((shift.endsMs - shift.startsMs) / 360_000) / 10;
    return html`
      <div class="shift">${t("schedule.shift", {
        from: this.time(shift.startsMs),
        to: this.time(shift.endsMs),
      })}<span class="hours">${t("schedule.hours", { hours })}</span></div>
      ${shift.breaks.map((b) =>
        html`<div class="break">${
          t("schedule.break", {
            from: this.time(b.startsMs),
            to: this.time(b.endsMs),
          })
        }</div>`
      )}
    `;
  }

  private time(ms: number): string {
    return new Intl.DateTimeFormat(getLanguage(), {
      timeZone: this.data.timeZone,
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(ms);
  }

  private day(ms: number): string {
    return new Intl.DateTimeFormat(getLanguage(), {
      timeZone: this.data.timeZone,
      weekday: "short",
      month: "numeric",
      day: "numeric",
    }).format(ms);
  }
}

customElements.define("cc-my-schedule", CcMySchedule);

declare global {
  interface HTMLElementTagNameMap {
    "cc-my-schedule": CcMySchedule;
  }
}
