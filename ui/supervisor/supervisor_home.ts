import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import type { PhoneAction } from "../agent/softphone.ts";
import "../agent/softphone.ts";
import { type SipCredentials, SoftphoneController } from "../agent/softphone_controller.ts";
import { createSipUserAgent } from "../agent/sip_user_agent.ts";
import type { ApiClient, User } from "../common/api_client.ts";
import type { EventsController } from "../common/events_controller.ts";
import { I18nController, t } from "../common/i18n.ts";
import { areaStyles, baseStyles, signedInAs } from "../common/styles.ts";
import "./channel_queue_tiles.ts";
import { ChannelQueuesController, voiceQueuesOnly } from "./channel_queues_controller.ts";
import "./agents_board.ts";
import "./alert_list.ts";
import { alertText } from "./alert_text.ts";
import type { QueueThresholds } from "./figure_levels.ts";
import { MonitorController, type MonitorMode } from "./monitor_controller.ts";
import "./queue_wallboard.ts";
import { SupervisionController } from "./supervision_controller.ts";
import "./threshold_editor.ts";
import "./tv_links_panel.ts";
import "./waiting_calls.ts";
import "./campaigns_panel.ts";
import "./day_skills_dialog.ts";
import type { CallFeature } from "../agent/call_features.ts";

/** The supervisor's phone carries monitoring only: no transfer, no conference. */
const NO_CALL_FEATURES: readonly CallFeature[] = [];

/**
 * The supervision area for team leads and supervisors: the wallboard per
 * queue, every agent at a glance, the callers waiting, and listen, whisper,
 * barge and take over on live calls through the supervisor's own browser
 * softphone, which answers the monitoring ring by itself.
 */
export class CcSupervisorHome extends LitElement {
  static override styles = [
    baseStyles,
    areaStyles,
    css`
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 1fr) 20rem;
        gap: 1rem;
        align-items: start;
      }
      .main {
        display: grid;
        gap: 1rem;
      }
      h2 {
        margin: 0 0 0.5rem;
        font-size: 1.0625rem;
      }
      .panel {
        padding: 0.875rem 1rem;
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius-lg);
        background: var(--cc-surface);
      }
      .monitor {
        margin-bottom: 0.75rem;
      }
      .monitor p {
        margin: 0 0 0.5rem;
      }
      .error {
        color: var(--cc-danger-text);
      }
      /* In the flow, not floating: a notice must never cover a control. */
      .notice {
        display: flex;
        gap: 0.75rem;
        align-items: center;
        justify-content: space-between;
        margin-bottom: 1rem;
        padding: 0.75rem 1rem;
        border-left: 4px solid var(--cc-danger-text);
        border-radius: var(--cc-radius-lg);
        background: var(--cc-surface);
        box-shadow: var(--cc-shadow);
        font-weight: 600;
      }
      details.panel summary {
        cursor: pointer;
        font-weight: 650;
      }
      .check {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        margin-top: 0.5rem;
      }
      details.panel p {
        margin: 0.25rem 0 0.5rem;
        color: var(--cc-text-muted);
      }
      @media (max-width: 1000px) {
        .layout {
          grid-template-columns: minmax(0, 1fr);
        }
      }
    `,
  ];

  static override properties = {
    user: { attribute: false },
    api: { attribute: false },
    events: { attribute: false },
    thresholdsSaved: { state: true },
  };

  /** The signed-in user. */
  declare user: User | null;
  /** The API client of the signed-in session. */
  declare api: ApiClient | null;
  /** The live-events connection. */
  declare events: EventsController | null;

  declare private thresholdsSaved: boolean;

  private readonly i18n = new I18nController(this);
  private readonly data = new SupervisionController(this, {
    request: <T>(method: string, path: string, body?: unknown) =>
      this.requireApi().request<T>(method, path, body),
  });
  private readonly channelQueues = new ChannelQueuesController(
    this,
    <T>(method: string, path: string, body?: unknown) =>
      this.requireApi().request<T>(method, path, body),
  );
  private readonly monitor = new MonitorController(this, {
    request: <T>(method: string, path: string, body?: unknown) =>
      this.requireApi().request<T>(method, path, body),
  });
  private readonly phone = new SoftphoneController(this, {
    fetchCredentials: () => this.requireApi().request<SipCredentials>("POST", "/auth/sip"),
    createUserAgent: createSipUserAgent,
    onIncoming: (call) => {
      if (this.monitor.isOwnRing(call.callId)) void this.phone.answer();
    },
    onCallEnded: (call) => this.monitor.phoneCallEnded(call.callId),
  });
  #unsubscribe: (() => void) | null = null;

