import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { type ApiClient, ApiError } from "../common/api_client.ts";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import type { EventsController } from "../common/events_controller.ts";
import { baseStyles } from "../common/styles.ts";
import { deskStyles } from "./desk_styles.ts";
import "./email_thread.ts";
import "./sms_thread.ts";
import {
  attachmentProblem,
  type CaseDetail,
  type CaseStatus,
  type EscalationTeam,
  formatSpan,
  previewable,
  slaClock,
  TiersApi,
} from "./tiers_api.ts";
import { dateTime } from "../common/dates.ts";

/**
 * The case page at `/agent/cases/:id`: the workflow's allowed moves as buttons, the SLA
 * clock coloured, escalation to tier 2 with a required handover note and sending back
 * with a resolution note, notes, attachments (drop or choose; images and PDFs
 * previewed), the history of every change and merging a duplicate. A save from a stale
 * copy is refused with who changed the case, and the page offers to reload.
 *
 * @fires navigate - `detail.path` is a page to open (the customer's).
 * @fires call-number - `detail` is the customer's first number, their id and this case's.
 */
export class CcCasePage extends LitElement {
  static override styles = [
    baseStyles,
    deskStyles,
    css`
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 1.4fr) minmax(0, 1fr);
        gap: 0.75rem;
      }
      @media (max-width: 1000px) {
        .layout {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      .stack {
        display: grid;
        gap: 0.75rem;
        align-content: start;
      }
      .sla {
        display: inline-flex;
        align-items: center;
        gap: 0.375rem;
        padding: 0.25rem 0.625rem;
        border-radius: 999px;
        font-weight: 650;
        font-variant-numeric: tabular-nums;
      }
      .sla .dot {
        width: 0.5rem;
        height: 0.5rem;
        border-radius: 50%;
        background: currentColor;
      }
      .sla[data-tone="ok"] {
        background: var(--cc-success-soft, #e7f6ec);
        color: var(--cc-success-text, #17663a);
      }
      .sla[data-tone="warning"] {
        background: var(--cc-warning-soft, #fff4d6);
        color: var(--cc-warning-text, #8a5a00);
      }
      .sla[data-tone="breached"] {
        background: var(--cc-danger-soft, #fde8e8);
        color: var(--cc-danger-text, #a01c1c);
      }
      .sla[data-tone="paused"],
      .sla[data-tone="done"],
      .sla[data-tone="none"] {
        background: var(--cc-surface-muted);
        color: var(--cc-text-muted);
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.25rem 0.75rem;
        margin: 0 0 0.5rem;
      }
      dt {
        color: var(--cc-text-muted);
      }
      dd {
        margin: 0;
      }
      ul.list {
        display: grid;
        gap: 0.375rem;
        margin: 0;
        padding: 0;
        list-style: none;
        max-height: 14rem;
        overflow-y: auto;
      }
      ul.list li {
        padding: 0.375rem 0.5rem;
        border-radius: var(--cc-radius);
        background: var(--cc-surface-muted);
        white-space: pre-line;
      }
      .by {
        display: block;
        color: var(--cc-text-subtle);
        font-size: 0.6875rem;
      }
      .drop {
        display: grid;
        place-items: center;
        gap: 0.375rem;
        padding: 0.75rem;
        border: 2px dashed var(--cc-border-strong);
        border-radius: var(--cc-radius);
        color: var(--cc-text-muted);
      }
      .drop[data-over] {
        border-color: var(--cc-accent);
        background: var(--cc-accent-soft);
      }
      .preview img,
      .preview iframe {
        width: 100%;
        max-height: 18rem;
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius);
        object-fit: contain;
      }
      .preview iframe {
        height: 18rem;
      }
      h1 {
        margin: 0;
        font-size: 1.0625rem;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    events: { attribute: false },
    caseId: { type: Number },
    now: { attribute: false },
    detail: { state: true },
    teams: { state: true },
    busy: { state: true },
    message: { state: true },
    stale: { state: true },
    over: { state: true },
    preview: { state: true },
    previewUrl: { state: true },
  };

  declare api: ApiClient | null;
  /** The live-events connection: the customer's texts follow it. */
  declare events: EventsController | null;
  declare caseId: number;
  /** The clock the SLA is drawn against (ms); the desk ticks it. */
  declare now: number;
  declare private detail: CaseDetail | null;
  declare private teams: EscalationTeam[];
  declare private busy: boolean;
  declare private message: { kind: "ok" | "error"; text: string } | null;
  declare private stale: string | null;
  declare private over: boolean;
  declare private preview: number | null;
  /** A blob URL of the previewed PDF: the download answers "attachment", which a frame would save. */
  declare private previewUrl: string | null;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.api = null;
    this.events = null;
    this.caseId = 0;
    this.now = Date.now();
    this.detail = null;
    this.teams = [];
    this.busy = false;
    this.message = null;
    this.stale = null;
    this.over = false;
    this.preview = null;
    this.previewUrl = null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.previewUrl) URL.revokeObjectURL(this.previewUrl);
  }

  /** Shows or hides a preview; `pdfUrl` is fetched into a blob for the frame. */
  private async togglePreview(id: number, pdfUrl: string | null) {
    if (this.previewUrl) URL.revokeObjectURL(this.previewUrl);
    this.previewUrl = null;
    if (this.preview === id) {
      this.preview = null;
      return;
    }
    this.preview = id;
    if (!pdfUrl) return;
    try {
      const response = await fetch(pdfUrl, { credentials: "same-origin" });
      // Typed here, not by the stored type, so the frame only ever shows it as a PDF.
      const bytes = await response.arrayBuffer();
      if (response.ok) {
        this.previewUrl = URL.createObjectURL(new Blob([bytes], { type: "application/pdf" }));
      }
    } catch {
      // The file stays downloadable from its link.
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has("caseId") || changed.has("api")) && this.api && this.caseId) {
      this.detail = null;
      this.message = null;
      this.stale = null;
      void this.load();
      void new TiersApi(this.api).teams().then((r) => this.teams = r.teams, () => {});
    }
  }

  /** Reads the case again (after a change, or when someone else changed it). */
  async load(): Promise<void> {
    if (!this.api) return;
    try {
      this.detail = await new TiersApi(this.api).caseDetail(this.caseId);
      this.stale = null;
    } catch (error) {
      this.message = { kind: "error", text: messageOf(error) };
    }
  }

  override render() {
    const d = this.detail;
    if (!d) {
      return html`<p class="muted" data-testid="case-loading">${
        this.message?.text ?? t("tiers.loading")
      }</p>`;
    }
    const k = d.case;
    return html`
      <div class="row" style="margin-bottom:0.75rem">
        <h1 data-testid="case-page-title">${t("tiers.case.title", { id: k.id })} · ${k.subject}</h1>
        <span class="grow"></span>
        <span class="chip" data-testid="case-status" data-status=${k.status}>${t(
          `tiers.status.${k.status}` as MessageKey,
        )}</span>
        <span class="chip accent" data-testid="case-tier">${t("tiers.case.tier", {
          tier: k.tier,
        })}</span>
        ${this.renderSla()}
      </div>
      ${this.stale !== null
        ? html`
          <div class="alert warn" role="alert" data-testid="case-stale">
            <span>${t("tiers.case.stale", { who: this.stale })}</span>
            <button class="button small" type="button" @click=${() => void this.load()}>${t(
              "tiers.case.reload",
            )}</button>
          </div>
        `
        : nothing}
      ${this.message
        ? html`
          <div class="alert ${this.message.kind === "ok" ? "ok" : ""}" role="status"
            data-testid="case-message">${this.message.text}</div>
        `
        : nothing}
      <div class="layout">
        <div class="stack">
          ${this.renderSummary(d)}
          <cc-email-thread .api=${this.api} .caseId=${k.id} .attachments=${d.attachments}>
          </cc-email-thread>
          ${this.renderMoves(d)}
          ${this.renderNotes(d)}
          <cc-sms-thread .api=${this.api} .events=${this.events} .customerId=${d.case
            .customer_id}></cc-sms-thread>
        </div>
        <div class="stack">
          ${this.renderAttachments(d)} ${this.renderHistory(d)} ${this.renderMerge()}
        </div>
      </div>
    `;
  }

  private renderSla() {
    const k = this.detail!.case;
    const clock = slaClock(k, this.now, this.detail!.sla?.pause_when_waiting);
    const text = clock.leftS === null
      ? t("tiers.case.noSla")
      : clock.tone === "breached"
      ? t("tiers.case.slaOver", { time: formatSpan(clock.leftS) })
      : clock.tone === "paused"
      ? t("tiers.case.slaPaused")
      : clock.tone === "warning"
      ? t("tiers.case.slaWarning", { time: formatSpan(clock.leftS) })
      : t("tiers.case.slaLeft", { time: formatSpan(clock.leftS) });
    return html`
      <span class="sla" data-testid="sla-clock" data-tone=${clock.tone}
        title=${k.due_at ? `${t("tiers.case.sla")}: ${dateTime(k.due_at)}` : ""}
      ><span class="dot" aria-hidden="true"></span>${text}</span>
    `;
  }

  private renderSummary(d: CaseDetail) {
    const k = d.case;
    return html`
      <section class="card">
        <div class="card-head">
          <h2>${t("tiers.case.customer")}</h2>
          <a href="/agent/customers/${k.customer_id}" data-testid="case-customer-link"
            @click=${(e: Event) => this.go(e, `/agent/customers/${k.customer_id}`)}>${k.customer ??
              `#${k.customer_id}`}</a>
          <button type="button" class="button small" data-testid="case-call-customer"
            ?disabled=${this.busy} @click=${() => void this.callCustomer(k.customer_id)}>${t(
              "tiers.case.callCustomer",
            )}</button>
        </div>
        <div class="card-body">
          <dl>
            <dt>${t("tiers.col.priority")}</dt><dd>${t(
              `tiers.priority.${k.priority}` as MessageKey,
            )}</dd>
            <dt>${t("tiers.case.assignee")}</dt><dd>${k.assignee ?? "—"}</dd>
            <dt>${t("tiers.case.team")}</dt><dd>${k.team ?? "—"}</dd>
            <dt>${t("tiers.case.sla")}</dt><dd>${k.due_at ? dateTime(k.due_at) : "—"}</dd>
          </dl>
          ${k.description ? html`<p style="white-space:pre-line">${k.description}</p>` : nothing}
        </div>
      </section>
    `;
  }

  private renderMoves(d: CaseDetail) {
    const k = d.case;
    const moves = d.allowed_moves.filter((m) => m !== "escalated");
    const canEscalate = d.allowed_moves.includes("escalated");
    const canSendBack = k.status === "escalated" && k.tier >= 2;
    return html`
      <section class="card">
        <div class="card-head">
          <h2>${t("tiers.case.moves")}</h2>
        </div>
        <div class="card-body">
          <div class="row" data-testid="case-moves">
            ${moves.length === 0 && !canEscalate
              ? html`<span class="muted">${t("tiers.case.noMoves")}</span>`
              : moves.map((m) =>
                html`
                  <button class="button small" type="button" data-move=${m}
                    ?disabled=${this.busy} @click=${() => void this.move(m)}>${t(
                      `tiers.move.${m}` as MessageKey,
                    )}</button>
                `
              )}
          </div>
          ${canEscalate ? this.renderEscalate(d) : nothing}
          ${canSendBack ? this.renderSendBack() : nothing}
        </div>
      </section>
    `;
  }

  private renderEscalate(d: CaseDetail) {
    return html`
      <form data-testid="escalate-form" @submit=${this.onEscalate} style="margin-top:0.75rem">
        <h3 style="margin:0 0 0.5rem;font-size:0.875rem">${t("tiers.case.escalate")}</h3>
        <div class="row">
          <div class="field grow">
            <label for="team">${t("tiers.case.escalateTeam")}</label>
            <select id="team" name="team" data-testid="escalate-team" @change=${() =>
              this.requestUpdate()}>
              ${this.teams.map((team) => html`<option value=${team.id}>${team.name}</option>`)}
            </select>
          </div>
          <div class="field grow">
            <label for="person">${t("tiers.case.escalatePerson")}</label>
            <select id="person" name="person" data-testid="escalate-person">
              <option value="">${t("tiers.case.anyone")}</option>
              ${this.selectedTeam()?.people.map((p) =>
                html`<option value=${p.id}>${p.name}</option>`
              )}
            </select>
          </div>
        </div>
        <div class="field">
          <label for="handover">${t("tiers.case.handover")}</label>
          <textarea id="handover" name="note" rows="3" required data-testid="escalate-note"
            placeholder=${t("tiers.case.handoverRequired")}></textarea>
        </div>
        <div class="row">
          <button class="button primary small" type="submit" data-testid="escalate-submit"
            ?disabled=${this.busy}>${t("tiers.case.escalateGo")}</button>
          ${d.attachments.length
            ? html`<span class="subtle">${
              t("tiers.case.escalateCarried", { count: d.attachments.length })
            }</span>`
            : nothing}
        </div>
      </form>
    `;
  }

  private renderSendBack() {
    return html`
      <form data-testid="send-back-form" @submit=${this.onSendBack} style="margin-top:0.75rem">
        <h3 style="margin:0 0 0.5rem;font-size:0.875rem">${t("tiers.case.sendBack")}</h3>
        <div class="field">
          <label for="resolution">${t("tiers.case.resolution")}</label>
          <textarea id="resolution" name="note" rows="3" required data-testid="send-back-note"
          ></textarea>
        </div>
        <button class="button success small" type="submit" data-testid="send-back-submit"
          ?disabled=${this.busy}>${t("tiers.case.sendBackGo")}</button>
      </form>
    `;
  }

  private renderNotes(d: CaseDetail) {
    return html`
      <section class="card">
        <div class="card-head">
          <h2>${t("tiers.case.notes")}</h2>
        </div>
        <div class="card-body">
          <ul class="list" data-testid="case-notes">
            ${d.notes.map((n) =>
              html`<li><span class="by">${n.author ?? "—"} · ${
                dateTime(n.created_at)
              }</span>${n.body}</li>`
            )}
          </ul>
          <form @submit=${this.onNote} style="margin-top:0.5rem">
            <div class="field">
              <label for="note">${t("tiers.case.addNote")}</label>
              <textarea id="note" name="body" rows="2" required data-testid="note-body"></textarea>
            </div>
            <button class="button small" type="submit" ?disabled=${this.busy}>${t(
              "tiers.case.noteGo",
            )}</button>
          </form>
        </div>
      </section>
    `;
  }

  private renderAttachments(d: CaseDetail) {
    const shown = d.attachments.find((a) => a.id === this.preview);
    const url = (id: number) => `/api/v1/cases/${d.case.id}/attachments/${id}`;
    return html`
      <section class="card">
        <div class="card-head">
          <h2>${t("tiers.case.attachments")}</h2>
        </div>
        <div class="card-body">
          <ul class="list" data-testid="case-attachments">
            ${d.attachments.map((a) =>
              html`<li class="row">
                <a class="grow" href=${url(a.id)} download=${a.file_name}>${a.file_name}</a>
                <span class="subtle">${Math.ceil(a.size_bytes / 1024)} KB</span>
                ${
                previewable(a.content_type)
                  ? html`
                    <button class="button small" type="button" data-testid="preview-${a.id}"
                      @click=${() =>
                        void this.togglePreview(
                          a.id,
                          previewable(a.content_type) === "pdf" ? url(a.id) : null,
                        )}>${t(
                          "tiers.case.preview",
                        )}</button>
                  `
                  : nothing
              }
              </li>`
            )}
          </ul>
          ${shown
            ? html`<div class="preview" data-testid="attachment-preview">${
              previewable(shown.content_type) === "image"
                ? html`<img src=${url(shown.id)} alt=${shown.file_name}>`
                : html`<iframe src=${this.previewUrl ?? ""} title=${shown.file_name}></iframe>`
            }</div>`
            : nothing}
          <div class="drop" data-testid="attachment-drop" ?data-over=${this.over}
            @dragover=${(e: DragEvent) => {
              e.preventDefault();
              this.over = true;
            }}
            @dragleave=${() => this.over = false}
            @drop=${this.onDrop}>
            <span>${t("tiers.case.drop")}</span>
            <input type="file" multiple data-testid="attachment-input"
              aria-label=${t("tiers.case.choose")}
              accept="image/*,application/pdf,text/plain,text/csv,.doc,.docx,.xls,.xlsx"
              @change=${(e: Event) => {
                const input = e.target as HTMLInputElement;
                void this.upload([...input.files ?? []]);
                input.value = "";
              }}>
          </div>
        </div>
      </section>
    `;
  }

  private renderHistory(d: CaseDetail) {
    return html`
      <section class="card">
        <div class="card-head">
          <h2>${t("tiers.case.history")}</h2>
        </div>
        <div class="card-body">
          <ul class="list" data-testid="case-history">
            ${[...d.history].reverse().map((h) =>
              html`<li><span class="by">${dateTime(h.at)}</span>${
                t("tiers.case.historyRow", {
                  field: h.field,
                  from: h.old_value ?? "—",
                  to: h.new_value ?? "—",
                })
              }</li>`
            )}
          </ul>
        </div>
      </section>
    `;
  }

  private renderMerge() {
    return html`
      <section class="card">
        <div class="card-head">
          <h2>${t("tiers.case.merge")}</h2>
        </div>
        <form class="card-body row" @submit=${this.onMerge}>
          <input class="grow" type="text" inputmode="numeric" name="duplicate" required
            aria-label=${t("tiers.case.mergeId")} placeholder=${t("tiers.case.mergeId")}>
          <button class="button small" type="submit" ?disabled=${this.busy}>${t(
            "tiers.case.mergeGo",
          )}</button>
        </form>
      </section>
    `;
  }

  private selectedTeam(): EscalationTeam | undefined {
    const select = this.renderRoot?.querySelector<HTMLSelectElement>("#team");
    const id = Number(select?.value ?? this.teams[0]?.id);
    return this.teams.find((team) => team.id === id) ?? this.teams[0];
  }

  private async act(run: (api: TiersApi) => Promise<unknown>, ok?: string): Promise<boolean> {
    if (!this.api || this.busy) return false;
    this.busy = true;
    this.message = null;
    try {
      await run(new TiersApi(this.api));
      if (ok) this.message = { kind: "ok", text: ok };
      await this.load();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.code === "changed_meanwhile") {
        const details = error.details as { changed_by?: string | null } | null;
        this.stale = details?.changed_by ?? "—";
      } else {
        this.message = {
          kind: "error",
          text: t("tiers.case.refused", { message: messageOf(error) }),
        };
      }
      return false;
    } finally {
      this.busy = false;
    }
  }

  private move(to: CaseStatus) {
    const k = this.detail!.case;
    return this.act((api) => api.transition(k, to));
  }

  private async onEscalate(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const note = String(data.get("note") ?? "").trim();
    if (!note) return;
    const person = String(data.get("person") ?? "");
    const team = Number(data.get("team") ?? 0) || null;
    const k = this.detail!.case;
    if (
      await this.act((api) =>
        api.escalate(k, {
          note,
          team_id: team,
          ...(person ? { assignee_id: Number(person) } : {}),
        })
      )
    ) form.reset();
  }

  private async onSendBack(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const note = String(new FormData(form).get("note") ?? "").trim();
    if (!note) return;
    const k = this.detail!.case;
    if (await this.act((api) => api.sendBack(k, note))) form.reset();
  }

  private async onNote(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const body = String(new FormData(form).get("body") ?? "").trim();
    if (!body) return;
    if (await this.act((api) => api.addNote(this.caseId, body))) form.reset();
  }

  private async onMerge(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const id = Number(String(new FormData(form).get("duplicate") ?? "").replace("#", ""));
    if (!Number.isInteger(id) || id <= 0) return;
    if (await this.act((api) => api.merge(this.caseId, id))) form.reset();
  }

  private onDrop(event: DragEvent) {
    event.preventDefault();
    this.over = false;
    void this.upload([...event.dataTransfer?.files ?? []]);
  }

  /** Refuses files over the limit or of a refused type before any byte is sent. */
  private async upload(files: File[]) {
    for (const file of files) {
      const problem = attachmentProblem(file);
      if (problem) {
        this.message = {
          kind: "error",
          text: t(problem === "size" ? "tiers.case.tooBig" : "tiers.case.badType", {
            name: file.name,
          }),
        };
        continue;
      }
      await this.act(
        (api) => api.attach(this.caseId, file),
        t("tiers.case.uploaded", { name: file.name }),
      );
    }
  }

  /** Tier 2 calls the customer back from the case: their first number, agent first. */
  private async callCustomer(customerId: number) {
    let number: string | undefined;
    await this.act(async (api) => {
      number = (await api.customerPage(customerId)).customer.phones[0]?.e164;
    });
    if (!number) {
      this.message = { kind: "error", text: t("tiers.case.noNumber") };
      return;
    }
    this.dispatchEvent(
      new CustomEvent("call-number", {
        detail: { number, customerId, caseId: this.caseId },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private go(event: Event, path: string) {
    event.preventDefault();
    this.dispatchEvent(
      new CustomEvent("navigate", { detail: { path }, bubbles: true, composed: true }),
    );
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

customElements.define("cc-case-page", CcCasePage);

declare global {
  interface HTMLElementTagNameMap {
    "cc-case-page": CcCasePage;
  }
}
