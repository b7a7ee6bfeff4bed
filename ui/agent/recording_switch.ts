import { css, html, LitElement, nothing } from "lit";
import { I18nController, t } from "../common/i18n.ts";
import { icons } from "../common/icons.ts";
import { baseStyles } from "../common/styles.ts";

/**
 * The strip that pauses the call's recording while the caller reads out a card number
 * or another secret, and resumes it. While paused it says so plainly, because both
 * sides are left out of the recording until the agent resumes.
 *
 * @fires recording-toggle - `detail.paused` is what the agent asks for.
 */
export class CcRecordingSwitch extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .bar {
        display: flex;
        align-items: center;
        gap: 0.5rem 0.75rem;
        padding: 0.375rem 0.875rem;
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius-lg);
        background: var(--cc-surface);
      }
      .bar[data-paused] {
        border-color: var(--cc-warning, #b45309);
        background: var(--cc-warning-soft, #fff7ed);
      }
      .what {
        flex: 1;
        display: flex;
        align-items: center;
        gap: 0.5rem;
        font-size: 0.875rem;
      }
      .dot {
        width: 0.625rem;
        height: 0.625rem;
        border-radius: 50%;
        background: var(--cc-danger, #dc2626);
      }
      [data-paused] .dot {
        background: var(--cc-text-muted);
      }
    `,
  ];

  static override properties = {
    active: { type: Boolean },
    paused: { type: Boolean },
    busy: { type: Boolean },
  };

  /** A call is connected: the switch shows only then. */
  declare active: boolean;
  /** The recording is paused now. */
  declare paused: boolean;
  /** A request is on its way: the button waits. */
  declare busy: boolean;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.active = false;
    this.paused = false;
    this.busy = false;
  }

  override render() {
    if (!this.active) return nothing;
    return html`
      <div class="bar" role="status" data-testid="recording-switch" ?data-paused=${this.paused}>
        <span class="what">
          <span class="dot" aria-hidden="true"></span>
          <span>${t(this.paused ? "recording.pausedNow" : "recording.on")}</span>
        </span>
        <button
          class="button small"
          type="button"
          data-testid=${this.paused ? "recording-resume" : "recording-pause"}
          aria-pressed=${this.paused ? "true" : "false"}
          ?disabled=${this.busy}
          @click=${this.toggle}
        >
          ${this.paused ? icons.mic(16) : icons.pause(16)}${t(
            this.paused ? "recording.resume" : "recording.pause",
          )}
        </button>
      </div>
    `;
  }

  private toggle(): void {
    this.dispatchEvent(
      new CustomEvent("recording-toggle", {
        detail: { paused: !this.paused },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

customElements.define("cc-recording-switch", CcRecordingSwitch);

declare global {
  interface HTMLElementTagNameMap {
    "cc-recording-switch": CcRecordingSwitch;
  }
}
