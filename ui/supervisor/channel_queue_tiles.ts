import { css, html, LitElement } from "lit";
import { formatClock } from "../agent/agent_state_rules.ts";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import type { ChannelQueueFigures } from "./channel_queues_controller.ts";

/**
 * One tile per chat, e-mail or SMS queue: contacts waiting, the oldest wait, agents with
 * capacity free and today's service level against the queue's T. With `tv` set the
 * type is large, for a wall screen. A channel that is one line (SMS, key `sms`) is titled
 * by the channel; a queue or mailbox by its name, with the channel beside it.
 */
export class CcChannelQueueTiles extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      .tiles {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
        gap: 0.75rem;
      }
      section {
        padding: 0.625rem 0.875rem;
        border: 1px solid var(--cc-border);
        border-left: 4px solid var(--tone, var(--cc-border-strong));
        border-radius: var(--cc-radius-lg);
        background: var(--cc-surface);
      }
      section[data-channel="chat"] {
        --tone: #16a34a;
      }
      section[data-channel="email"] {
        --tone: #d97706;
      }
      section[data-channel="sms"] {
        --tone: #9333ea;
      }
      h3 {
        margin: 0 0 0.375rem;
        font-size: 0.9375rem;
      }
      .kind {
        color: var(--cc-text-muted);
        font-weight: normal;
        font-size: 0.75rem;
        margin-left: 0.375rem;
      }
      dl {
        display: grid;
        grid-template-columns: repeat(2, minmax(0, 1fr));
        gap: 0.25rem 0.5rem;
        margin: 0;
      }
      dt {
        color: var(--cc-text-muted);
        font-size: 0.75rem;
      }
      dd {
        margin: 0;
        font-size: 1.125rem;
        font-weight: 600;
        font-variant-numeric: tabular-nums;
      }
      :host([tv]) dd {
        font-size: 2rem;
      }
      :host([tv]) dt,
      :host([tv]) h3 {
        font-size: 1.25rem;
      }
      .none {
        color: var(--cc-text-muted);
        margin: 0;
      }
    `,
  ];

  static override properties = {
    queues: { attribute: false },
    tv: { type: Boolean, reflect: true },
  };

  declare queues: ChannelQueueFigures[];
  declare tv: boolean;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.queues = [];
    this.tv = false;
  }

  override render() {
    if (this.queues.length === 0) {
      return html`<p class="none">${t("channelQueues.none")}</p>`;
    }
    return html`
      <div class="tiles">
        ${this.queues.map((q) =>
          html`
            <section data-channel=${q.channel} data-key=${q.key} data-testid="channel-queue">
              <h3>${q.key === q.channel
                ? t(`channels.name.${q.channel}` as MessageKey)
                : html`${q.name}<span class="kind">${
                  t(`channels.name.${q.channel}` as MessageKey)
                }</span>`}</h3>
              <dl>
                <dt>${t("channelQueues.waiting")}</dt>
                <dd data-figure="waiting">${q.waiting}</dd>
                <dt>${t("channelQueues.oldest")}</dt>
                <dd data-figure="oldest">${q.oldest_wait_s === null
                  ? "—"
                  : formatClock(q.oldest_wait_s)}</dd>
                <dt>${t("channelQueues.capacity")}</dt>
                <dd data-figure="capacity">${q.agents_with_capacity ?? "—"}</dd>
                <dt>${t("channelQueues.serviceLevel", {
                  target: formatClock(q.service_level_s),
                })}</dt>
                <dd data-figure="service-level">${q.service_level === null
                  ? "—"
                  : `${q.service_level}%`}</dd>
              </dl>
            </section>
          `
        )}
      </div>
    `;
  }
}

customElements.define("cc-channel-queue-tiles", CcChannelQueueTiles);

declare global {
  interface HTMLElementTagNameMap {
    "cc-channel-queue-tiles": CcChannelQueueTiles;
  }
}