  constructor() {
    super();
    this.user = null;
    this.api = null;
    this.events = null;
    this.thresholdsSaved = false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("events")) {
      this.#unsubscribe?.();
      this.#unsubscribe = this.events?.addListener((event) => {
        this.data.onEvent(event);
        this.monitor.onEvent(event);
        this.channelQueues.onEvent(event.type);
      }) ?? null;
    }
  }

  protected override firstUpdated(): void {
    if (!this.api) return;
    void this.data.load();
    if (this.user?.extension) this.phone.start();
  }

  override render() {
    const call = this.phone.call;
    return html`
      <div class="area-header">
        <div>
          <h1 data-testid="area-title" tabindex="-1" data-focus-target>${t("supervisor.title")}</h1>
          <p class="lead">${t("supervisor.lead")}</p>
        </div>
        ${signedInAs(this.user)}
      </div>
      ${this.data.error
        ? html`<p class="error" role="alert" data-testid="supervisor-error">${this.data.error}</p>`
        : nothing}
      ${this.renderNotice()}
      <div class="layout">
        <div class="main">
          <section class="panel" aria-labelledby="alerts-title">
            <h2 id="alerts-title" tabindex="-1">${t("supervisor.alerts")}</h2>
            <cc-alert-list
              data-testid="alerts"
              .alerts=${this.data.alerts}
              .announced=${this.data.notice?.key ?? null}
            ></cc-alert-list>
          </section>
          <section aria-labelledby="wallboard-title">
            <h2 id="wallboard-title">${t("supervisor.wallboard")}</h2>
            <cc-queue-wallboard
              data-testid="wallboard"
              .queues=${voiceQueuesOnly(this.data.queues, this.channelQueues.queues)}
              .thresholds=${this.data.thresholds}
              .alerts=${this.data.alerts}
            ></cc-queue-wallboard>
          </section>
          <section aria-labelledby="channel-queues-title">
            <h2 id="channel-queues-title">${t("channelQueues.title")}</h2>
            <cc-channel-queue-tiles
              data-testid="channel-queues"
              .queues=${this.channelQueues.queues}
            ></cc-channel-queue-tiles>
          </section>
          <details class="panel" data-testid="thresholds-panel">
            <summary>${t("supervisor.thresholds")}</summary>
            <p>${t("supervisor.thresholds.lead")}</p>
            <cc-threshold-editor
              .queues=${this.data.queues}
              .thresholds=${this.data.thresholds}
              .saved=${this.thresholdsSaved}
              @thresholds-save=${this.onThresholdsSave}
            ></cc-threshold-editor>
          </details>
          <details class="panel" data-testid="settings-panel"
            @toggle=${(e: Event) => {
              if ((e.target as HTMLDetailsElement).open) void this.data.loadSettings();
            }}>
            <summary>${t("supervisor.settings")}</summary>
            <label class="check">
              <input type="checkbox" data-testid="agents-see-monitoring"
                .checked=${this.data.agentsSeeMonitoring ?? false}
                ?disabled=${this.data.agentsSeeMonitoring === null}
                @change=${(e: Event) =>
                  void this.data.setAgentsSeeMonitoring((e.target as HTMLInputElement).checked)}>
              ${t("supervisor.settings.agentsSeeMonitoring")}
            </label>
            <p>${t("supervisor.settings.agentsSeeMonitoringHint")}</p>
          </details>
          <details class="panel" data-testid="tv-links-panel"
            @toggle=${(e: Event) => {
              if ((e.target as HTMLDetailsElement).open) void this.data.loadTvLinks();
            }}>
            <summary>${t("supervisor.tv.title")}</summary>
            <p>${t("supervisor.tv.lead")}</p>
            <cc-tv-links-panel
              .links=${this.data.tvLinks}
              .newLink=${this.data.newTvLink}
              @tv-link-create=${(e: CustomEvent<{ label: string }>) =>
                void this.data.createTvLink(e.detail.label, location.origin)}
              @tv-link-revoke=${(e: CustomEvent<{ id: string }>) =>
                void this.data.revokeTvLink(e.detail.id)}
            ></cc-tv-links-panel>
          </details>
          <section class="panel" aria-labelledby="agents-title">
            <h2 id="agents-title">${t("supervisor.agents")}</h2>
            <cc-agents-board
              .agents=${this.data.agents}
              .queues=${this.data.queues}
              .monitor=${this.monitor.session}
              .busy=${this.monitor.busy}
              @agent-state=${(e: CustomEvent<{ id: number; state: string }>) =>
                void this.data.setAgentState(e.detail.id, e.detail.state)}
              @day-skills-request=${(e: CustomEvent<{ id: number; name: string }>) =>
                void this.data.openDaySkills(e.detail.id, e.detail.name)}
              @monitor-request=${(e: CustomEvent<{ callId: string; mode: MonitorMode }>) =>
                void this.monitor.monitor(e.detail.callId, e.detail.mode)}
              @take-over=${() => void this.monitor.takeOver()}
            ></cc-agents-board>
          </section>
          <section class="panel" aria-labelledby="waiting-title">
            <h2 id="waiting-title">${t("supervisor.waiting")}</h2>
            <cc-waiting-calls
              .calls=${this.data.waiting}
              .queues=${this.data.queues}
              @move-call=${(e: CustomEvent<{ callId: string; queueId: number }>) =>
                void this.data.moveCall(e.detail.callId, e.detail.queueId)}
              @raise-priority=${(e: CustomEvent<{ callId: string }>) =>
                void this.data.raisePriority(e.detail.callId)}
              @send-to-callback=${(e: CustomEvent<{ callId: string }>) =>
                void this.data.sendToCallback(e.detail.callId)}
              @send-to-voicemail=${(e: CustomEvent<{ callId: string }>) =>
                void this.data.sendToVoicemail(e.detail.callId)}
            ></cc-waiting-calls>
          </section>
          <section class="panel" aria-labelledby="campaigns-title" data-testid="campaigns-panel">
            <h2 id="campaigns-title">${t("campaigns.title")}</h2>
            <p>${t("campaigns.lead")}</p>
            <cc-campaigns-panel .api=${this.api}></cc-campaigns-panel>
          </section>
          <cc-day-skills-dialog
            .view=${this.data.daySkills}
            @day-skills-save=${(
              e: CustomEvent<{ agentId: number; skills: { skill: string; level: number }[] }>,
            ) => void this.data.saveDaySkills(e.detail.agentId, e.detail.skills)}
            @day-skills-close=${() => this.data.closeDaySkills()}
          ></cc-day-skills-dialog>
        </div>
        <aside aria-label=${t("supervisor.phone")}>
          ${this.renderMonitor()}
          <cc-softphone
            .registration=${this.phone.registration}
            .extension=${this.phone.extension ?? this.user?.extension ?? null}
            .problem=${this.user?.extension ? this.phone.problem : "no_extension"}
            .micProblem=${this.phone.micProblem}
            .call=${call ? { ...call } : null}
            .session=${this.phone.session}
            .inputs=${this.phone.inputs}
            .outputs=${this.phone.outputs}
            .microphoneId=${this.phone.microphoneId}
            .speakerId=${this.phone.speakerId}
            .offers=${NO_CALL_FEATURES}
            @phone-action=${this.onPhoneAction}
            @device-change=${(e: CustomEvent<{ kind: string; id: string }>) =>
              e.detail.kind === "microphone"
                ? void this.phone.setMicrophone(e.detail.id)
                : this.phone.setSpeaker(e.detail.id)}
          ></cc-softphone>
        </aside>
      </div>
    `;
  }

  private renderNotice() {
    const notice = this.data.notice;
    if (!notice) return nothing;
    return html`
      <div class="notice" role="alert" data-testid="alert-notice" data-kind=${notice.kind}>
        <span>${alertText(notice)}</span>
        <button type="button" class="button" data-testid="alert-notice-dismiss"
          @click=${this.onDismissNotice}>${t(
            "supervisor.notice.dismiss",
          )}</button>
      </div>
    `;
  }

  /** The dismissed alert joins the list: the keyboard goes there rather than to nowhere. */
  private async onDismissNotice(): Promise<void> {
    this.data.dismissNotice();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>("#alerts-title")?.focus();
  }

  private async onThresholdsSave(event: CustomEvent<QueueThresholds>): Promise<void> {
    this.thresholdsSaved = false;
    await this.data.setThresholds(event.detail);
    this.thresholdsSaved = this.data.error === null;
  }

  private renderMonitor() {
    const session = this.monitor.session;
    const error = this.monitor.error;
    if (!session && !error) return nothing;
    return html`
      <div class="panel monitor" data-testid="monitor-panel" data-state=${session?.state ?? "none"}
        data-mode=${session?.mode ?? ""} role="status">
        ${session
          ? html`
            <p>${t(`supervisor.monitorState.${session.state}`, {
              mode: t(`supervisor.monitor.${session.mode}`),
            })}</p>
            <button type="button" class="button" data-testid="monitor-stop"
              @click=${() => void this.monitor.stop()}>${t(
                session.state === "taken_over"
                  ? "supervisor.monitor.hangUp"
                  : "supervisor.monitor.stop",
              )}</button>
          `
          : nothing}
        ${error ? html`<p class="error" data-testid="monitor-error">${error}</p>` : nothing}
      </div>
    `;
  }

  private onPhoneAction(event: CustomEvent<{ action: PhoneAction }>): void {
    const actions: Record<PhoneAction, () => unknown> = {
      answer: () => this.phone.answer(),
      reject: () => this.phone.reject(),
      hangup: () => this.phone.hangup(),
      hold: () => this.phone.toggleHold(),
      mute: () => this.phone.toggleMute(),
    };
    void actions[event.detail.action]();
  }

  private requireApi(): ApiClient {
    if (!this.api) throw new Error("The supervision area needs a signed-in API client");
    return this.api;
  }
}

customElements.define("cc-supervisor-home", CcSupervisorHome);

declare global {
  interface HTMLElementTagNameMap {
    "cc-supervisor-home": CcSupervisorHome;
  }
}
