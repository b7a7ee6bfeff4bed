import { css, html, LitElement, nothing } from "lit";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import type { CampaignBoard } from "./campaigns_controller.ts";

const pct = (x: number | null) => x === null ? "—" : `${(x * 100).toFixed(1)} %`;
const OUTCOMES = ["connected", "busy", "no_answer", "failed", "do_not_call", "outside_hours"];

/**
 * The live board of one campaign: lines out, free agents, inbound callers waiting, the
 * answer rate, the abandon rate against its cap (red at or over it), contacts left and
 * today's outcomes.
 */
export class CcCampaignBoard extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .tiles {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr));
        gap: 0.5rem;
      }
      .tile {
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius);
        padding: 0.5rem 0.625rem;
        background: var(--cc-surface);
      }
      .tile .label {
        font-size: 0.75rem;
        color: var(--cc-text-muted);
      }
      .tile .value {
        font-size: 1.375rem;
        font-weight: 600;
        font-variant-numeric: tabular-nums;
      }
      .tile[data-over] {
        border-color: var(--cc-danger, #b91c1c);
        color: var(--cc-danger, #b91c1c);
      }
      .sub {
        font-size: 0.75rem;
        color: var(--cc-text-muted);
      }
      .bar {
        height: 0.375rem;
        border-radius: 999px;
        background: var(--cc-border);
        overflow: hidden;
        margin-top: 0.25rem;
      }
      .bar > span {
        display: block;
        height: 100%;
        background: var(--cc-accent, #2563eb);
      }
      ul {
        list-style: none;
        padding: 0;
        margin: 0.75rem 0 0;
        display: flex;
        flex-wrap: wrap;
        gap: 0.375rem 1rem;
        font-size: 0.8125rem;
      }
    `,
  ];

  static override properties = { board: { attribute: false } };

  declare board: CampaignBoard | null;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.board = null;
  }

  override render() {
    const b = this.board;
    if (!b) return nothing;
    const over = b.abandon_rate >= b.abandon_cap;
    const doneShare = b.contacts ? (b.contacts - b.contacts_left) / b.contacts : 0;
    const others = Object.entries(b.outcomes_today)
      .filter(([k]) => !OUTCOMES.includes(k))
      .reduce((n, [, v]) => n + v, 0);
    return html`
      <div class="tiles" data-testid="campaign-board">
        ${this.tile("board.lines", String(b.lines))} ${this.tile(
          "board.agentsFree",
          String(b.agents_free),
        )} ${this.tile("board.inboundWaiting", String(b.inbound_waiting))} ${this.tile(
          "board.answerRate",
          pct(b.answer_rate),
        )}
        <div class="tile" ?data-over=${over} data-testid="board-abandon">
          <div class="label">${t("board.abandonRate")}</div>
          <div class="value">${pct(b.abandon_rate)}</div>
          <div class="sub">${t("board.abandonOf", { cap: pct(b.abandon_cap) })}</div>
        </div>
        <div class="tile">
          <div class="label">${t("board.left")}</div>
          <div class="value">${b.contacts_left}</div>
          <div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100"
            aria-valuenow=${Math.round(doneShare * 100)}>
            <span style="width:${(doneShare * 100).toFixed(0)}%"></span>
          </div>
        </div>
        ${this.tile("board.attempts", String(b.attempts_today))}
      </div>
      <ul aria-label=${t("board.outcomes")}>
        ${OUTCOMES.map((k) =>
          html`<li>${t(`board.outcome.${k}` as MessageKey)}: <strong>${
            b.outcomes_today[k] ?? 0
          }</strong></li>`
        )}
        <li>${t("board.outcome.other")}: <strong>${others}</strong></li>
      </ul>
      ${b.trunk
        ? html`<p class="sub" data-testid="board-trunk">${
          t("campaigns.trunkLoad", {
            name: b.trunk.name,
            outbound: b.trunk.outbound,
            max: b.trunk.max_outbound,
          })
        }</p>`
        : nothing}
      ${b.waiting_for
        ? html`<p class="sub" role="status" data-testid="board-waiting">${
          t(
            `campaigns.waiting.${b.waiting_for}` as MessageKey,
          )
        }</p>`
        : nothing}
    `;
  }

  private tile(label: MessageKey, value: string) {
    return html`
      <div class="tile">
        <div class="label">${t(label)}</div>
        <div class="value">${value}</div>
      </div>
    `;
  }
}

customElements.define("cc-campaign-board", CcCampaignBoard);

declare global {
  interface HTMLElementTagNameMap {
    "cc-campaign-board": CcCampaignBoard;
  }
}
