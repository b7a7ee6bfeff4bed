import { css, html, LitElement } from "lit";
import { formatClock } from "../agent/agent_state_rules.ts";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import type { QueueFigures, WaitingCall } from "./supervision_controller.ts";

/**
 * Every caller waiting: queue, caller and wait; the supervisor can move a
 * caller to another queue or put them first.
 *
 * @fires move-call - `{ callId, queueId }`
 * @fires raise-priority - `{ callId }`
 * @fires send-to-callback - `{ callId }` the caller is to be called back instead
 * @fires send-to-voicemail - `{ callId }` the caller is to leave a message in the queue's box
 */
export class CcWaitingCalls extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: 0.875rem;
      }
      th,
      td {
        padding: 0.375rem 0.5rem;
        border-bottom: 1px solid var(--cc-border);
        text-align: left;
      }
      th {
        color: var(--cc-text-muted);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
      }
      select,
      button {
        min-height: 2rem;
        padding: 0.25rem 0.5rem;
        border: 1px solid var(--cc-border-strong);
        border-radius: var(--cc-radius);
        background: var(--cc-surface);
        color: var(--cc-text);
        font: inherit;
      }
    `,
  ];

  static override properties = {
    calls: { attribute: false },
    queues: { attribute: false },
    now: { state: true },
  };

  declare calls: readonly WaitingCall[];
  declare queues: readonly QueueFigures[];
  declare private now: number;

  private readonly i18n = new I18nController(this);
  #tick: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.calls = [];
    this.queues = [];
    this.now = Date.now();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#tick = setInterval(() => this.now = Date.now(), 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#tick);
  }

  override render() {
    if (this.calls.length === 0) return html`<p>${t("supervisor.noneWaiting")}</p>`;
    const name = (id: number | null) => this.queues.find((q) => q.queue_id === id)?.name ?? "—";
    return html`
      <table data-testid="waiting-calls">
        <thead>
          <tr>
            <th scope="col">${t("supervisor.col.queue")}</th>
            <th scope="col">${t("supervisor.col.caller")}</th>
            <th scope="col">${t("supervisor.col.wait")}</th>
            <th scope="col">${t("supervisor.col.move")}</th>
            <th scope="col"><span class="visually-hidden">${t(
              "supervisor.raisePriority",
            )}</span></th>
          </tr>
        </thead>
        <tbody>
          ${this.calls.map((c) =>
            html`
              <tr data-testid="waiting-call">
                <td>${name(c.queue_id)}</td>
                <td>${c.caller ?? "—"}</td>
                <td>${formatClock(
                  Math.max(0, Math.round((this.now - Date.parse(c.started_at)) / 1000)),
                )}</td>
                <td>
                  <div class="actions">
                    <select id=${`move-${c.id}`} aria-label=${t("supervisor.moveTo")}>
                      <option value="">…</option>
                      ${this.queues.filter((q) => q.queue_id !== c.queue_id).map((q) =>
                        html`<option value=${q.queue_id}>${q.name}</option>`
                      )}
                    </select>
                    <button
                      type="button"
                      data-testid="move-call"
                      aria-label=${t("supervision.moveCallOf", { caller: c.caller ?? "—" })}
                      @click=${() => this.onMove(c)}
                    >${t("supervision.move")}</button>
                  </div>
                </td>
                <td>
                  <button type="button" @click=${() =>
                    this.dispatch("raise-priority", { callId: c.id })}>${t(
                      "supervisor.raisePriority",
                    )}</button>
                  <button type="button" data-testid="send-to-callback" @click=${() =>
                    this.dispatch("send-to-callback", { callId: c.id })}>${t(
                      "supervisor.sendToCallback",
                    )}</button>
                  <button
                    type="button"
                    data-testid="send-to-voicemail"
                    title=${t("supervision.sendToVoicemailHint")}
                    @click=${() => this.dispatch("send-to-voicemail", { callId: c.id })}
                  >${t("supervision.sendToVoicemail")}</button>
                </td>
              </tr>
            `
          )}
        </tbody>
      </table>
    `;
  }

  private onMove(call: WaitingCall): void {
    const select = this.renderRoot.querySelector<HTMLSelectElement>(`#move-${call.id}`);
    if (!select) return;
    const queueId = Number(select.value);
    select.value = "";
    if (queueId) this.dispatch("move-call", { callId: call.id, queueId });
  }

  private dispatch(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

customElements.define("cc-waiting-calls", CcWaitingCalls);

declare global {
  interface HTMLElementTagNameMap {
    "cc-waiting-calls": CcWaitingCalls;
  }
}
