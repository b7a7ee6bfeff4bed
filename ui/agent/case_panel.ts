import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, t } from "../common/i18n.ts";
import { icons } from "../common/icons.ts";
import { baseStyles } from "../common/styles.ts";
import { deskStyles } from "./desk_styles.ts";
import { dateTime } from "../common/dates.ts";

/** A case as `GET /api/v1/cases/:id` returns it (the fields shown here). */
interface CaseRecord {
  id: number;
  subject: string;
  description: string;
  category: string;
  priority: string;
  status: string;
  updated_at: string;
}

interface CaseNote {
  id: number;
  author: string | null;
  body: string;
  created_at: string;
}

const PRIORITIES = ["low", "normal", "high", "urgent"] as const;

/**
 * The case being worked on during and after the call: edit an existing case
 * (subject, priority, notes) or open a new one for the caller.
 *
 * @fires case-selected - `detail.id` is the case just created (or null to clear the choice).
 */
export class CcCasePanel extends LitElement {
  static override styles = [
    baseStyles,
    deskStyles,
    css`
      .head {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 0.5rem;
        margin-bottom: 0.625rem;
      }
      .head strong {
        font-size: 0.9375rem;
      }
      .two {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 0.5rem;
      }
      .notes {
        display: grid;
        gap: 0.375rem;
        max-height: 9rem;
        overflow-y: auto;
        margin: 0.25rem 0 0.625rem;
      }
      .notes li {
        padding: 0.375rem 0.5rem;
        border-radius: var(--cc-radius);
        background: var(--cc-surface-muted);
        font-size: 0.8125rem;
        white-space: pre-line;
      }
      .notes .by {
        display: block;
        color: var(--cc-text-subtle);
        font-size: 0.6875rem;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    customerId: { type: Number },
    caseId: { type: Number },
    record: { state: true },
    notes: { state: true },
    mode: { state: true },
    busy: { state: true },
    message: { state: true },
  };

  /** The API client of the signed-in session. */
  declare api: ApiClient | null;
  /** The caller, once known; new cases are opened for them. */
  declare customerId: number | null;
  /** The case being worked on. */
  declare caseId: number | null;
  declare private record: CaseRecord | null;
  declare private notes: CaseNote[];
  declare private mode: "view" | "new";
  declare private busy: boolean;
  declare private message: { kind: "ok" | "error"; text: string } | null;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.api = null;
    this.customerId = null;
    this.caseId = null;
    this.record = null;
    this.notes = [];
    this.mode = "view";
    this.busy = false;
    this.message = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("caseId")) {
      this.record = null;
      this.notes = [];
      this.message = null;
      if (this.caseId) {
        this.mode = "view";
        void this.load(this.caseId);
      }
    }
    if (changed.has("customerId") && !this.customerId) this.mode = "view";
  }

  override render() {
    return html`<div class="card-body" data-testid="case-panel">${this.renderBody()}</div>`;
  }

  private renderBody() {
    if (!this.customerId) {
      return html`
        <div class="empty-note">
          <span class="art">${icons.note(22)}</span>
          <strong>${t("case.noCustomerTitle")}</strong>
          <span class="subtle">${t("case.noCustomerText")}</span>
        </div>
      `;
    }
    if (this.mode === "new" || !this.caseId) return this.renderNew();
    const record = this.record;
    if (!record) return html`<p class="muted" role="status">${t("app.loading")}</p>`;
    return html`
      <div class="head">
        <strong data-testid="case-title">#${record.id}</strong>
        <span class="chip accent">${record.status}</span>
        <span class="grow"></span>
        <a class="button small" data-testid="case-open-page" href="/agent/cases/${record.id}"
          @click=${(e: Event) => this.openPage(e, record.id)}>${t("tiers.case.openPage")}</a>
        <button class="button small" type="button" data-testid="case-new" @click=${() =>
          this.mode = "new"}>
          ${icons.plus(14)}${t("case.new")}
        </button>
      </div>
      <form @submit=${this.onSave}>
        <div class="field">
          <label for="subject">${t("case.subject")}</label>
          <input id="subject" name="subject" type="text" required .value=${record.subject} />
        </div>
        <div class="two">
          <div class="field">
            <label for="priority">${t("case.priority")}</label>
            <select id="priority" name="priority">
              ${PRIORITIES.map((p) =>
                html`<option value=${p} ?selected=${p === record.priority}>${
                  t(
                    `case.priority.${p}`,
                  )
                }</option>`
              )}
            </select>
          </div>
          <div class="field">
            <label for="category">${t("case.category")}</label>
            <input id="category" name="category" type="text" .value=${record.category} />
          </div>
        </div>
        <button class="button small" type="submit" ?disabled=${this.busy} data-testid="case-save">
          ${t("case.save")}
        </button>
      </form>
      <p class="label" style="margin: 0.75rem 0 0">${t("case.notes")}</p>
      ${this.notes.length
        ? html`<ul class="plain notes" data-testid="case-notes">${
          this.notes.map((n) =>
            html`<li>${n.body}<span class="by">${n.author ?? ""} · ${
              dateTime(n.created_at)
            }</span></li>`
          )
        }</ul>`
        : html`<p class="subtle">${t("case.noNotes")}</p>`}
      <form @submit=${this.onNote}>
        <div class="field">
          <label for="note" class="visually-hidden">${t("case.addNote")}</label>
          <textarea id="note" name="body" rows="2" data-testid="case-note-input"
            placeholder=${t("case.notePlaceholder")}></textarea>
        </div>
        <button class="button small primary" type="submit" ?disabled=${this.busy}
          data-testid="case-add-note">${t("case.addNote")}</button>
      </form>
      ${this.renderMessage()}
    `;
  }

  private renderNew() {
    return html`
      <form @submit=${this.onCreate} data-testid="case-new-form">
        <div class="head">
          <strong>${t("case.newTitle")}</strong>
          ${this.caseId
            ? html`<button class="button small" type="button" @click=${() => this.mode = "view"}>${
              t("common.cancel")
            }</button>`
            : nothing}
        </div>
        <div class="field">
          <label for="new-subject">${t("case.subject")}</label>
          <input id="new-subject" name="subject" type="text" required data-testid="case-subject" />
        </div>
        <div class="two">
          <div class="field">
            <label for="new-priority">${t("case.priority")}</label>
            <select id="new-priority" name="priority">
              ${PRIORITIES.map((p) =>
                html`<option value=${p} ?selected=${p === "normal"}>${
                  t(`case.priority.${p}`)
                }</option>`
              )}
            </select>
          </div>
          <div class="field">
            <label for="new-category">${t("case.category")}</label>
            <input id="new-category" name="category" type="text" />
          </div>
        </div>
        <div class="field">
          <label for="new-description">${t("case.description")}</label>
          <textarea id="new-description" name="description" rows="3"></textarea>
        </div>
        <button class="button small primary" type="submit" ?disabled=${this.busy}
          data-testid="case-create">${icons.plus(14)}${t("case.create")}</button>
        ${this.renderMessage()}
      </form>
    `;
  }

  private renderMessage() {
    if (!this.message) return nothing;
    return html`
      <div class="alert ${this.message.kind === "ok" ? "ok" : ""}" role="status"
        style="margin-top: 0.5rem">${this.message.text}</div>
    `;
  }

  private async load(id: number): Promise<void> {
    if (!this.api) return;
    try {
      const body = await this.api.request<{ case: CaseRecord; notes: CaseNote[] }>(
        "GET",
        `/cases/${id}`,
      );
      if (this.caseId !== id) return;
      this.record = body.case;
      this.notes = [...body.notes].reverse();
    } catch (error) {
      this.message = { kind: "error", text: (error as Error).message };
    }
  }

  private async run(work: () => Promise<void>, done: string): Promise<void> {
    this.busy = true;
    this.message = null;
    try {
      await work();
      this.message = { kind: "ok", text: done };
    } catch (error) {
      this.message = { kind: "error", text: (error as Error).message };
    } finally {
      this.busy = false;
    }
  }

  private onSave(event: SubmitEvent): void {
    event.preventDefault();
    const api = this.api;
    const id = this.caseId;
    if (!api || !id) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const change: Record<string, string> = {
      subject: String(data.get("subject") ?? "").trim(),
      priority: String(data.get("priority") ?? "normal"),
    };
    const category = String(data.get("category") ?? "").trim();
    if (category) change.category = category;
    void this.run(async () => {
      const body = await api.request<{ case: CaseRecord }>("PATCH", `/cases/${id}`, change);
      this.record = body.case;
    }, t("case.saved"));
  }

  private onNote(event: SubmitEvent): void {
    event.preventDefault();
    const api = this.api;
    const id = this.caseId;
    const form = event.currentTarget as HTMLFormElement;
    const text = String(new FormData(form).get("body") ?? "").trim();
    if (!api || !id || !text) return;
    void this.run(async () => {
      const body = await api.request<{ note: CaseNote }>("POST", `/cases/${id}/notes`, {
        body: text,
      });
      this.notes = [body.note, ...this.notes];
      form.reset();
    }, t("case.noteAdded"));
  }

  private onCreate(event: SubmitEvent): void {
    event.preventDefault();
    const api = this.api;
    const customerId = this.customerId;
    if (!api || !customerId) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const input: Record<string, unknown> = {
      customer_id: customerId,
      subject: String(data.get("subject") ?? "").trim(),
      priority: String(data.get("priority") ?? "normal"),
    };
    const category = String(data.get("category") ?? "").trim();
    const description = String(data.get("description") ?? "").trim();
    if (category) input.category = category;
    if (description) input.description = description;
    void this.run(async () => {
      const body = await api.request<{ case: CaseRecord }>("POST", "/cases", input);
      this.mode = "view";
      this.dispatchEvent(
        new CustomEvent("case-selected", {
          detail: { id: body.case.id },
          bubbles: true,
          composed: true,
        }),
      );
    }, t("case.created"));
  }

  /** The full case page (workflow, escalation, attachments), beside the softphone. */
  private openPage(event: Event, id: number): void {
    event.preventDefault();
    this.dispatchEvent(
      new CustomEvent("navigate", {
        detail: { path: `/agent/cases/${id}` },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

customElements.define("cc-case-panel", CcCasePanel);

declare global {
  interface HTMLElementTagNameMap {
    "cc-case-panel": CcCasePanel;
  }
}
