import { css, html, LitElement, nothing } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import type { EventsController } from "../common/events_controller.ts";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import "./admin_resource.ts";
import { mailboxesResource } from "./email_resources.ts";
import { type MailboxRow, MailboxStatusController } from "./mailbox_status_controller.ts";
import { dateTime } from "../common/dates.ts";

/**
 * The Mailboxes screen: the list and form of mailboxes, and under it each mailbox's
 * reading status (last read, last error) with a button that signs in to its IMAP and
 * SMTP servers without reading or sending anything.
 */
export class CcMailboxesPanel extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .status {
        margin-top: 1rem;
      }
      .status li {
        display: grid;
        gap: 0.25rem;
        padding: 0.5rem 0;
        border-bottom: 1px solid var(--cc-border);
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
      }
      .bad {
        color: var(--cc-danger-text, #a01c1c);
        overflow-wrap: anywhere;
      }
      .good {
        color: var(--cc-success-text, #17663a);
      }
      ul {
        list-style: none;
        padding: 0;
        margin: 0;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    events: { attribute: false },
  };

  declare api: ApiClient | null;
  declare events: EventsController | null;

  i18n = new I18nController(this);
  status = new MailboxStatusController(
    this,
    <T>(method: string, path: string, body?: unknown) => this.api!.request<T>(method, path, body),
  );

  constructor() {
    super();
    this.api = null;
    this.events = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.api) void this.status.load();
  }

  override render() {
    return html`
      <cc-admin-resource
        .api=${this.api}
        .resource=${mailboxesResource}
        .events=${this.events}
        @admin-changed=${() => void this.status.load()}
      ></cc-admin-resource>
      <section class="card status" data-testid="mailbox-status">
        <div class="card-body">
          <h2>${t("admin.mailboxes.status")}</h2>
          ${this.status.mailboxes.length === 0
            ? html`<p class="muted">${t("admin.mailboxes.none")}</p>`
            : html`<ul>${this.status.mailboxes.map((m) => this.renderMailbox(m))}</ul>`}
        </div>
      </section>
    `;
  }

  private renderMailbox(m: MailboxRow) {
    const test = this.status.tests.get(m.id);
    return html`
      <li data-testid="mailbox-${m.id}">
        <div class="row">
          <strong>${m.name}</strong><span>${m.address}</span>
          <span>${m.last_fetch_at
            ? t("admin.mailboxes.lastFetch", { when: dateTime(m.last_fetch_at) })
            : t("admin.mailboxes.neverFetched")}</span>
          <button class="button small" type="button" ?disabled=${test === "testing"}
            @click=${() => void this.status.test(m.id)}>${test === "testing"
              ? t("admin.mailboxes.testing")
              : t("admin.mailboxes.test")}</button>
        </div>
        ${m.failures > 0 && m.last_error
          ? html`<div class="bad" role="alert">${
            t("admin.mailboxes.lastError", {
              when: m.last_error_at ? dateTime(m.last_error_at) : "",
              error: m.last_error,
            })
          }</div>`
          : nothing}
        ${test && test !== "testing" ? this.renderTest(test) : nothing}
      </li>
    `;
  }

  private renderTest(
    test: Exclude<ReturnType<typeof this.status.tests.get>, undefined | "testing">,
  ) {
    if ("error" in test) return html`<div class="bad" role="alert">${test.error}</div>`;
    return html`
      <div class="row" role="status" data-testid="mailbox-test">
        ${test.imap.ok
          ? html`<span class="good">${t("admin.mailboxes.imapOk")}</span>`
          : html`<span class="bad">${
            t("admin.mailboxes.imapFailed", { error: test.imap.error })
          }</span>`}
        ${test.smtp.ok
          ? html`<span class="good">${t("admin.mailboxes.smtpOk")}</span>`
          : html`<span class="bad">${
            t("admin.mailboxes.smtpFailed", { error: test.smtp.error })
          }</span>`}
      </div>
    `;
  }
}

customElements.define("cc-mailboxes-panel", CcMailboxesPanel);

declare global {
  interface HTMLElementTagNameMap {
    "cc-mailboxes-panel": CcMailboxesPanel;
  }
}
