import { css, html, LitElement } from "lit";
import type { ConnectionState } from "./events_controller.ts";
import { I18nController, type MessageKey, t } from "./i18n.ts";
import { baseStyles } from "./styles.ts";

const LABELS: Record<ConnectionState, { label: MessageKey; hint: MessageKey }> = {
  open: { label: "events.open", hint: "events.openHint" },
  connecting: { label: "events.connecting", hint: "events.connectingHint" },
  reconnecting: { label: "events.reconnecting", hint: "events.reconnectingHint" },
  offline: { label: "events.offline", hint: "events.offlineHint" },
};

/**
 * A small dot and word showing whether live updates are connected. Changes
 * are announced politely to screen readers.
 *
 * The current state is also reflected as the `state` attribute, for styling
 * and for tests.
 */
export class CcConnectionStatus extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: inline-flex;
      }
      .status {
        display: inline-flex;
        align-items: center;
        gap: 0.4375rem;
        padding: 0.25rem 0.625rem;
        border: 1px solid var(--cc-border);
        border-radius: 999px;
        background: var(--cc-surface);
        color: var(--cc-text-muted);
        font-size: 0.8125rem;
        white-space: nowrap;
      }
      .dot {
        width: 0.5rem;
        height: 0.5rem;
        border-radius: 50%;
        background: var(--cc-text-subtle);
      }
      :host([state="open"]) .dot {
        background: var(--cc-success);
        box-shadow: 0 0 0 3px var(--cc-success-soft);
      }
      :host([state="reconnecting"]) .dot,
      :host([state="connecting"]) .dot {
        background: var(--cc-warning);
        animation: pulse 1.2s ease-in-out infinite;
      }
      :host([state="reconnecting"]) .status {
        border-color: var(--cc-warning-border);
        background: var(--cc-warning-soft);
        color: var(--cc-warning-text);
      }
      @keyframes pulse {
        50% {
          opacity: 0.35;
        }
      }
      @media (max-width: 560px) {
        .label {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip: rect(0 0 0 0);
          white-space: nowrap;
        }
        .status {
          padding: 0.5rem;
        }
      }
    `,
  ];

  static override properties = {
    state: { type: String, reflect: true },
  };

  /** The connection state to show. */
  declare state: ConnectionState;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.state = "offline";
  }

  override render() {
    const { label, hint } = LABELS[this.state] ?? LABELS.offline;
    return html`
      <span class="status" role="status" aria-live="polite" title=${t(hint)}>
        <span class="dot" aria-hidden="true"></span>
        <span class="label">${t(label)}</span>
      </span>
    `;
  }
}

customElements.define("cc-connection-status", CcConnectionStatus);

declare global {
  interface HTMLElementTagNameMap {
    "cc-connection-status": CcConnectionStatus;
  }
}
