import { css, html, LitElement, nothing } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import "./campaign_board.ts";
import "./campaign_editor.ts";
import { type CampaignDraft, CampaignsController } from "./campaigns_controller.ts";

/**
 * The supervisor's campaigns: the list with each campaign's state and progress, the
 * editor of the one open, its start/pause/stop controls, its contact list loaded from a
 * CSV (with the lines refused) and its live board. Data lives in
 * {@link CampaignsController}.
 */
export class CcCampaignsPanel extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .layout {
        display: grid;
        grid-template-columns: minmax(12rem, 16rem) 1fr;
        gap: 1rem;
      }
      .list {
        list-style: none;
        margin: 0;
        padding: 0;
        display: flex;
        flex-direction: column;
        gap: 0.25rem;
      }
      .list button {
        width: 100%;
        text-align: left;
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius);
        background: var(--cc-surface);
        padding: 0.4rem 0.55rem;
        font: inherit;
        color: inherit;
        cursor: pointer;
      }
      .list button[aria-current="true"] {
        border-color: var(--cc-accent, #2563eb);
        box-shadow: inset 3px 0 0 var(--cc-accent, #2563eb);
      }
      .meta {
        display: block;
        font-size: 0.75rem;
        color: var(--cc-text-muted);
      }
      .state {
        font-size: 0.6875rem;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        padding: 0.05rem 0.35rem;
        border-radius: 999px;
        background: var(--cc-border);
      }
      .state[data-state="running"] {
        background: #dcfce7;
        color: #166534;
      }
      .controls {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        margin: 0.75rem 0;
      }
      h3 {
        font-size: 0.9375rem;
        margin: 1rem 0 0.5rem;
      }
      .hint,
      .rejected {
        font-size: 0.8125rem;
        color: var(--cc-text-muted);
      }
      .rejected {
        color: var(--cc-danger, #b91c1c);
        margin: 0.25rem 0;
        padding-left: 1rem;
      }
      .error {
        color: var(--cc-danger, #b91c1c);
      }
      @media (max-width: 900px) {
        .layout {
          grid-template-columns: 1fr;
        }
      }
    `,
  ];

  static override properties = { api: { attribute: false } };

  declare api: ApiClient | null;

  private readonly i18n = new I18nController(this);
  private data: CampaignsController | null = null;

  constructor() {
    super();
    this.api = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.api && !this.data) {
      const api = this.api;
      this.data = new CampaignsController(
        this,
        <T>(method: string, path: string, body?: unknown) => api.request<T>(method, path, body),
      );
      void this.data.load().then(() => this.data!.open(this.data!.campaigns[0]?.id ?? null));
    }
  }

  override render() {
    const data = this.data;
    if (!data) return nothing;
    const current = data.current;
    return html`
      ${data.error ? html`<p class="error" role="alert">${data.error}</p>` : nothing}
      <div class="layout">
        <nav aria-label=${t("campaigns.title")}>
          <ul class="list" data-testid="campaign-list">
            ${data.campaigns.length === 0
              ? html`<li class="hint">${t("campaigns.none")}</li>`
              : nothing} ${data.campaigns.map((c) =>
                html`<li><button type="button" aria-current=${c.id === data.selected}
                  @click=${() => void data.open(c.id)}>
                  <strong>${c.name}</strong>
                  <span class="state" data-state=${c.state}>${
                  t(`campaigns.state.${c.state}` as MessageKey)
                }</span>
                  <span class="meta">${
                  t("campaigns.progress", {
                    done: c.progress.done,
                    left: c.progress.pending,
                    total: c.progress.contacts,
                  })
                }</span>
                </button></li>`
              )}
            <li><button type="button" data-testid="campaign-new" aria-current=${data.selected ===
              null} @click=${() => void data.open(null)}>+ ${t("campaigns.new")}</button></li>
          </ul>
        </nav>
        <div>
          ${current ? this.renderControls(current.state) : nothing}
          ${current && data.board
            ? html`
              <h3>${t("board.title")}</h3>
              <cc-campaign-board .board=${data.board}></cc-campaign-board>
            `
            : nothing}
          <h3>${current ? current.name : t("campaigns.new")}</h3>
          <cc-campaign-editor
            .draft=${data.draft}
            .queues=${data.queues}
            .saving=${data.saving}
            .errors=${data.errors}
            @draft-change=${(e: CustomEvent<Partial<CampaignDraft>>) => data.edit(e.detail)}
            @draft-save=${() => void data.save()}
          ></cc-campaign-editor>
          ${current ? this.renderList() : nothing}
        </div>
      </div>
    `;
  }

  private renderControls(state: string) {
    const data = this.data!;
    return html`
      <div class="controls" data-testid="campaign-controls">
        ${state !== "running"
          ? html`
            <button class="button primary small" type="button" data-testid="campaign-start"
              @click=${() => void data.setState("running")}>${t("campaigns.start")}</button>
          `
          : html`
            <button class="button small" type="button"
              @click=${() => void data.setState("paused")}>${t("campaigns.pause")}</button>
          `}
        ${state === "running" || state === "paused"
          ? html`
            <button class="button small" type="button"
              @click=${() => void data.setState("stopped")}>${t("campaigns.stop")}</button>
            <span class="hint">${t("campaigns.stopHint")}</span>
          `
          : nothing}
      </div>
    `;
  }

  private renderList() {
    const imported = this.data!.imported;
    return html`
      <h3>${t("campaigns.list")}</h3>
      <label class="hint">${t("campaigns.importCsv")}
        <input type="file" accept=".csv,text/csv" data-testid="campaign-csv"
          @change=${this.onFile} />
      </label>
      ${imported
        ? html`<p role="status">${
          t("campaigns.imported", { added: imported.added, rejected: imported.rejected.length })
        }</p>
          ${
          imported.rejected.slice(0, 20).map((r) =>
            html`<p class="rejected">${t("campaigns.rejectedLine", r)}</p>`
          )
        }`
        : nothing}
    `;
  }

  private async onFile(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) await this.data!.importCsv(await file.text());
  }
}

customElements.define("cc-campaigns-panel", CcCampaignsPanel);

declare global {
  interface HTMLElementTagNameMap {
    "cc-campaigns-panel": CcCampaignsPanel;
  }
}
