import { css, html, LitElement, nothing } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";
import "./certificate_form.ts";
import { SystemFiguresController } from "./system_figures_controller.ts";

const GB = 1024 ** 3;

/** A thread priority as the admin reads it; one the page does not know, as the API says it. */
function priorityName(priority: string): string {
  return ["realtime", "high", "normal"].includes(priority)
    ? t(`admsys.system.priority.${priority}` as MessageKey)
    : priority;
}

/**
 * The appliance's health for the admin: the data disk, the thread priority granted,
 * media and SIP figures, the HTTPS certificate (with its upload) and the latest
 * warnings and errors from the log.
 */
export class CcSystemFigures extends LitElement {
  static override styles = [
    baseStyles,
    adminStyles,
    css`
      dl {
        display: grid;
        grid-template-columns: 10rem minmax(0, 1fr);
        gap: 0.375rem 1rem;
        margin: 0 0 1rem;
        font-size: 0.875rem;
      }
      dt {
        color: var(--cc-text-muted);
        font-weight: 600;
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .bad {
        color: var(--cc-danger, #b42318);
        font-weight: 600;
      }
      .log {
        max-height: 14rem;
        overflow: auto;
        margin: 0;
        padding: 0.5rem;
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius);
        background: var(--cc-surface-muted);
        font-family: var(--cc-font-mono);
        font-size: 0.75rem;
        list-style: none;
      }
      .log li {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .log li.error {
        color: var(--cc-danger, #b42318);
      }
      h3 {
        display: flex;
        gap: 0.75rem;
        align-items: center;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
  };

  /** The signed-in API client. */
  declare api: ApiClient;

  private readonly i18n = new I18nController(this);
  private data: SystemFiguresController | undefined;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("api") && !this.data) {
      this.data = new SystemFiguresController(this, this.api);
      void this.data.load();
    }
  }

  override render() {
    const data = this.data!;
    const s = data.system;
    return html`
      <h3>
        ${t("admsys.system.health")}
        <button class="button" type="button" @click=${() =>
          void data.load()} data-testid="system-refresh">${t("admsys.system.refresh")}</button>
      </h3>
      ${data.error ? html`<p class="banner bad" role="alert">${data.error}</p>` : nothing}
      <dl data-testid="system-figures">
        <dt>${t("admsys.system.disk")}</dt>
        <dd data-testid="disk">${this.renderDisk()}</dd>
        <dt>${t("admsys.system.priority")}</dt>
        <dd data-testid="priority" class=${s?.thread_priority.short ? "bad" : ""}>${s
          ? t(
            s.thread_priority.short ? "admsys.system.priorityShort" : "admsys.system.priorityOk",
            {
              granted: priorityName(s.thread_priority.granted),
              wanted: priorityName(s.thread_priority.wanted),
            },
          )
          : "…"}</dd>
        <dt>${t("admsys.system.media")}</dt>
        <dd data-testid="media">${data.media
          ? t("admsys.system.mediaLine", {
            calls: data.media.live_calls,
            p99: data.media.pacing.p99Ms.toFixed(1),
            lag: data.media.event_loop_lag.p99Ms.toFixed(1),
            lost: data.media.rtp.lost,
          })
          : t("admsys.system.unavailable")}</dd>
        <dt>${t("admsys.system.sip")}</dt>
        <dd data-testid="sip">${data.sip
          ? t("admsys.system.sipLine", {
            legs: data.sip.live_legs,
            blocked: Array.isArray(data.sip.blocked_addresses)
              ? data.sip.blocked_addresses.length
              : data.sip.blocked_addresses,
          })
          : t("admsys.system.unavailable")}</dd>
      </dl>
      <cc-certificate-form .controller=${data} .system=${s}></cc-certificate-form>
      <h3>${t("admsys.system.warnings")}</h3>
      ${s && s.warnings.length > 0
        ? html`<ul class="log" data-testid="warnings" tabindex="0" aria-label=${
          t(
            "admsys.system.warnings",
          )
        }>${s.warnings.map((w) => html`<li class=${w.level}>${w.line}</li>`)}</ul>`
        : html`<p class="muted" data-testid="warnings">${t("admsys.system.noWarnings")}</p>`}
    `;
  }

  private renderDisk() {
    const disk = this.data!.system?.disk;
    if (!disk) return "…";
    if (disk.error || disk.total_bytes === undefined || disk.available_bytes === undefined) {
      return t("admsys.system.unavailable");
    }
    const text = t("admsys.system.diskFree", {
      free: (disk.available_bytes / GB).toFixed(1),
      total: (disk.total_bytes / GB).toFixed(1),
      percent: Math.round((disk.available_bytes / disk.total_bytes) * 100),
    });
    return disk.low
      ? html`<span class="bad">${text}</span> <span class="bad">${
        t("admsys.system.diskLow")
      }</span>`
      : html`${text} <span class="muted">${disk.path}</span>`;
  }
}

customElements.define("cc-system-figures", CcSystemFigures);

declare global {
  interface HTMLElementTagNameMap {
    "cc-system-figures": CcSystemFigures;
  }
}
