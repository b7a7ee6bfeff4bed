import { css, html, LitElement, nothing } from "lit";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { icons } from "../common/icons.ts";
import { baseStyles } from "../common/styles.ts";
import type { PreviewCampaign, PreviewContact, SkipReason } from "./campaign_preview_controller.ts";

const REASONS: SkipReason[] = ["later", "wrong_number", "not_interested", "other"];

/** The person's wall-clock time, when their zone is known. */
function theirTime(zone: string | null): string | null {
  if (!zone) return null;
  try {
    return new Intl.DateTimeFormat(undefined, { timeZone: zone, timeStyle: "short" }).format(
      new Date(),
    );
  } catch {
    return null;
  }
}

/**
 * The agent's preview card: the campaign, the person to call next (name, number, earlier
 * tries, their local time), the campaign's script, and Dial or Skip with a reason.
 *
 * @fires campaign-choose - `detail.id` is the campaign picked.
 * @fires preview-dial - the agent dials the person on the card.
 * @fires preview-skip - `detail.reason` is why the agent skips them.
 */
export class CcPreviewCard extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .card {
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius-lg);
        padding: 0.875rem 1rem;
        background: var(--cc-surface);
      }
      .who {
        font-size: 1.125rem;
        font-weight: 600;
        margin: 0.25rem 0;
      }
      .number {
        font-variant-numeric: tabular-nums;
        font-size: 1rem;
      }
      .meta {
        font-size: 0.8125rem;
        color: var(--cc-text-muted);
        margin: 0.25rem 0 0.75rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      select {
        font: inherit;
        padding: 0.3rem 0.45rem;
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius);
      }
      .script {
        white-space: pre-wrap;
        margin-top: 0.75rem;
        padding: 0.625rem 0.75rem;
        border-left: 3px solid var(--cc-accent, #2563eb);
        background: var(--cc-surface-muted, #f8fafc);
        font-size: 0.875rem;
      }
      .refused {
        color: var(--cc-danger, #b91c1c);
        font-size: 0.8125rem;
      }
      .hint {
        color: var(--cc-text-muted);
      }
    `,
  ];

  static override properties = {
    campaigns: { attribute: false },
    campaignId: { type: Number },
    contact: { attribute: false },
    script: { type: String },
    busy: { type: Boolean },
    canDial: { type: Boolean },
    refusal: { attribute: false },
    reason: { state: true },
  };

  declare campaigns: PreviewCampaign[];
  declare campaignId: number | null;
  declare contact: PreviewContact | null;
  declare script: string;
  declare busy: boolean;
  /** The phone is free for a call out. */
  declare canDial: boolean;
  declare refusal: MessageKey | null;
  declare private reason: SkipReason;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.campaigns = [];
    this.campaignId = null;
    this.contact = null;
    this.script = "";
    this.busy = false;
    this.canDial = false;
    this.refusal = null;
    this.reason = "later";
  }

  override render() {
    if (this.campaigns.length === 0) {
      return html`<p class="hint" data-testid="preview-none">${t("preview.noCampaign")}</p>`;
    }
    const c = this.contact;
    const local = theirTime(c?.time_zone ?? null);
    return html`
      <div class="card" data-testid="preview-card">
        <label class="meta">${t("preview.campaign")}
          <select @change=${(e: Event) =>
            this.dispatchEvent(
              new CustomEvent("campaign-choose", {
                detail: { id: Number((e.target as HTMLSelectElement).value) },
              }),
            )}>
            ${this.campaigns.map((x) =>
              html`<option value=${x.id} ?selected=${x.id === this.campaignId}>${x.name}</option>`
            )}
          </select>
        </label>
        ${c
          ? html`
            <div class="meta">${t("preview.next")}</div>
            <p class="who" data-testid="preview-name">${c.name ?? c.number}</p>
            <div class="number" data-testid="preview-number">${c.number}</div>
            <p class="meta">${c.attempts
              ? t("preview.attempts", { n: c.attempts, outcome: c.last_outcome ?? "—" })
              : t("preview.firstTry")}${local
              ? html`
                · ${t("preview.localTime", { time: local })}
              `
              : nothing}</p>
            <div class="actions">
              <button class="button primary" type="button" data-testid="preview-dial"
                ?disabled=${this.busy || !this.canDial}
                @click=${() => this.dispatchEvent(new CustomEvent("preview-dial"))}>
                ${icons.phone(16)}${t("preview.dial")}</button>
              <select aria-label=${t("preview.skipReason")} @change=${(e: Event) =>
                this.reason = (e.target as HTMLSelectElement).value as SkipReason}>
                ${REASONS.map((r) =>
                  html`<option value=${r} ?selected=${r === this.reason}>${
                    t(`preview.reason.${r}` as MessageKey)
                  }</option>`
                )}
              </select>
              <button class="button" type="button" data-testid="preview-skip" ?disabled=${this.busy}
                @click=${() =>
                  this.dispatchEvent(
                    new CustomEvent("preview-skip", { detail: { reason: this.reason } }),
                  )}>${t("preview.skip")}</button>
            </div>
            ${this.refusal ? html`<p class="refused" role="alert">${t(this.refusal)}</p>` : nothing}
            ${this.script
              ? html`<div class="script" aria-label=${t("preview.script")}>${this.script}</div>`
              : nothing}
          `
          : html`<p class="hint" data-testid="preview-empty">${t("preview.empty")}</p>`}
      </div>
    `;
  }
}

customElements.define("cc-preview-card", CcPreviewCard);

declare global {
  interface HTMLElementTagNameMap {
    "cc-preview-card": CcPreviewCard;
  }
}
