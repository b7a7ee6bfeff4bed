import { css, html, LitElement, nothing } from "lit";
import { type ApiClient, ApiError } from "../common/api_client.ts";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";
import { ReplicationController, summaryTone } from "./replication_controller.ts";

/**
 * The standby and replication screen: how this box and its peer stand (role, epoch,
 * peer, lag, last change, last takeover), refreshed while it is open, and the
 * switchover that hands the calls to the standby.
 */
export class CcReplicationPanel extends LitElement {
  static override styles = [
    baseStyles,
    areaStyles,
    adminStyles,
    css`
      dl {
        display: grid;
        grid-template-columns: max-content minmax(0, 1fr);
        gap: 0.5rem 1.25rem;
        margin: 0 0 1.25rem;
      }
      dt {
        color: var(--cc-text-muted);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .badge {
        display: inline-block;
        padding: 0.125rem 0.625rem;
        border-radius: 999px;
        font-weight: 600;
        background: var(--cc-surface-muted, var(--cc-border));
      }
      .badge.good {
        background: var(--cc-success-soft);
        color: var(--cc-success);
      }
      .badge.warn {
        background: var(--cc-warning-soft);
        color: var(--cc-warning-text);
      }
      .badge.bad {
        background: var(--cc-danger-soft);
        color: var(--cc-danger-text);
      }
      .switchover {
        max-width: 44rem;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    busy: { state: true },
    failure: { state: true },
  };

  /** The signed-in API client. */
  declare api: ApiClient;
  declare private busy: boolean;
  declare private failure: string | null;

  private readonly i18n = new I18nController(this);
  private data: ReplicationController | undefined;

  constructor() {
    super();
    this.busy = false;
    this.failure = null;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("api") && !this.data) {
      // Added while connected, the controller starts reading at once.
      this.data = new ReplicationController(this, this.api);
    }
  }

  override render() {
    const data = this.data!;
    const view = data.view;
    const summary = data.summary;
    return html`
      <section class="panel" aria-labelledby="replication-title" data-testid="admin-replication">
        <header>
          <h2 id="replication-title">${t("admin.replication.title")}</h2>
          <p class="intro">${t("admin.replication.intro")}</p>
        </header>
        <div class="panel-body">
          ${data.error ? html`<p class="banner bad" role="alert">${data.error}</p>` : nothing}
          ${this.failure ? html`<p class="banner bad" role="alert">${this.failure}</p>` : nothing}
          ${data.handedOver !== null
            ? html`<p class="banner good" role="status" data-testid="handed-over">
              ${t("admin.replication.handedOver", { epoch: data.handedOver })}
            </p>`
            : nothing}
          <dl data-testid="replication-facts">
            <dt>${t("admin.replication.status")}</dt>
            <dd>
              <span class="badge ${summaryTone(summary)}" data-testid="replication-summary"
                data-summary=${summary}>${t(
                  `admin.replication.summary.${summary}` as MessageKey,
                )}</span>
            </dd>
            ${data.role
              ? html`
                <dt>${t("admin.replication.role")}</dt>
                <dd>${t(`admin.replication.role.${data.role}` as MessageKey)}</dd>
              `
              : nothing}
            ${view ? this.renderView(view) : nothing}
          </dl>
          ${view ? nothing : html`<p class="muted">${t("admin.replication.off")}</p>`}
          ${data.role === "primary" && view ? this.renderSwitchover(data) : nothing}
        </div>
      </section>
    `;
  }

  private renderView(view: NonNullable<ReplicationController["view"]>) {
    const seconds = (n: number | undefined) => (n ?? 0).toFixed(1);
    const takeover = view.last_takeover_at
      ? new Date(view.last_takeover_at).toLocaleString(this.i18n.language)
      : t("admin.replication.never");
    return html`
      <dt>${t("admin.replication.epoch")}</dt>
      <dd title=${t("admin.replication.epochHint")}>${view.epoch}</dd>
      <dt>${t("admin.replication.peer")}</dt>
      <dd data-testid="replication-peer">${view.peer ?? t("admin.replication.peerUnknown")}</dd>
      <dt>${t("admin.replication.lag")}</dt>
      <dd data-testid="replication-lag">${t("admin.replication.lagValue", {
        changes: view.lag_changes ?? 0,
        seconds: seconds(view.lag_s),
      })}</dd>
      <dt>${t("admin.replication.lastContact")}</dt>
      <dd>${view.last_contact_s === undefined
        ? t("admin.replication.peerUnknown")
        : t("admin.replication.lastContactValue", { seconds: seconds(view.last_contact_s) })}</dd>
      <dt>${t("admin.replication.lastChange")}</dt>
      <dd data-testid="replication-last-change">${view.applied_seq === undefined
        ? `#${view.head_seq}`
        : t("admin.replication.lastChangeApplied", {
          applied: view.applied_seq,
          head: view.head_seq,
        })}</dd>
      <dt>${t("admin.replication.lastTakeover")}</dt>
      <dd>${takeover}</dd>
      ${view.error
        ? html`
          <dt></dt>
          <dd class="error">${view.error}</dd>
        `
        : nothing}
    `;
  }

  private renderSwitchover(data: ReplicationController) {
    return html`
      <div class="switchover">
        <p class="hint">${t("admin.replication.switchoverHint")}</p>
        <div class="toolbar">
          <button
            class="button"
            data-testid="switchover"
            ?disabled=${this.busy || !data.canSwitchOver}
            @click=${this.onSwitchOver}
          >
            ${t("admin.replication.switchover")}
          </button>
        </div>
      </div>
    `;
  }

  private async onSwitchOver(): Promise<void> {
    if (!globalThis.confirm(t("admin.replication.switchoverConfirm"))) return;
    this.busy = true;
    this.failure = null;
    try {
      await this.data!.switchOver();
    } catch (error) {
      const reason = error instanceof ApiError ? error.message : String(error);
      this.failure = t("admin.replication.switchoverFailed", { reason });
    } finally {
      this.busy = false;
    }
  }
}

customElements.define("cc-replication-panel", CcReplicationPanel);

declare global {
  interface HTMLElementTagNameMap {
    "cc-replication-panel": CcReplicationPanel;
  }
}
