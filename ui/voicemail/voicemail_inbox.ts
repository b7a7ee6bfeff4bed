import { css, html, LitElement, nothing } from "lit";
import type { ApiClient, User } from "../common/api_client.ts";
import type { EventsController } from "../common/events_controller.ts";
import { callLink } from "../common/call_link.ts";
import { I18nController, t } from "../common/i18n.ts";
import { icons } from "../common/icons.ts";
import { areaStyles, baseStyles, signedInAs } from "../common/styles.ts";
import {
  type Voicemail,
  VoicemailController,
  type VoicemailStatus,
} from "./voicemail_controller.ts";
import { dateTime } from "../common/dates.ts";

/**
 * The voicemail inbox: the messages of the boxes the user sees (filter by box and by
 * open or handled), and for the one selected a player, who has it, its case and
 * "mark handled". New messages appear as the hub announces them.
 */
export class CcVoicemailInbox extends LitElement {
  static override styles = [
    baseStyles,
    areaStyles,
    css`
      .filters {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: end;
        margin-bottom: 0.875rem;
      }
      label {
        display: grid;
        gap: 0.25rem;
        font-size: 0.8125rem;
        color: var(--cc-text-muted);
      }
      .inbox {
        display: grid;
        grid-template-columns: minmax(0, 1.2fr) minmax(0, 1fr);
        gap: 0.875rem;
        align-items: start;
      }
      .panel {
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius-lg);
        background: var(--cc-surface);
        box-shadow: var(--cc-shadow);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li + li {
        border-top: 1px solid var(--cc-border);
      }
      .item {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 0.125rem 0.75rem;
        width: 100%;
        padding: 0.625rem 0.875rem;
        border: 0;
        background: none;
        font: inherit;
        text-align: left;
        color: inherit;
        cursor: pointer;
      }
      .item:hover,
      .item[aria-current="true"] {
        background: var(--cc-surface-muted);
      }
      .item:focus-visible {
        outline: 2px solid var(--cc-accent);
        outline-offset: -2px;
      }
      .who-called {
        font-weight: 600;
      }
      .meta {
        color: var(--cc-text-muted);
        font-size: 0.8125rem;
      }
      .tag {
        justify-self: end;
        padding: 0.0625rem 0.5rem;
        border-radius: 999px;
        background: var(--cc-surface-muted);
        font-size: 0.75rem;
      }
      .tag.new {
        background: var(--cc-accent);
        color: white;
      }
      .detail {
        display: grid;
        gap: 0.75rem;
        padding: 0.875rem;
      }
      .detail h2 {
        margin: 0;
        font-size: 1.0625rem;
      }
      audio {
        width: 100%;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: end;
      }
      .empty {
        padding: 1.25rem;
        color: var(--cc-text-muted);
      }
      .error {
        color: var(--cc-danger, #b91c1c);
      }
      /* A refused change, under the control it is about. */
      .row .error {
        flex-basis: 100%;
        margin: 0;
        font-size: 0.8125rem;
        font-weight: 500;
        color: var(--cc-danger-text, var(--cc-danger, #b91c1c));
      }
      select[aria-invalid="true"] {
        border-color: var(--cc-danger, #b91c1c);
      }
    `,
  ];

  static override properties = {
    user: { attribute: false },
    api: { attribute: false },
    events: { attribute: false },
  };

  declare user: User | null;
  declare api: ApiClient | null;
  declare events: EventsController | null;

  private readonly i18n = new I18nController(this);
  private readonly inbox = new VoicemailController(this, {
    request: (method, path, body) => this.api!.request(method, path, body),
  });
  #unsubscribe: (() => void) | null = null;

  constructor() {
    super();
    this.user = null;
    this.api = null;
    this.events = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#unsubscribe = this.events?.addListener((e) => this.inbox.handleEvent(e)) ?? null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  override render() {
    const inbox = this.inbox;
    return html`
      <div class="area-header">
        <div>
          <h1 data-testid="area-title" tabindex="-1" data-focus-target>${t("vm.title")}</h1>
          <p class="lead">${t("vm.lead")}</p>
        </div>
        ${signedInAs(this.user)}
      </div>
      <div class="filters">
        <label>${t("vm.box")}
          <select data-testid="vm-box" @change=${(e: Event) =>
            void inbox.filter((e.target as HTMLSelectElement).value || null, inbox.status)}>
            <option value="">${t("vm.allBoxes")}</option>
            ${inbox.boxes.map((b) =>
              html`<option value=${b.box} ?selected=${
                b.box === inbox.box
              }>${b.box} (${b.open})</option>`
            )}
          </select>
        </label>
        <label>${t("vm.show")}
          <select data-testid="vm-status" @change=${(e: Event) =>
            void inbox.filter(inbox.box, (e.target as HTMLSelectElement).value as VoicemailStatus)}>
            ${(["open", "handled", "all"] as const).map((s) =>
              html`<option value=${s} ?selected=${s === inbox.status}>${
                t(`vm.status.${s}`)
              }</option>`
            )}
          </select>
        </label>
        ${inbox.error ? html`<span class="error" role="alert">${inbox.error}</span>` : nothing}
      </div>
      <div class="inbox">
        <section class="panel" aria-label=${t("vm.listLabel")}>
          ${inbox.items.length === 0
            ? html`<p class="empty" data-testid="vm-empty">${
              inbox.loaded ? t("vm.empty") : "…"
            }</p>`
            : html`<ul data-testid="vm-list">${inbox.items.map((v) => this.renderItem(v))}</ul>`}
        </section>
        <section class="panel" aria-label=${t("vm.detailLabel")}>
          ${this.renderDetail(inbox.selected)}
        </section>
      </div>
    `;
  }

