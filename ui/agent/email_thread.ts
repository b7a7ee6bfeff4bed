import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import { deskStyles } from "./desk_styles.ts";
import { type CaseEmail, EmailThreadController } from "./email_thread_controller.ts";
import { dateTime } from "../common/dates.ts";

/**
 * The e-mails of a case, oldest first, and the reply box: a template (an agent script)
 * fills the text, `{{customer.name}}` and the other variables are filled in by the server
 * when it sends, and case attachments can go along. An e-mail's HTML, already sanitised
 * on arrival, is only ever shown in a frame sandboxed without scripts; the text is shown
 * by default.
 */
export class CcEmailThread extends LitElement {
  static override styles = [
    baseStyles,
    deskStyles,
    css`
      .mail {
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius);
        padding: 0.5rem 0.75rem;
        margin: 0 0 0.5rem;
      }
      .mail[data-direction="outbound"] {
        background: var(--cc-surface-muted);
      }
      .meta {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.75rem;
        font-size: 0.8125rem;
        color: var(--cc-text-muted);
      }
      .subject {
        font-weight: 650;
        margin: 0.25rem 0;
        overflow-wrap: anywhere;
      }
      pre {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        font-family: inherit;
        margin: 0.25rem 0 0;
        max-height: 16rem;
        overflow: auto;
      }
      iframe {
        width: 100%;
        height: 14rem;
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius);
        background: #fff;
      }
      textarea {
        width: 100%;
      }
      .attach {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 0.75rem;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    caseId: { type: Number },
    attachments: { attribute: false },
    formatted: { state: true },
  };

  declare api: ApiClient | null;
  declare caseId: number;
  /** The case's attachments, to name the ones on an e-mail and to send along. */
  declare attachments: { id: number; file_name: string }[];
  /** Ids of e-mails shown formatted (in the sandboxed frame). */
  declare formatted: Set<number>;

  i18n = new I18nController(this);
  thread = new EmailThreadController(
    this,
    <T>(method: string, path: string, body?: unknown) => this.api!.request<T>(method, path, body),
  );

  constructor() {
    super();
    this.api = null;
    this.caseId = 0;
    this.attachments = [];
    this.formatted = new Set();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has("caseId") || changed.has("api")) && this.api && this.caseId) {
      void this.thread.load(this.caseId);
    }
  }

  override render() {
    const { emails, error, sending, sent, templates } = this.thread;
    return html`
      <section class="card" data-testid="email-thread">
        <div class="card-head">
          <h2>${t("email.thread.title")}</h2>
        </div>
        <div class="card-body">
          ${emails.length === 0
            ? html`<p class="muted">${t("email.thread.empty")}</p>`
            : emails.map((m) => this.renderMail(m))}
          <form @submit=${this.onSend} data-testid="email-reply">
            <h3>${t("email.reply.title")}</h3>
            ${templates.length
              ? html`
                <div class="field">
                  <label for="template">${t("email.reply.template")}</label>
                  <select id="template" @change=${this.onTemplate}>
                    <option value="">${t("email.reply.noTemplate")}</option>
                    ${templates.map((s) => html`<option value=${s.id}>${s.name}</option>`)}
                  </select>
                </div>
              `
              : nothing}
            <div class="field">
              <label for="reply-body">${t("email.reply.body")}</label>
              <textarea id="reply-body" name="body" rows="5" required data-testid="email-reply-body"
              ></textarea>
              <p class="hint">${t("email.reply.bodyHint")}</p>
            </div>
            ${this.attachments.length
              ? html`
                <fieldset>
                  <legend>${t("email.reply.attach")}</legend>
                  <div class="attach">
                    ${this.attachments.map((a) =>
                      html`<label><input type="checkbox" name="attachment" value=${a.id} /> ${a.file_name}</label>`
                    )}
                  </div>
                </fieldset>
              `
              : nothing}
            <div class="row">
              <button class="button primary small" type="submit" ?disabled=${sending}
                data-testid="email-reply-send">${sending
                  ? t("email.reply.sending")
                  : t("email.reply.send")}</button>
              ${sent
                ? html`<span role="status" data-testid="email-reply-sent">${
                  t(
                    "email.reply.sent",
                  )
                }</span>`
                : nothing}
              ${error
                ? html`<span role="alert" class="alert">${
                  t("email.reply.failed", {
                    reason: error,
                  })
                }</span>`
                : nothing}
            </div>
          </form>
        </div>
      </section>
    `;
  }

  private renderMail(m: CaseEmail) {
    const names = m.attachment_ids
      .map((id) => this.attachments.find((a) => a.id === id)?.file_name)
      .filter(Boolean);
    const formatted = this.formatted.has(m.id) && m.html_body;
    return html`
      <article class="mail" data-direction=${m.direction} data-kind=${m.kind} data-testid="email">
        <div class="meta">
          <span class="chip">${t(`email.kind.${m.kind}` as MessageKey)}</span>
          <span>${m.direction === "inbound"
            ? t("email.thread.from", { from: m.from_address })
            : t("email.thread.to", { to: m.to_addresses })}</span>
          <span>${dateTime(m.created_at)}</span>
        </div>
        <div class="subject">${m.subject}</div>
        ${formatted
          // sandbox="" : no scripts, no same origin, no forms, no pop-ups, no navigation.
          ? html`
            <iframe sandbox="" referrerpolicy="no-referrer" title=${m.subject}
              .srcdoc=${m.html_body!}></iframe>
          `
          : html`<pre>${m.text_body}</pre>`}
        ${m.html_body
          ? html`<button class="button small" type="button" @click=${() => this.toggle(m.id)}>${
            formatted ? t("email.thread.showText") : t("email.thread.showHtml")
          }</button>`
          : nothing}
        ${names.length
          ? html`<div class="meta">${
            t("email.thread.attachments", { names: names.join(", ") })
          }</div>`
          : nothing}
      </article>
    `;
  }

  private toggle(id: number) {
    const next = new Set(this.formatted);
    if (!next.delete(id)) next.add(id);
    this.formatted = next;
  }

  private onTemplate(event: Event) {
    const id = Number((event.target as HTMLSelectElement).value);
    const template = this.thread.templates.find((s) => s.id === id);
    const body = this.renderRoot.querySelector<HTMLTextAreaElement>("#reply-body");
    if (template && body) body.value = template.body;
  }

  private async onSend(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const body = String(data.get("body") ?? "").trim();
    if (!body) return;
    const ids = data.getAll("attachment").map(Number);
    if (await this.thread.send(body, ids)) form.reset();
  }
}

customElements.define("cc-email-thread", CcEmailThread);

declare global {
  interface HTMLElementTagNameMap {
    "cc-email-thread": CcEmailThread;
  }
}
