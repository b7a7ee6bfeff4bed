import { css, html, LitElement } from "lit";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import { INTERVALS, type PeriodChoice, SCOPES } from "./reports_controller.ts";

/**
 * The period, interval and scope of a report.
 *
 * @fires period-change - `detail` is the new {@link PeriodChoice}, when the form is sent
 */
export class CcPeriodPicker extends LitElement {
  static override styles = [
    baseStyles,
    css`
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: end;
      }
      label {
        display: grid;
        gap: 0.25rem;
        font-size: 0.875rem;
      }
      input,
      select {
        font: inherit;
        padding: 0.25rem 0.5rem;
      }
    `,
  ];

  static override properties = { value: { attribute: false } };

  /** The choice shown. */
  declare value: PeriodChoice;

  private readonly i18n = new I18nController(this);

  override render() {
    const v = this.value;
    return html`
      <form @submit=${this.onSubmit}>
        <label>${t("reports.day")}
          <input name="day" type="date" required .value=${v.day}>
        </label>
        <label>${t("reports.days")}
          <input name="days" type="number" min="1" max="400" required .value=${String(v.days)}>
        </label>
        <label>${t("reports.interval")}
          <select name="interval">
            ${INTERVALS.map((i) =>
              html`<option value=${i} ?selected=${i === v.interval}>${
                t(`reports.interval.${i}` as MessageKey)
              }</option>`
            )}
          </select>
        </label>
        <label>${t("reports.scope")}
          <select name="scope">
            ${SCOPES.map((s) =>
              html`<option value=${s} ?selected=${s === v.scope}>${
                t(`reports.scope.${s}` as MessageKey)
              }</option>`
            )}
          </select>
        </label>
        <label>${t("reports.id")}
          <input name="id" type="number" min="1" .value=${v.id === null ? "" : String(v.id)}>
        </label>
        <button type="submit">${t("reports.show")}</button>
      </form>
    `;
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const id = String(data.get("id") ?? "");
    const detail: PeriodChoice = {
      day: String(data.get("day")),
      days: Number(data.get("days")),
      interval: String(data.get("interval")) as PeriodChoice["interval"],
      scope: String(data.get("scope")) as PeriodChoice["scope"],
      id: id ? Number(id) : null,
    };
    this.dispatchEvent(new CustomEvent("period-change", { detail, bubbles: true, composed: true }));
  }
}

customElements.define("cc-period-picker", CcPeriodPicker);

declare global {
  interface HTMLElementTagNameMap {
    "cc-period-picker": CcPeriodPicker;
  }
}
