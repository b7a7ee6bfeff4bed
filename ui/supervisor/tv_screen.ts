import { css, html, LitElement, nothing } from "lit";
import { I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import "./channel_queue_tiles.ts";
import "./alert_list.ts";
import "./queue_wallboard.ts";
import { TvController } from "./tv_controller.ts";
import { timeOfDay } from "../common/dates.ts";

/**
 * A wall screen: one queue at a time in large type, turning to the next on
 * its own, with the alerts that hold and when it was last updated. Nothing to
 * click; it needs no session, only the link's token. Once the link is revoked
 * it says so and stops asking.
 */
export class CcTvScreen extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        position: fixed;
        inset: 0;
        display: grid;
        grid-template-rows: auto minmax(0, 1fr) auto;
        gap: 2vh;
        padding: 2vh 3vw;
        background: var(--cc-bg, Canvas);
        cursor: none;
        user-select: none;
        overflow: hidden;
      }
      header,
      footer {
        display: flex;
        justify-content: space-between;
        align-items: baseline;
        font-size: 3vh;
        color: var(--cc-text-muted);
      }
      header strong {
        color: var(--cc-text);
        font-size: 4vh;
      }
      cc-alert-list {
        font-size: 3.2vh;
      }
      .message {
        display: grid;
        place-content: center;
        font-size: 5vh;
        text-align: center;
      }
    `,
  ];

  static override properties = {
    token: { type: String },
  };

  /** The link's token, from the URL. */
  declare token: string;

  private readonly i18n = new I18nController(this);
  readonly #tv = new TvController(this, { token: () => this.token });

  constructor() {
    super();
    this.token = "";
  }

  override render() {
    const tv = this.#tv;
    if (tv.status === "revoked") {
      return html`<p class="message" data-testid="tv-revoked" role="status">${
        t(
          "tv.revoked",
        )
      }</p>`;
    }
    const board = tv.board;
    if (!board) {
      return html`<p class="message" role="status">${
        tv.status === "offline" ? t("tv.offline") : t("app.loading")
      }</p>`;
    }
    const queue = tv.queue;
    const thresholds = new Map(board.thresholds.map((th) => [th.queue_id, th]));
    const updated = timeOfDay(board.at);
    return html`
      <header>
        <strong>${board.label}</strong>
        <span data-testid="tv-updated" data-at=${board.at}
          data-polls=${tv.polls}>${t(
            "tv.updated",
            { time: updated },
          )}${tv.status === "offline"
            ? html`
              · ${t("tv.offline")}
            `
            : nothing}</span>
      </header>
      <cc-queue-wallboard
        tv
        data-testid="tv-wallboard"
        .queues=${queue ? [queue] : []}
        .thresholds=${thresholds}
        .alerts=${board.alerts}
      ></cc-queue-wallboard>
      ${board.channel_queues?.length
        ? html`<cc-channel-queue-tiles tv .queues=${board.channel_queues}></cc-channel-queue-tiles>`
        : nothing}
      <footer>
        <cc-alert-list .alerts=${board.alerts}></cc-alert-list>
        <span data-testid="tv-page">${t("tv.page", {
          n: tv.page + 1,
          total: board.queues.length,
        })}</span>
      </footer>
    `;
  }
}

customElements.define("cc-tv-screen", CcTvScreen);

declare global {
  interface HTMLElementTagNameMap {
    "cc-tv-screen": CcTvScreen;
  }
}
