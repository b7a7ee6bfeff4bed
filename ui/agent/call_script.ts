import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, t } from "../common/i18n.ts";
import { icons } from "../common/icons.ts";
import { baseStyles } from "../common/styles.ts";
import { deskStyles } from "./desk_styles.ts";
import type { ScreenPopView } from "./screen_pop_model.ts";

interface ScriptSummary {
  id: number;
  name: string;
  queue_id: number | null;
}

/** The query string for `/scripts/:id/render` from the call at hand. */
export function scriptRenderQuery(view: ScreenPopView | null, caseId: number | null): string {
  const params = new URLSearchParams();
  if (view?.customer?.id) params.set("customer_id", String(view.customer.id));
  if (caseId) params.set("case_id", String(caseId));
  if (view?.caller) params.set("caller", view.caller.slice(0, 40));
  if (view?.did) params.set("did", view.did.slice(0, 40));
  if (view?.queue) params.set("queue", view.queue.slice(0, 100));
  if (view?.waitSeconds !== null && view?.waitSeconds !== undefined) {
    params.set("wait_s", String(Math.max(0, Math.round(view.waitSeconds))));
  }
  if (view?.callId) params.set("call_id", view.callId);
  const text = params.toString();
  return text ? `?${text}` : "";
}

/**
 * The queue's script for the call, with its variables filled in from the
 * caller, the case and the call. Several scripts can be switched between.
 */
export class CcCallScript extends LitElement {
  static override styles = [
    baseStyles,
    deskStyles,
    css`
      .text {
        margin: 0.5rem 0 0;
        padding: 0.625rem 0.75rem;
        border-left: 3px solid var(--cc-accent);
        border-radius: 0 var(--cc-radius) var(--cc-radius) 0;
        background: var(--cc-surface-muted);
        line-height: 1.55;
        white-space: pre-wrap;
      }
      .missing {
        margin-top: 0.5rem;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    view: { attribute: false },
    caseId: { type: Number },
    scripts: { state: true },
    selected: { state: true },
    text: { state: true },
    missing: { state: true },
  };

  /** The API client of the signed-in session. */
  declare api: ApiClient | null;
  /** The call's screen pop, for the queue and the variables. */
  declare view: ScreenPopView | null;
  /** The case being worked on. */
  declare caseId: number | null;
  declare private scripts: ScriptSummary[];
  declare private selected: number | null;
  declare private text: string | null;
  declare private missing: string[];

  private readonly i18n = new I18nController(this);
  #loadedFor: string | null = null;

  constructor() {
    super();
    this.api = null;
    this.view = null;
    this.caseId = null;
    this.scripts = [];
    this.selected = null;
    this.text = null;
    this.missing = [];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const key = `${this.view?.queueId ?? ""}`;
    if ((changed.has("view") || changed.has("api")) && key !== this.#loadedFor && this.api) {
      this.#loadedFor = key;
      void this.loadList();
    } else if ((changed.has("view") || changed.has("caseId")) && this.selected) {
      void this.renderScript(this.selected);
    }
  }

  override render() {
    return html`
      <div class="card-body" data-testid="call-script">
        ${this.scripts.length > 1
          ? html`
            <div class="field">
              <label for="script">${t("script.pick")}</label>
              <select id="script" @change=${this.onPick}>
                          ${this.scripts.map((s) =>
                            html`<option value=${s.id} ?selected=${
                              s.id === this.selected
                            }>${s.name}</option>`
                          )}
                        </select>
            </div>
          `
          : nothing} ${this.text !== null
          ? html`<div class="text" data-testid="script-text">${this.text}</div>
            ${
            this.missing.length
              ? html`<div class="alert warn missing">${icons.info(16)}<span>${
                t("script.missing", {
                  names: this.missing.join(", "),
                })
              }</span></div>`
              : nothing
          }`
          : html`
            <div class="empty-note">
              <span class="art">${icons.listen(22)}</span>
              <strong>${t("script.noneTitle")}</strong>
              <span class="subtle">${t("script.noneText")}</span>
            </div>
          `}
      </div>
    `;
  }

  private async loadList(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const queueId = this.view?.queueId;
    try {
      const body = await api.request<{ scripts: ScriptSummary[] }>(
        "GET",
        `/scripts${queueId ? `?queue_id=${queueId}` : ""}`,
      );
      // The queue's own scripts come first, then those for every queue.
      this.scripts = body.scripts;
      this.selected = body.scripts[0]?.id ?? null;
      if (this.selected) await this.renderScript(this.selected);
      else this.text = null;
    } catch (error) {
      console.warn("ui/script: could not load scripts", error);
    }
  }

  private async renderScript(id: number): Promise<void> {
    const api = this.api;
    if (!api) return;
    try {
      const body = await api.request<{ text: string; missing: string[] }>(
        "GET",
        `/scripts/${id}/render${scriptRenderQuery(this.view, this.caseId)}`,
      );
      if (this.selected !== id) return;
      this.text = body.text;
      this.missing = body.missing ?? [];
    } catch (error) {
      console.warn("ui/script: could not render the script", error);
    }
  }

  private onPick(event: Event): void {
    this.selected = Number((event.target as HTMLSelectElement).value);
    void this.renderScript(this.selected);
  }
}

customElements.define("cc-call-script", CcCallScript);

declare global {
  interface HTMLElementTagNameMap {
    "cc-call-script": CcCallScript;
  }
}
