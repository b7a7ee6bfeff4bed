import { css, html, LitElement } from "lit";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import type { WhatIfAnswer, WhatIfRequest } from "./staffing_controller.ts";

/**
 * The what-if calculator: volume, AHT, threshold, target and shrinkage (and callers'
 * patience for Erlang A) → agents, expected SL, ASA and occupancy.
 *
 * @fires what-if - `detail` is the {@link WhatIfRequest}, when the form is sent
 */
export class CcWhatIfForm extends LitElement {
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
        width: 7rem;
        padding: 0.25rem 0.5rem;
      }
      table {
        margin-top: 0.75rem;
        border-collapse: collapse;
        font-size: 0.875rem;
      }
      th,
      td {
        padding: 0.25rem 0.75rem;
        border-bottom: 1px solid var(--cc-border);
        text-align: right;
      }
      th:first-child {
        text-align: left;
      }
    `,
  ];

  static override properties = { answer: { attribute: false } };

  declare answer: WhatIfAnswer | null;

  private readonly i18n = new I18nController(this);

  override render() {
    const field = (name: string, value: string, min = "0", step = "1") =>
      html`<label>${t(`whatIf.${name}` as Parameters<typeof t>[0])}
        <input name=${name} type="number" min=${min} step=${step} .value=${value}>
      </label>`;
    const a = this.answer;
    return html`
      <form @submit=${this.onSubmit}>
        ${field("calls", "100")}
        <label>${t("whatIf.interval_minutes")}
          <select name="interval_minutes">
            <option value="15">15</option>
            <option value="30" selected>30</option>
            <option value="60">60</option>
          </select>
        </label>
        ${field("aht_s", "180", "1")} ${field("threshold_s", "20")} ${field("target_percent", "80")}
        ${field("shrinkage_percent", "30")} ${field("patience_s", "120")}
        <button type="submit">${t("whatIf.compute")}</button>
      </form>
      ${a
        ? html`
          <table data-testid="what-if-answer">
            <thead>
              <tr>
                <th></th>
                <th>Erlang C</th>
                <th>Erlang A</th>
              </tr>
            </thead>
            <tbody>
                      ${(["agents", "scheduled", "service_level", "asa_s", "occupancy"] as const)
                        .map((k) =>
                          html`
                            <tr>
                              <th>${t(`whatIf.out.${k}` as Parameters<typeof t>[0])}</th>
                              <td>${a.erlang_c[k]}</td>
                              <td>${a.erlang_a?.[k] ?? "—"}</td>
                            </tr>
                          `
                        )}
                    </tbody>
          </table>
        `
        : ""}
    `;
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const d = new FormData(event.target as HTMLFormElement);
    const n = (k: string) => Number(d.get(k));
    const patience = String(d.get("patience_s") ?? "");
    const detail: WhatIfRequest = {
      calls: n("calls"),
      interval_minutes: n("interval_minutes") as 15 | 30 | 60,
      aht_s: n("aht_s"),
      threshold_s: n("threshold_s"),
      target_percent: n("target_percent"),
      shrinkage_percent: n("shrinkage_percent"),
      ...(patience ? { patience_s: Number(patience) } : {}),
    };
    this.dispatchEvent(new CustomEvent("what-if", { detail, bubbles: true, composed: true }));
  }
}

customElements.define("cc-what-if-form", CcWhatIfForm);

declare global {
  interface HTMLElementTagNameMap {
    "cc-what-if-form": CcWhatIfForm;
  }
}
