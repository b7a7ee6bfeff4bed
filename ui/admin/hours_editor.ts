import { html, LitElement, nothing } from "lit";
import { refusalMessage } from "./refusal_messages.ts";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";
import {
  type DayHours,
  isOpenAt,
  type Schedule,
  ScheduleController,
} from "./schedule_controller.ts";

/**
 * Weekly business hours and holidays of one schedule (flows refer to it by name), with
 * the "open at this moment?" answer for a moment the admin picks.
 *
 * @fires admin-changed - after a save
 */
export class CcHoursEditor extends LitElement {
  static override styles = [baseStyles, areaStyles, adminStyles];

  static override properties = {
    api: { attribute: false },
    moment: { state: true },
    notice: { state: true },
    problem: { state: true },
  };

  /** The signed-in API client. */
  declare api: ApiClient;
  declare private moment: string;
  declare private notice: string | null;
  declare private problem: string | null;

  private readonly i18n = new I18nController(this);
  private data: ScheduleController | undefined;

  constructor() {
    super();
    this.moment = "";
    this.notice = null;
    this.problem = null;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("api") && !this.data) {
      this.data = new ScheduleController(this, this.api);
      void this.data.load();
    }
  }

  override render() {
    const data = this.data!;
    const s = data.current;
    const open = this.moment ? isOpenAt(s, new Date(this.moment)) : undefined;
    return html`
      <div class="screen" data-testid="admin-hours">
        <section class="panel" aria-labelledby="hours-title">
          <header>
            <h2 id="hours-title">${t("admin.hours.title")}</h2>
            <p class="intro">${t("admin.hours.intro")}</p>
          </header>
          <div class="panel-body">
            ${this.notice ? html`<p class="banner good" role="status">${this.notice}</p>` : nothing}
            ${this.problem ? html`<p class="banner bad" role="alert">${this.problem}</p>` : nothing}
            <form novalidate @submit=${this.onSave}>
              <label>
                ${t("admin.hours.schedule")}
                <input
                  name="schedule"
                  .value=${s.name}
                  @input=${(e: Event) => data.rename((e.target as HTMLInputElement).value)}
                />
              </label>
              <table>
                <thead>
                  <tr>
                    <th scope="col">${t("admin.hours.weekday")}</th>
                    <th scope="col">${t("admin.hours.open")}</th>
                    <th scope="col">${t("admin.hours.opens")}</th>
                    <th scope="col">${t("admin.hours.closes")}</th>
                  </tr>
                </thead>
                <tbody>
                  ${s.days.map((d) => this.renderDay(d))}
                </tbody>
              </table>
              <label>
                ${t("admin.hours.holidays")}
                <textarea
                  name="holidays"
                  rows="4"
                  .value=${s.holidays}
                  @input=${(e: Event) => data.setHolidays((e.target as HTMLTextAreaElement).value)}
                ></textarea>
              </label>
              <div class="actions">
                <button class="button primary" type="submit" data-testid="save-hours">
                  ${t("admin.hours.save")}
                </button>
              </div>
            </form>
          </div>
        </section>
        <section class="panel" aria-labelledby="open-title">
          <header>
            <h2 id="open-title">${t("admin.hours.openNow")}</h2>
          </header>
          <div class="panel-body">
            <label>
              ${t("admin.hours.moment")}
              <input
                type="datetime-local"
                .value=${this.moment}
                @input=${(e: Event) => this.moment = (e.target as HTMLInputElement).value}
              />
            </label>
            ${open === undefined ? nothing : html`
              <p role="status" data-testid="open-answer">
                <strong>${open ? t("admin.hours.isOpen") : t("admin.hours.isClosed")}</strong>
              </p>
            `}
          </div>
        </section>
      </div>
    `;
  }

  private renderDay(d: DayHours) {
    const day = t(`admin.hours.day${d.weekday}` as MessageKey);
    const set = (change: Partial<DayHours>) => this.data!.setDay(d.weekday, change);
    return html`
      <tr>
        <th scope="row">${day}</th>
        <td>
          <input
            type="checkbox"
            name="open-${d.weekday}"
            aria-label="${day}: ${t("admin.hours.open")}"
            .checked=${d.open}
            @change=${(e: Event) => set({ open: (e.target as HTMLInputElement).checked })}
          />
        </td>
        <td>
          <input
            type="time"
            name="opens-${d.weekday}"
            aria-label="${day}: ${t("admin.hours.opens")}"
            .value=${d.opens}
            ?disabled=${!d.open}
            @input=${(e: Event) => set({ opens: (e.target as HTMLInputElement).value })}
          />
        </td>
        <td>
          <input
            type="time"
            name="closes-${d.weekday}"
            aria-label="${day}: ${t("admin.hours.closes")}"
            .value=${d.closes}
            ?disabled=${!d.open}
            @input=${(e: Event) => set({ closes: (e.target as HTMLInputElement).value })}
          />
        </td>
      </tr>
    `;
  }

  private async onSave(event: Event): Promise<void> {
    event.preventDefault();
    this.notice = null;
    this.problem = null;
    try {
      await this.data!.save();
      this.notice = t("admin.form.saved");
      this.dispatchEvent(new CustomEvent("admin-changed", { bubbles: true, composed: true }));
    } catch (error) {
      this.problem = t("admin.form.failed", {
        reason: refusalMessage(error, (path) => this.data!.fieldLabel(path)),
      });
    }
  }
}

customElements.define("cc-hours-editor", CcHoursEditor);

declare global {
  interface HTMLElementTagNameMap {
    "cc-hours-editor": CcHoursEditor;
  }
}

export type { Schedule };
