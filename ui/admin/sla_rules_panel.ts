import { css, html, LitElement, nothing } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";
import { failureText, fieldErrors } from "./field_errors.ts";
import {
  durationParts,
  PRIORITIES,
  type SlaRule,
  SlaRulesController,
} from "./sla_rules_controller.ts";

/** A rule as its row holds it: the minutes as typed. */
interface Row {
  category: string;
  priority: SlaRule["priority"];
  minutes: string;
  /** Minutes before the due time the owner and lead are warned, as typed. */
  warn: string;
  clock: "calendar" | "business";
  pause: boolean;
}

/**
 * The SLA rule table: one row per category and priority, edited in place and saved as a
 * whole. A refused value is shown under its cell.
 *
 * @fires admin-changed - after a save
 */
export class CcSlaRulesPanel extends LitElement {
  static override styles = [
    baseStyles,
    areaStyles,
    adminStyles,
    css`
      td {
        vertical-align: top;
      }
      td input,
      td select {
        width: 100%;
      }
      .minutes {
        display: grid;
        grid-template-columns: 7rem auto;
        gap: 0.5rem;
        align-items: center;
      }
      .wrap {
        max-width: 68rem;
      }
      td.pause-cell {
        text-align: center;
        vertical-align: middle;
      }
      td.pause-cell input {
        width: auto;
      }
      select[name="priority"] {
        min-width: 6.5rem;
      }
      select[name="clock"] {
        min-width: 9.5rem;
      }
      td:last-child .button {
        white-space: nowrap;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    rows: { state: true },
    errors: { state: true },
    problem: { state: true },
    notice: { state: true },
    busy: { state: true },
  };

  /** The signed-in API client. */
  declare api: ApiClient;
  declare private rows: Row[];
  declare private errors: Record<string, string>;
  declare private problem: string | null;
  declare private notice: string | null;
  declare private busy: boolean;

  private readonly i18n = new I18nController(this);
  private data: SlaRulesController | undefined;

  constructor() {
    super();
    this.rows = [];
    this.errors = {};
    this.problem = null;
    this.notice = null;
    this.busy = false;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("api") && !this.data) {
      this.data = new SlaRulesController(this, this.api);
      void this.data.load().then(() => this.rows = this.data!.rules.map(toRow));
    }
  }

  override render() {
    return html`
      <section class="panel wrap" aria-labelledby="sla-title" data-testid="admin-sla">
        <header>
          <h2 id="sla-title">${t("crmAdmin.sla.title")}</h2>
          <p class="intro">${t("crmAdmin.sla.intro")}</p>
        </header>
        <div class="panel-body">
          ${this.data?.error
            ? html`<p class="banner bad" role="alert">${this.data.error}</p>`
            : nothing}
          ${this.notice
            ? html`<p class="banner good" role="status" data-testid="notice">${this.notice}</p>`
            : nothing}
          ${this.problem
            ? html`<p class="banner bad" role="alert" data-testid="problem">${this.problem}</p>`
            : nothing}
          <form novalidate @submit=${this.onSave}>
            ${this.rows.length === 0 ? html`<p class="muted">${t("crmAdmin.sla.empty")}</p>` : html`
              <table data-testid="rules">
                <thead>
                  <tr>
                    <th scope="col" id="col-category">${t("crmAdmin.sla.category")}</th>
                    <th scope="col" id="col-priority">${t("crmAdmin.sla.priority")}</th>
                    <th scope="col" id="col-within">${t("crmAdmin.sla.within")}</th>
                    <th scope="col" id="col-warn">${t("tiers.sla.warnBefore")}</th>
                    <th scope="col" id="col-clock">${t("tiers.sla.clock")}</th>
                    <th scope="col">${t("tiers.sla.pause")}</th>
                    <th scope="col"><span class="visually-hidden">${t(
                      "crmAdmin.sla.remove",
                    )}</span></th>
                  </tr>
                </thead>
                <tbody>${this.rows.map((row, i) => this.renderRow(row, i))}</tbody>
              </table>
            `}
            <p class="hint">${t("crmAdmin.sla.categoryHint")}</p>
            ${this.data?.schedule
              ? html`<p class="hint" data-testid="hours-hint">${
                t("tiers.sla.hoursHint", {
                  schedule: this.data.schedule,
                })
              }</p>`
              : nothing}
            <div class="actions">
              <button class="button" type="button" data-testid="add-rule" @click=${this.onAdd}>
                ${t("crmAdmin.sla.addRule")}
              </button>
              <span class="spacer"></span>
              <button class="button primary" type="submit" ?disabled=${this.busy}
                data-testid="save">
                ${this.busy ? t("admin.form.saving") : t("crmAdmin.sla.saveTable")}
              </button>
            </div>
          </form>
        </div>
      </section>
    `;
  }

  private renderRow(row: Row, i: number) {
    const e = (field: string) => this.errors[`rules.${i}.${field}`] ?? this.errors[`rules.${i}`];
    const error = (field: string) => {
      const text = this.errors[`rules.${i}.${field}`];
      return text
        ? html`
          <p class="error" id="rule-${i}-${field}-error"
            data-testid="error-rules.${i}.${field}">${text}</p>
        `
        : nothing;
    };
    const set = (change: Partial<Row>) =>
      this.rows = this.rows.map((r, n) => n === i ? { ...r, ...change } : r);
    const value = (ev: Event) => (ev.target as HTMLInputElement | HTMLSelectElement).value;
    const minutes = Number(row.minutes);
    return html`
      <tr>
        <td>
          <input
            name="category"
            aria-labelledby="col-category"
            aria-invalid=${e("category") ? "true" : "false"}
            aria-describedby="rule-${i}-category-error"
            autocomplete="off"
            .value=${row.category}
            @input=${(ev: Event) => set({ category: value(ev) })}
          />
          ${error("category")}
        </td>
        <td>
          <select
            name="priority"
            aria-labelledby="col-priority"
            aria-invalid=${e("priority") ? "true" : "false"}
            @change=${(ev: Event) => set({ priority: value(ev) as Row["priority"] })}
          >
            ${PRIORITIES.map((p) =>
              html`<option value=${p} ?selected=${p === row.priority}>${
                t(`case.priority.${p}` as MessageKey)
              }</option>`
            )}
          </select>
          ${error("priority")}
        </td>
        <td>
          <div class="minutes">
            <input
              name="resolve_within_min"
              inputmode="numeric"
              aria-labelledby="col-within"
              aria-invalid=${e("resolve_within_min") ? "true" : "false"}
              aria-describedby="rule-${i}-resolve_within_min-error"
              .value=${row.minutes}
              @input=${(ev: Event) => set({ minutes: value(ev) })}
            />
            <span class="hint">${Number.isFinite(minutes) && minutes > 0
              ? t("crmAdmin.sla.duration", {
                text: durationText(minutes),
              })
              : nothing}</span>
          </div>
          ${error("resolve_within_min")}
        </td>
        <td>
          <input
            name="warn_before_min"
            inputmode="numeric"
            aria-labelledby="col-warn"
            aria-invalid=${e("warn_before_min") ? "true" : "false"}
            aria-describedby="rule-${i}-warn_before_min-error"
            .value=${row.warn}
            @input=${(ev: Event) => set({ warn: value(ev) })}
          />
          ${error("warn_before_min")}
        </td>
        <td>
          <select
            name="clock"
            aria-labelledby="col-clock"
            @change=${(ev: Event) => set({ clock: value(ev) as Row["clock"] })}
          >
            ${(["calendar", "business"] as const).map((c) =>
              html`<option value=${c} ?selected=${c === row.clock}>${
                t(`tiers.sla.clock.${c}`)
              }</option>`
            )}
          </select>
        </td>
        <td class="pause-cell">
          <input
            type="checkbox"
            name="pause_when_waiting"
            aria-label=${t("tiers.sla.pauseLabel", { n: i + 1 })}
            .checked=${row.pause}
            @change=${(ev: Event) => set({ pause: (ev.target as HTMLInputElement).checked })}
          />
        </td>
        <td>
          <button class="button" type="button"
            aria-label=${t("crmAdmin.sla.removeRow", { n: i + 1 })}
            @click=${() => this.rows = this.rows.filter((_, n) => n !== i)}>
            ${t("crmAdmin.sla.remove")}
          </button>
        </td>
      </tr>
    `;
  }

  private async onAdd(): Promise<void> {
    this.rows = [...this.rows, {
      category: "*",
      priority: "normal",
      minutes: "1440",
      warn: "0",
      clock: "calendar",
      pause: false,
    }];
    this.notice = null;
    await this.updateComplete;
    const inputs = this.renderRoot.querySelectorAll<HTMLInputElement>('input[name="category"]');
    inputs[inputs.length - 1]?.focus();
  }

  private async onSave(event: Event): Promise<void> {
    event.preventDefault();
    const keys = this.rows.flatMap((_, i) =>
      ["category", "priority", "resolve_within_min", "warn_before_min"].map((f) =>
        `rules.${i}.${f}`
      )
    );
    this.busy = true;
    try {
      await this.data!.replace(this.rows.map((r) => ({
        category: r.category.trim(),
        priority: r.priority,
        resolve_within_min: r.minutes.trim() === "" ? Number.NaN : Number(r.minutes),
        warn_before_min: r.warn.trim() === "" ? 0 : Number(r.warn),
        clock: r.clock,
        pause_when_waiting: r.pause,
      })));
      this.rows = this.data!.rules.map(toRow);
      this.errors = {};
      this.problem = null;
      this.notice = t("admin.form.saved");
      this.dispatchEvent(new CustomEvent("admin-changed", { bubbles: true, composed: true }));
    } catch (error) {
      this.errors = fieldErrors(error, keys);
      this.notice = null;
      this.problem = Object.keys(this.errors).length > 0
        ? t("admin.form.fixFields")
        : t("admin.form.failed", { reason: failureText(error) });
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    } finally {
      this.busy = false;
    }
  }
}

function toRow(rule: SlaRule): Row {
  return {
    category: rule.category,
    priority: rule.priority,
    minutes: String(rule.resolve_within_min),
    warn: String(rule.warn_before_min ?? 0),
    clock: rule.clock ?? "calendar",
    pause: rule.pause_when_waiting ?? false,
  };
}

function durationText(minutes: number): string {
  const d = durationParts(minutes);
  const parts = [];
  if (d.days) parts.push(t("crmAdmin.sla.days", { n: d.days }));
  if (d.hours) parts.push(t("crmAdmin.sla.hours", { n: d.hours }));
  if (d.minutes) parts.push(t("crmAdmin.sla.minutes", { n: d.minutes }));
  return parts.join(" ");
}

customElements.define("cc-sla-rules-panel", CcSlaRulesPanel);

declare global {
  interface HTMLElementTagNameMap {
    "cc-sla-rules-panel": CcSlaRulesPanel;
  }
}
