import { css, html, LitElement, nothing } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import { deskStyles, deskTableStyles } from "./desk_styles.ts";
import { type Task, TaskListController } from "./task_list_controller.ts";

const KINDS = new Set(["follow_up", "birthday", "renewal", "win_back"]);

/**
 * The agent's task list (`GET /tasks`): follow-ups and care-list entries due within a
 * week, each with its customer, why, when, how often it was tried, a button that calls
 * the customer through the desk's click-to-call and one that marks it done.
 *
 * @fires call-number - `detail` is the task's number, customer, case and the task itself.
 * @fires navigate - `detail.path` is the customer page chosen.
 */
export class CcTaskList extends LitElement {
  static override styles = [
    baseStyles,
    deskStyles,
    deskTableStyles,
    css`
      td.due[data-late] {
        color: var(--cc-danger-text, #a01c1c);
        font-weight: 650;
      }
      td.actions {
        white-space: nowrap;
        text-align: right;
      }
      .note {
        color: var(--cc-text-muted);
        font-size: 0.8125rem;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    now: { attribute: false },
  };

  declare api: ApiClient | null;
  declare now: number;

  private readonly i18n = new I18nController(this);
  private data: TaskListController | undefined;
  #reload: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.api = null;
    this.now = Date.now();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#reload);
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("api") && this.api) {
      const api = this.api;
      this.data ??= new TaskListController(
        this,
        (method, path, body) => api.request(method, path, body),
      );
      void this.data.load();
    }
  }

  override render() {
    const data = this.data;
    if (!data) return nothing;
    if (data.tasks.length === 0) {
      return html`${this.renderError()}<p class="muted" data-testid="tasks-empty">${
        data.loading ? t("tiers.loading") : t("outbound5.tasks.none")
      }</p>`;
    }
    return html`
      ${this.renderError()}
      <table data-testid="task-list">
        <thead>
          <tr>
            <th scope="col">${t("outbound5.tasks.customer")}</th>
            <th scope="col">${t("outbound5.tasks.kind")}</th>
            <th scope="col">${t("outbound5.tasks.due")}</th>
            <th scope="col">${t("outbound5.tasks.tried")}</th>
            <th scope="col"><span class="visually-hidden">${t(
              "outbound5.tasks.actions",
            )}</span></th>
          </tr>
        </thead>
        <tbody>${data.tasks.map((task) => this.renderTask(task))}</tbody>
      </table>
    `;
  }

  private renderError() {
    return this.data?.error ? html`<p class="alert" role="alert">${this.data.error}</p>` : nothing;
  }

  private renderTask(task: Task) {
    const due = Date.parse(task.due_at);
    const call = this.data!.callFor(task);
    const tried = task.attempts ?? 0;
    return html`
      <tr data-testid="task-${task.id}">
        <td>
          <a href="/agent/customers/${task.customer_id}" @click=${(e: Event) =>
            this.go(e, `/agent/customers/${task.customer_id}`)}>${task.customer_name}</a>
          <div class="note">${task.phone ?? t("outbound5.tasks.noPhone")}</div>
          ${task.note ? html`<div class="note">${task.note}</div>` : nothing}
        </td>
        <td>${KINDS.has(task.kind)
          ? t(`outbound5.tasks.kind.${task.kind}` as MessageKey)
          : task.kind}</td>
        <td class="due" ?data-late=${due < this.now}>${new Date(due).toLocaleDateString(
          this.i18n.language,
        )}</td>
        <td data-testid="task-tried-${task.id}">${tried === 0
          ? t("outbound5.tasks.notTried")
          : t("outbound5.tasks.triedTimes", {
            n: tried,
            when: task.last_attempt_at
              ? new Date(task.last_attempt_at).toLocaleTimeString(this.i18n.language, {
                hour: "2-digit",
                minute: "2-digit",
              })
              : "",
          })}</td>
        <td class="actions">
          <button class="button small primary" type="button" data-testid="task-call-${task.id}"
            ?disabled=${call === null}
            title=${call ? t("outbound5.tasks.callHint", { number: call.number }) : nothing}
            @click=${() => this.call(task)}>${t("outbound5.tasks.call")}</button>
          <button class="button small" type="button" data-testid="task-done-${task.id}"
            @click=${() => void this.data!.done(task)}>${t("outbound5.tasks.done")}</button>
        </td>
      </tr>
    `;
  }

  /** The desk places the call, agent first, as from a customer or a case. */
  private call(task: Task): void {
    const call = this.data!.callFor(task);
    if (!call) return;
    this.dispatchEvent(
      new CustomEvent("call-number", {
        detail: {
          number: call.number,
          customerId: call.customerId,
          caseId: call.caseId,
          followUpId: call.followUpId,
        },
        bubbles: true,
        composed: true,
      }),
    );
    // The attempt is counted once the call is placed: show it in a moment.
    clearTimeout(this.#reload);
    this.#reload = setTimeout(() => void this.data?.load(), 1500);
  }

  private go(event: Event, path: string): void {
    event.preventDefault();
    this.dispatchEvent(
      new CustomEvent("navigate", { detail: { path }, bubbles: true, composed: true }),
    );
  }
}

customElements.define("cc-task-list", CcTaskList);

declare global {
  interface HTMLElementTagNameMap {
    "cc-task-list": CcTaskList;
  }
}