  private renderItem(v: Voicemail) {
    const selected = v.id === this.inbox.selectedId;
    return html`
      <li>
        <button class="item" type="button" data-testid="vm-item" data-id=${v.id}
          aria-current=${selected ? "true" : "false"} @click=${() => void this.inbox.select(v.id)}>
          <span class="who-called">${v.customer_name ?? v.caller}</span>
          <span class="tag ${v.status === "new" ? "new" : ""}">${t(`vm.state.${stateOf(v)}`)}</span>
          <span class="meta">${v.box} · ${seconds(v.duration_ms)} · ${when(v.created_at)}</span>
          <span class="meta">${v.assigned_name ?? ""}</span>
        </button>
      </li>
    `;
  }

  private renderDetail(v: Voicemail | null) {
    if (!v) return html`<p class="empty">${t("vm.pick")}</p>`;
    const inbox = this.inbox;
    const errors = inbox.errors;
    const mine = v.assigned_to === this.user?.id;
    return html`
      <div class="detail" data-testid="vm-detail" data-id=${v.id}>
        <h2>${v.customer_name ?? v.caller}</h2>
        <p class="meta">${v.caller} · ${v.box} · ${seconds(v.duration_ms)} · ${when(
          v.created_at,
        )}</p>
        ${v.has_audio
          ? html`
            <audio data-testid="vm-player" controls preload="metadata"
              src=${`/api/v1/voicemails/${v.id}/audio`}></audio>
          `
          : html`<p class="meta">${t("vm.noAudio")}</p>`}
        ${/^\+?\d{3,}$/.test(v.caller)
          ? html`
            <div class="row">
              <a class="button small" data-testid="vm-call" href=${callLink(
                v.caller,
                v.customer_id,
              )}
                title=${t("vm.callBackHint", { number: v.caller })}>${t("vm.callBack")}</a>
            </div>
          `
          : nothing}
        <div class="row">
          <span>${t("vm.assignedTo")}: <strong>${v.assigned_name ?? t("vm.nobody")}</strong></span>
          <button class="button small" type="button" data-testid="vm-take" ?disabled=${inbox.busy ||
            mine} aria-describedby=${errors.assigned_to ? "vm-assigned_to-error" : nothing}
            @click=${() => void inbox.change({ assigned_to: this.user?.id ?? null })}>
            ${t("vm.take")}
          </button>
          ${fieldError("assigned_to", errors.assigned_to)}
        </div>
        <div class="row">
          <label>${t("vm.case")}
            <select data-testid="vm-case" ?disabled=${inbox.busy || !v.customer_id}
              aria-invalid=${errors.case_id ? "true" : "false"}
              aria-describedby=${errors.case_id ? "vm-case_id-error" : nothing}
              @change=${(e: Event) => {
                const value = (e.target as HTMLSelectElement).value;
                void inbox.change({ case_id: value ? Number(value) : null });
              }}>
              <option value="">${t("vm.noCase")}</option>
              ${inbox.cases.map((c) =>
                html`<option value=${c.id} ?selected=${
                  c.id === v.case_id
                }>#${c.id} ${c.subject}</option>`
              )}
            </select>
          </label>
          ${v.case_id
            ? html`<span data-testid="vm-linked">#${v.case_id} ${v.case_subject ?? ""}</span>`
            : nothing}
          ${fieldError("case_id", errors.case_id)}
        </div>
        <div class="row">
          ${v.handled_at
            ? html`
              <span data-testid="vm-handled">${icons.info(16)} ${t("vm.handledAt", {
                when: when(v.handled_at),
              })}</span>
              <button class="button small" type="button" ?disabled=${inbox.busy}
                @click=${() => void inbox.change({ handled: false })}>${t("vm.reopen")}</button>
            `
            : html`
              <button class="button primary" type="button" data-testid="vm-handle" ?disabled=${inbox
                .busy}
                @click=${() => void inbox.change({ handled: true })}>${t("vm.markHandled")}</button>
            `}
        </div>
      </div>
    `;
  }
}

/**
 * A refused change under its control, which it describes. The change is made as the
 * control is used, with the focus staying on it, so the message is announced as it comes.
 */
function fieldError(field: string, error: string | undefined) {
  return error
    ? html`
      <p class="error" id="vm-${field}-error" role="alert"
        data-testid="error-${field}">${error}</p>
    `
    : nothing;
}

function stateOf(v: Voicemail): "new" | "heard" | "handled" {
  return v.handled_at ? "handled" : v.status === "new" ? "new" : "heard";
}

function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function when(iso: string): string {
  return dateTime(iso);
}

customElements.define("cc-voicemail-inbox", CcVoicemailInbox);

declare global {
  interface HTMLElementTagNameMap {
    "cc-voicemail-inbox": CcVoicemailInbox;
  }
}
