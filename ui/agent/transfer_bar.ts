import { css, html, LitElement, nothing } from "lit";
import { I18nController, t } from "../common/i18n.ts";
import { icons } from "../common/icons.ts";
import { baseStyles } from "../common/styles.ts";

/** A transfer the agent started and has not finished. */
export interface TransferInProgress {
  callId: string;
  /** Who it goes to, as the server named them. */
  target: string;
  mode: "consult" | "blind" | "conference";
  /** The target's phone rings, or they are on the line with the agent. */
  state: "ringing" | "answered";
}

/** What the agent can do with a transfer in progress. */
export type TransferAction = "complete" | "merge" | "cancel";

/**
 * The strip shown while a consulted transfer or conference is under way: who is being
 * consulted and whether they answered, with "complete transfer", "conference" and "back
 * to the caller". The caller hears music meanwhile.
 *
 * @fires transfer-action - `detail.action` is one of {@linkcode TransferAction}.
 */
export class CcTransferBar extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 0.75rem;
        padding: 0.625rem 0.875rem;
        border: 1px solid var(--cc-accent);
        border-radius: var(--cc-radius-lg);
        background: var(--cc-accent-soft, var(--cc-surface-muted));
      }
      .what {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        flex: 1 1 14rem;
        font-weight: 600;
      }
      .state {
        color: var(--cc-text-muted);
        font-weight: 400;
      }
      .actions {
        display: flex;
        gap: 0.5rem;
      }
    `,
  ];

  static override properties = {
    transfer: { attribute: false },
    busy: { type: Boolean },
  };

  /** The transfer to show; nothing is rendered without one. */
  declare transfer: TransferInProgress | null;
  /** A request is on its way: the buttons wait. */
  declare busy: boolean;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.transfer = null;
    this.busy = false;
  }

  override render() {
    const transfer = this.transfer;
    if (!transfer) return nothing;
    const answered = transfer.state === "answered";
    return html`
      <div class="bar" role="status" data-testid="transfer-bar" data-state=${transfer.state}>
        <span class="what">
          ${icons.transfer(18)}
          <span>${t(
            transfer.mode === "conference" ? "transfer.conferenceWith" : "transfer.consulting",
            { target: transfer.target },
          )}</span>
          <span class="state">${t(answered ? "transfer.answered" : "transfer.ringing")}</span>
        </span>
        <span class="actions">
          ${transfer.mode === "consult"
            ? html`
              <button class="button primary small" type="button" data-testid="transfer-complete"
                ?disabled=${!answered || this.busy} @click=${() => this.act("complete")}>
                ${t("transfer.complete")}
              </button>
              <button class="button small" type="button" data-testid="transfer-merge"
                ?disabled=${!answered || this.busy} @click=${() => this.act("merge")}>
                ${icons.merge(16)}${t("phone.conference")}
              </button>
            `
            : nothing}
          <button class="button small" type="button" data-testid="transfer-cancel"
            ?disabled=${this.busy} @click=${() => this.act("cancel")}>
            ${t("transfer.backToCaller")}
          </button>
        </span>
      </div>
    `;
  }

  private act(action: TransferAction): void {
    this.dispatchEvent(
      new CustomEvent("transfer-action", { detail: { action }, bubbles: true, composed: true }),
    );
  }
}

customElements.define("cc-transfer-bar", CcTransferBar);

declare global {
  interface HTMLElementTagNameMap {
    "cc-transfer-bar": CcTransferBar;
  }
}
