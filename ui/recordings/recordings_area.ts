import { css, html, LitElement, nothing } from "lit";
import type { ApiClient, User } from "../common/api_client.ts";
import { I18nController, t } from "../common/i18n.ts";
import { areaStyles, baseStyles, signedInAs } from "../common/styles.ts";
import "./recording_player.ts";
import { type RecordingQuery, RecordingsController } from "./recordings_controller.ts";

/**
 * The recordings area: a search by period, agent, queue, caller, direction and length
 * (agents find their own calls only), the results newest first, and the chosen
 * recording in the two-lane player with its events.
 */
export class CcRecordingsArea extends LitElement {
  static override styles = [
    baseStyles,
    areaStyles,
    css`
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 0.75rem;
        align-items: end;
        margin-bottom: 0.875rem;
      }
      label {
        display: grid;
        gap: 0.25rem;
        font-size: 0.8125rem;
        color: var(--cc-text-muted);
      }
      input,
      select {
        font: inherit;
        max-width: 11rem;
      }
      .grid {
        display: grid;
        grid-template-columns: minmax(0, 0.9fr) minmax(0, 1.3fr);
        gap: 0.875rem;
        align-items: start;
      }
      .panel {
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius-lg);
        background: var(--cc-surface);
        box-shadow: var(--cc-shadow);
        padding: 0.75rem;
        min-width: 0;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: 0.8125rem;
      }
      th,
      td {
        padding: 0.375rem 0.375rem;
        text-align: left;
        border-bottom: 1px solid var(--cc-border);
      }
      tr[aria-selected="true"] td {
        background: var(--cc-surface-muted);
      }
      td button {
        border: 0;
        background: none;
        padding: 0;
        font: inherit;
        color: var(--cc-accent);
        cursor: pointer;
        text-decoration: underline;
      }
      h2 {
        margin: 0 0 0.5rem;
        font-size: 1rem;
      }
      .empty {
        color: var(--cc-text-muted);
      }
    `,
  ];

  static override properties = {
    user: { attribute: false },
    api: { attribute: false },
  };

  declare user: User | null;
  declare api: ApiClient | null;

  private readonly i18n = new I18nController(this);
  private readonly recordings = new RecordingsController(this, {
    request: (method, path, body) => this.api!.request(method, path, body),
  });

  constructor() {
    super();
    this.user = null;
    this.api = null;
  }

  override render() {
    const r = this.recordings;
    return html`
      <div class="area-header">
        <div>
          <h1 data-testid="area-title" tabindex="-1" data-focus-target>${t("rec.title")}</h1>
          <p class="lead">${t("rec.lead")}</p>
        </div>
        ${signedInAs(this.user)}
      </div>
      <form data-testid="rec-search" @submit=${this.onSearch}>
        <label>${t("rec.from")}<input type="date" name="from"></label>
        <label>${t("rec.to")}<input type="date" name="to"></label>
        ${r.agents.length
          ? html`<label>${t("rec.agent")}<select name="agent_id" data-testid="rec-agent">
            <option value="">${t("rec.any")}</option>
            ${r.agents.map((a) => html`<option value=${a.id}>${a.name}</option>`)}
          </select></label>`
          : nothing}
        ${r.queues.length
          ? html`<label>${t("rec.queue")}<select name="queue_id">
            <option value="">${t("rec.any")}</option>
            ${r.queues.map((q) => html`<option value=${q.id}>${q.name}</option>`)}
          </select></label>`
          : nothing}
        <label>${t("rec.caller")}<input name="caller" inputmode="tel" size="12"></label>
        <label>${t("rec.direction")}<select name="direction">
          <option value="">${t("rec.any")}</option>
          <option value="inbound">${t("rec.inbound")}</option>
          <option value="outbound">${t("rec.outbound")}</option>
        </select></label>
        <label>${t(
          "rec.minLength",
        )}<input name="min_duration_s" type="number" min="0" size="5"></label>
        <button class="button primary" type="submit" data-testid="rec-search-go" ?disabled=${r
          .searching}>
          ${t("rec.search")}
        </button>
      </form>
      ${r.error ? html`<p role="alert">${r.error}</p>` : nothing}
      <div class="grid">
        <section class="panel" aria-label=${t("rec.results")}>
          ${r.results.length === 0 ? html`<p class="empty">${t("rec.none")}</p>` : html`
            <table data-testid="rec-results">
              <thead>
                <tr>
                  <th>${t("rec.when")}</th>
                  <th>${t("rec.agent")}</th>
                  <th>${t("rec.caller")}</th>
                  <th>${t("rec.length")}</th>
                </tr>
              </thead>
              <tbody>${r.results.map((hit) =>
                html`
                  <tr data-testid="rec-row" data-id=${hit.id}
                    aria-selected=${r.selected?.id === hit.id ? "true" : "false"}>
                    <td><button type="button" @click=${() => void r.select(hit)}>
                                        ${new Date(hit.started_at).toLocaleString()}</button></td>
                    <td>${hit.agent_name ?? "—"}</td>
                    <td>${hit.customer_name ?? hit.caller ?? "—"}</td>
                    <td>${length(hit.duration_ms)}</td>
                  </tr>
                `
              )}</tbody>
            </table>
          `}
        </section>
        <section class="panel" aria-label=${t("rec.player")}>
          ${r.selected
            ? html`
              <h2>${r.selected.customer_name ?? r.selected.caller ??
                ""} · ${r.selected.agent_name ?? ""}
                · ${r.selected.queue_name ?? ""}</h2>
              <cc-recording-player data-testid="rec-player"
                .src=${`/api/v1/recordings/${r.selected.id}/audio`}
                .review=${r.review}></cc-recording-player>
            `
            : html`<p class="empty">${t("rec.pick")}</p>`}
        </section>
      </div>
    `;
  }

  private onSearch(e: SubmitEvent): void {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const query: RecordingQuery = {};
    for (
      const name of [
        "from",
        "to",
        "agent_id",
        "queue_id",
        "caller",
        "direction",
        "min_duration_s",
      ] as const
    ) {
      const value = form.get(name);
      if (typeof value === "string" && value) query[name] = value;
    }
    if (query.to) query.to = new Date(new Date(query.to).getTime() + 86_400_000).toISOString();
    void this.recordings.search(query);
  }
}

function length(ms: number | null): string {
  if (ms === null) return "—";
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

customElements.define("cc-recordings-area", CcRecordingsArea);

declare global {
  interface HTMLElementTagNameMap {
    "cc-recordings-area": CcRecordingsArea;
  }
}
