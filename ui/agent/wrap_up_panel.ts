import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { type ApiClient, ApiError } from "../common/api_client.ts";
import { I18nController, t } from "../common/i18n.ts";
import { icons } from "../common/icons.ts";
import { baseStyles } from "../common/styles.ts";
import { isMissingEndpoint } from "./agent_state_controller.ts";
import { deskStyles } from "./desk_styles.ts";

/** A wrap-up code as `GET /api/v1/dispositions` lists it. */
export interface DispositionOption {
  id: number;
  code: string;
  label: string;
  resolves: boolean;
  active: boolean;
}

/** `YYYY-MM-DDTHH:mm` in local time, as `<input type="datetime-local">` wants it. */
export function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${
    pad(date.getHours())
  }:${pad(date.getMinutes())}`;
}

/**
 * Closing the call: the disposition (required to leave wrap-up when the
 * queue says so), a note for the interaction, and optionally a callback
 * scheduled as a follow-up for the customer.
 *
 * @fires wrap-up-saved - The wrap-up was recorded; `detail.dispositionId` is the code chosen.
 */
export class CcWrapUpPanel extends LitElement {
  static override styles = [
    baseStyles,
    deskStyles,
    css`
      .callback {
        display: grid;
        gap: 0.5rem;
        margin-bottom: 0.625rem;
        padding: 0.5rem 0.625rem;
        border: 1px dashed var(--cc-border-strong);
        border-radius: var(--cc-radius);
      }
      .check {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        font-weight: 600;
      }
      .required {
        color: var(--cc-danger);
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    callId: { type: String },
    queueId: { type: Number },
    customerId: { type: Number },
    caseId: { type: Number },
    required: { type: Boolean },
    saved: { type: Boolean },
    dispositions: { state: true },
    callback: { state: true },
    busy: { state: true },
    message: { state: true },
    invalid: { state: true },
  };

  /** The API client of the signed-in session. */
  declare api: ApiClient | null;
  /** The call being wrapped up. */
  declare callId: string | null;
  /** Its queue, to offer that queue's codes. */
  declare queueId: number | null;
  /** The customer, for a callback. */
  declare customerId: number | null;
  /** The case the call was about, linked to the interaction. */
  declare caseId: number | null;
  /** A disposition must be picked before leaving wrap-up. */
  declare required: boolean;
  /** The wrap-up has been saved. */
  declare saved: boolean;
  declare private dispositions: DispositionOption[];
  declare private callback: boolean;
  declare private busy: boolean;
  declare private message: { kind: "ok" | "error" | "info"; text: string } | null;
  declare private invalid: boolean;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.api = null;
    this.callId = null;
    this.queueId = null;
    this.customerId = null;
    this.caseId = null;
    this.required = true;
    this.saved = false;
    this.dispositions = [];
    this.callback = false;
    this.busy = false;
    this.message = null;
    this.invalid = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("callId")) {
      this.message = null;
      this.invalid = false;
      this.callback = false;
    }
    if (changed.has("queueId") || changed.has("api")) void this.loadDispositions();
  }

  override render() {
    if (!this.callId) {
      return html`
        <div class="card-body">
          <div class="empty-note">
            <span class="art">${icons.note(22)}</span>
            <strong>${t("wrap.noCallTitle")}</strong>
            <span class="subtle">${t("wrap.noCallText")}</span>
          </div>
        </div>
      `;
    }
    const soon = localInputValue(new Date(Date.now() + 60 * 60 * 1000));
    return html`
      <form class="card-body" data-testid="wrap-up" novalidate @submit=${this.onSubmit}>
        ${this.saved
          ? html`<div class="alert ok" role="status" data-testid="wrap-up-done">
            ${icons.badge(16)}<span>${t("wrap.saved")}</span></div>`
          : nothing}
        <div class="field">
          <label for="disposition">
            ${t("wrap.disposition")}${this.required
              ? html`<span class="required" aria-hidden="true"> *</span>`
              : nothing}
          </label>
          <select
            id="disposition"
            name="disposition"
            data-testid="disposition"
            ?required=${this.required}
            aria-invalid=${this.invalid ? "true" : "false"}
            aria-describedby=${this.invalid ? "disposition-error" : nothing}
            ?disabled=${this.saved}
          >
            <option value="">${t("wrap.pick")}</option>
            ${this.dispositions.filter((d) => d.active).map((d) =>
              html`<option value=${d.id} data-code=${d.code}>${d.label}</option>`
            )}
          </select>
          ${this.invalid
            ? html`<span id="disposition-error" class="required">${t("wrap.pickRequired")}</span>`
            : nothing}
        </div>
        <div class="field">
          <label for="wrap-notes">${t("wrap.notes")}</label>
          <textarea id="wrap-notes" name="notes" rows="3" data-testid="wrap-notes"
            ?disabled=${this.saved} placeholder=${t("wrap.notesPlaceholder")}></textarea>
        </div>
        <div class="callback">
          <label class="check">
            <input
              type="checkbox"
              data-testid="callback-toggle"
              .checked=${this.callback}
              ?disabled=${!this.customerId || this.saved}
              @change=${(e: Event) => this.callback = (e.target as HTMLInputElement).checked}
            />
            ${t("wrap.callback")}
          </label>
          ${!this.customerId
            ? html`<span class="subtle">${t("wrap.callbackNeedsCustomer")}</span>`
            : nothing}
          ${this.callback
            ? html`
              <div class="field" style="margin: 0">
                <label for="callback-at">${t("wrap.callbackAt")}</label>
                <input id="callback-at" name="callback_at" type="datetime-local"
                  data-testid="callback-at" .value=${soon} required />
              </div>
            `
            : nothing}
        </div>
        <button class="button primary" type="submit" data-testid="wrap-up-submit"
          ?disabled=${this.busy || this.saved}>${t("wrap.submit")}</button>
        ${this.message
          ? html`
            <div class="alert ${this.message.kind === "ok"
              ? "ok"
              : this.message.kind === "info"
              ? "info"
              : ""}" role="alert" style="margin-top: 0.5rem"
              data-testid="wrap-up-message">${this
                .message.text}</div>
          `
          : nothing}
      </form>
    `;
  }

  private async loadDispositions(): Promise<void> {
    if (!this.api) return;
    const query = this.queueId ? `?queue_id=${this.queueId}` : "";
    try {
      const body = await this.api.request<{ dispositions: DispositionOption[] }>(
        "GET",
        `/dispositions${query}`,
      );
      this.dispositions = body.dispositions;
    } catch (error) {
      console.warn("ui/wrap-up: could not load dispositions", error);
    }
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const api = this.api;
    const callId = this.callId;
    if (!api || !callId || this.busy) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const dispositionId = Number(data.get("disposition") || 0);
    if (this.required && !dispositionId) {
      this.invalid = true;
      this.renderRoot.querySelector<HTMLSelectElement>("#disposition")?.focus();
      return;
    }
    this.invalid = false;
    this.busy = true;
    this.message = null;
    const notes = String(data.get("notes") ?? "").trim();
    try {
      const body: Record<string, unknown> = { disposition_id: dispositionId, notes };
      if (this.caseId) body.case_id = this.caseId;
      await api.request("POST", `/calls/${encodeURIComponent(callId)}/wrap-up`, body);
      if (this.callback && this.customerId) {
        const at = new Date(String(data.get("callback_at") ?? ""));
        if (!Number.isNaN(at.getTime())) {
          await api.request("POST", "/follow-ups", {
            customer_id: this.customerId,
            due_at: at.toISOString(),
            note: notes || t("wrap.callbackNote"),
            ...(this.caseId ? { case_id: this.caseId } : {}),
          });
        }
      }
      this.dispatchEvent(
        new CustomEvent("wrap-up-saved", {
          detail: { dispositionId },
          bubbles: true,
          composed: true,
        }),
      );
    } catch (error) {
      const text = isMissingEndpoint(error)
        ? t("wrap.unavailable")
        : error instanceof ApiError
        ? error.message
        : String(error);
      this.message = { kind: isMissingEndpoint(error) ? "info" : "error", text };
    } finally {
      this.busy = false;
    }
  }
}

customElements.define("cc-wrap-up-panel", CcWrapUpPanel);

declare global {
  interface HTMLElementTagNameMap {
    "cc-wrap-up-panel": CcWrapUpPanel;
  }
}
