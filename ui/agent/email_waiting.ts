import { css, html, LitElement, nothing } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import { deskStyles } from "./desk_styles.ts";
import { EmailWaitingController } from "./email_waiting_controller.ts";
import { formatSpan } from "./tiers_api.ts";

/**
 * The e-mails waiting for a first reply, oldest first, with how long each has waited and
 * whether it is past its mailbox's service level; "Take" makes the case the agent's and
 * opens it. Hidden while nothing waits.
 *
 * @fires navigate - `detail.path` is the taken e-mail's case page.
 */
export class CcEmailWaiting extends LitElement {
  static override styles = [
    baseStyles,
    deskStyles,
    css`
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.25rem 0.75rem;
        padding: 0.375rem 0;
        border-bottom: 1px solid var(--cc-border);
      }
      .subject {
        font-weight: 600;
        flex: 1 1 12rem;
        overflow-wrap: anywhere;
      }
      .overdue {
        color: var(--cc-danger-text, #a01c1c);
        font-weight: 650;
      }
    `,
  ];

  static override properties = { api: { attribute: false } };

  declare api: ApiClient | null;

  i18n = new I18nController(this);
  list = new EmailWaitingController(
    this,
    <T>(method: string, path: string, body?: unknown) => this.api!.request<T>(method, path, body),
  );

  constructor() {
    super();
    this.api = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.api) void this.list.load();
  }

  override render() {
    const waiting = this.list.waiting;
    if (waiting.length === 0) return nothing;
    return html`
      <section class="card" data-testid="email-waiting">
        <div class="card-head">
          <h2>${t("email.waiting.title")}</h2>
        </div>
        <div class="card-body">
          <ul>
            ${waiting.map((w) =>
              html`
                <li data-testid="email-waiting-item">
                  <span class="subject">#${w.case_id} ${w.subject}</span>
                  <span class="subtle">${w.from}</span>
                  <span class=${w.overdue ? "overdue" : "subtle"}>${w.overdue
                    ? t("email.waiting.overdue")
                    : t("email.waiting.age", { age: formatSpan(w.age_s) })}</span>
                  <button class="button small" type="button" @click=${() => this.onTake(w.case_id)}>
                    ${t("email.waiting.take")}
                  </button>
                </li>
              `
            )}
          </ul>
        </div>
      </section>
    `;
  }

  private async onTake(caseId: number) {
    if (!await this.list.take(caseId)) return;
    this.dispatchEvent(
      new CustomEvent("navigate", {
        detail: { path: `/agent/cases/${caseId}` },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

customElements.define("cc-email-waiting", CcEmailWaiting);

declare global {
  interface HTMLElementTagNameMap {
    "cc-email-waiting": CcEmailWaiting;
  }
}
