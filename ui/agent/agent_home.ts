import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import type { ApiClient, User } from "../common/api_client.ts";
import type { EventsController, HubEvent } from "../common/events_controller.ts";
import { monitoredAfter, type MonitoredMode } from "./monitoring_notice.ts";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { icons } from "../common/icons.ts";
import { baseStyles, signedInAs } from "../common/styles.ts";
import { AgentStateController, isMissingEndpoint } from "./agent_state_controller.ts";
import { stateActions } from "./agent_state_rules.ts";
import {
  type CallFeature,
  type FeatureMap,
  featuresFromSpec,
  unknownFeatures,
} from "./call_features.ts";
import "./call_script.ts";
import "./chat_desk.ts";
import "./case_panel.ts";
import "./kb_search.ts";
import "./my_schedule.ts";
import { lastCase, screenPopModel, type ScreenPopView } from "./screen_pop_model.ts";
import "./screen_pop.ts";
import type { CcShortcutHelp } from "./shortcut_help.ts";
import "./shortcut_help.ts";
import { deepActiveElement, isTextEntry, matchShortcut } from "./shortcuts.ts";
import { createSipUserAgent } from "./sip_user_agent.ts";
import type { PhoneAction } from "./softphone.ts";
import "./softphone.ts";
import "./outbound_dialer.ts";
import { OutboundCallController } from "./outbound_call_controller.ts";
import { callFromLink } from "../common/call_link.ts";
import "./preview_card.ts";
import { CampaignPreviewController, type SkipReason } from "./campaign_preview_controller.ts";
import { type CallView, type SipCredentials, SoftphoneController } from "./softphone_controller.ts";
import "./state_bar.ts";
import type { TransferAction, TransferInProgress } from "./transfer_bar.ts";
import "./transfer_bar.ts";
import "./recording_switch.ts";
import "./wrap_up_panel.ts";
import "./case_page.ts";
import "./customer_page.ts";
import type { WorkList } from "./tiers_api.ts";
import { TiersApi } from "./tiers_api.ts";
import type { CcWorkBar } from "./work_bar.ts";
import "./work_bar.ts";
import { WorkController } from "./work_controller.ts";
import "./work_page.ts";

/** The tabs of the work column. */
const TABS = ["case", "wrap", "script", "kb", "schedule", "outbound"] as const;
type Tab = typeof TABS[number];

const TAB_LABELS: Record<Tab, MessageKey> = {
  case: "desk.tab.case",
  wrap: "desk.tab.wrap",
  script: "desk.tab.script",
  kb: "desk.tab.kb",
  schedule: "desk.tab.schedule",
  outbound: "preview.title",
};

/** The call being worked on: its screen pop and what the agent has done with it. */
interface WorkItem {
  callId: string | null;
  caller: string;
  view: ScreenPopView | null;
  loading: boolean;
  problem: "missing" | "error" | null;
  caseId: number | null;
  saved: boolean;
}

/**
 * The agent desktop: the state bar across the top; the softphone, the screen
 * pop, and a work column (case, wrap-up, script, knowledge base) beneath it.
 * It owns the softphone and agent-state controllers, fetches the call's
 * context when a call rings, and handles the keyboard shortcuts.
 */
export class CcAgentHome extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        margin-top: -0.75rem;
      }
      .top {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 1rem;
        margin-bottom: 0.75rem;
      }
      h1 {
        margin: 0;
        font-size: 1.25rem;
        font-weight: 650;
        letter-spacing: -0.01em;
      }
      h1:focus,
      h1:focus-visible {
        outline: none;
      }
      .spacer {
        flex: 1;
      }
      .who {
        display: inline-flex;
        align-items: center;
        gap: 0.5rem;
        margin: 0;
        padding: 0.3125rem 0.75rem;
        border: 1px solid var(--cc-border);
        border-radius: 999px;
        background: var(--cc-surface);
        color: var(--cc-text-muted);
        font-size: 0.8125rem;
      }
      .who strong {
        color: var(--cc-text);
        font-weight: 600;
      }
      .who .role {
        padding-left: 0.5rem;
        border-left: 1px solid var(--cc-border);
      }
      .desk {
        display: grid;
        grid-template-columns: 18.5rem minmax(0, 1fr) 23.5rem;
        gap: 0.875rem;
        align-items: start;
        margin-top: 0.875rem;
      }
      .page {
        grid-column: 2 / -1;
        min-width: 0;
      }
      .phone-column {
        display: flex;
        flex-direction: column;
        gap: 0.625rem;
        min-width: 0;
      }
      .work {
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius-lg);
        background: var(--cc-surface);
        box-shadow: var(--cc-shadow);
      }
      [role="tablist"] {
        display: flex;
        /* Six labels share 23.5rem; should a language's outgrow it, the last ones take a
          second row rather than running past the column's edge. */
        flex-wrap: wrap;
        border-bottom: 1px solid var(--cc-border);
      }
      [role="tab"] {
        /* Each as wide as its label, none wrapping inside. */
        flex: 1 1 auto;
        white-space: nowrap;
        min-height: 2.75rem;
        padding: 0.375rem 0.125rem;
        border: 0;
        border-bottom: 2px solid transparent;
        background: none;
        color: var(--cc-text-muted);
        font: inherit;
        font-size: 0.75rem;
        font-weight: 600;
        cursor: pointer;
      }
      [role="tab"]:hover {
        color: var(--cc-text);
        background: var(--cc-surface-muted);
      }
      [role="tab"][aria-selected="true"] {
        border-bottom-color: var(--cc-accent);
        color: var(--cc-accent);
      }
      [role="tab"] .badge {
        display: inline-block;
        width: 0.4375rem;
        height: 0.4375rem;
        margin-left: 0.25rem;
        border-radius: 50%;
        background: var(--cc-danger);
        vertical-align: middle;
      }
      .notice {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        margin-top: 0.75rem;
        padding: 0.5rem 0.75rem;
        border: 1px solid var(--cc-info-border);
        border-radius: var(--cc-radius);
        background: var(--cc-info-soft);
        color: var(--cc-info-text);
        font-size: 0.875rem;
      }
      .notice button {
        margin-left: auto;
        border: 0;
        background: none;
        color: inherit;
        font: inherit;
        cursor: pointer;
      }
      @media (max-width: 1180px) {
        .desk {
          grid-template-columns: 18rem minmax(0, 1fr);
        }
        .work {
          grid-column: 1 / -1;
        }
      }
      @media (max-width: 760px) {
        .desk {
          grid-template-columns: minmax(0, 1fr);
        }
      }
    `,
  ];

  static override properties = {
    user: { attribute: false },
    api: { attribute: false },
    events: { attribute: false },
    work: { state: true },
    transfer: { state: true },
    transferBusy: { state: true },
    recording: { state: true },
    tab: { state: true },
    features: { state: true },
    notice: { state: true },
    creatingCustomer: { state: true },
    monitored: { state: true },
    subpath: { attribute: false },
    workList: { state: true },
    workQuery: { state: true },
    now: { state: true },
  };

  /** The signed-in user. */
  declare user: User | null;
  /** The API client of the signed-in session. */
  declare api: ApiClient | null;
  /** The live-events connection, for agent and call events. */
  declare events: EventsController | null;
  declare private work: WorkItem | null;
  /** A consulted transfer or conference this agent started and has not finished. */
  declare private transfer: TransferInProgress | null;
  declare private transferBusy: boolean;
  /** The call whose recording the agent paused or resumed last, and how it stands. */
  declare private recording: { callId: string; paused: boolean; busy: boolean } | null;
  declare private tab: Tab;
  declare private features: FeatureMap;
  declare private notice: MessageKey | null;
  declare private creatingCustomer: boolean;
  /** A supervisor's mode on this agent's call, when the center lets agents see it. */
  declare private monitored: MonitoredMode;
  /** The work page open beside the softphone (`cases/3`, `customers/5`, `work`, `search`). */
  declare subpath: string;
  declare private workList: WorkList;
  declare private workQuery: string;
  /** Ticks every few seconds so SLA clocks count down. */
  declare private now: number;

  private readonly i18n = new I18nController(this);
  private readonly phone = new SoftphoneController(this, {
    fetchCredentials: () => this.requireApi().request<SipCredentials>("POST", "/auth/sip"),
    createUserAgent: createSipUserAgent,
    displayName: undefined,
    onIncoming: (call) => this.onIncoming(call),
    onCallEnded: (call) => this.onCallEnded(call),
  });
  private readonly outbound = new OutboundCallController(this, {
    request: <T>(method: string, path: string, body?: unknown) =>
      this.requireApi().request<T>(method, path, body),
    expect: (callId) => this.phone.expectOutbound(callId),
    forget: () => this.phone.forgetOutbound(),
  });
  private readonly preview = new CampaignPreviewController(this, {
    request: <T>(method: string, path: string, body?: unknown) =>
      this.requireApi().request<T>(method, path, body),
    expect: (callId) => this.phone.expectOutbound(callId),
    forget: () => this.phone.forgetOutbound(),
  });
  private readonly agentState = new AgentStateController(this, {
    request: <T>(method: string, path: string, body?: unknown) =>
      this.requireApi().request<T>(method, path, body),
  });
  private readonly workCounts = new WorkController(this, {
    fetchCounts: async () => (await new TiersApi(this.requireApi()).work()).counts,
  });
  #tick: ReturnType<typeof setInterval> | undefined;
  #unsubscribe: (() => void) | null = null;
  readonly #onKeyDown = (event: KeyboardEvent) => this.onKeyDown(event);

  constructor() {
    super();
    this.user = null;
    this.api = null;
    this.events = null;
    this.work = null;
    this.transfer = null;
    this.transferBusy = false;
    this.recording = null;
    this.tab = "case";
    this.features = unknownFeatures();
    this.notice = null;
    this.creatingCustomer = false;
    this.monitored = null;
    this.subpath = "";
    this.workList = "assigned";
    this.workQuery = "";
    this.now = Date.now();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener("keydown", this.#onKeyDown);
    this.#tick = setInterval(() => this.now = Date.now(), 5_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener("keydown", this.#onKeyDown);
    clearInterval(this.#tick);
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("events")) {
      this.#unsubscribe?.();
      this.#unsubscribe = this.events?.addListener((event) => this.onHubEvent(event)) ?? null;
    }
  }

  /** A call asked for by a link into the desktop, placed once the phone is registered. */
  #linkedCall = callFromLink(location.search);

  protected override updated(): void {
    const call = this.#linkedCall;
    if (call && this.phone.registration === "registered") {
      this.#linkedCall = null;
      history.replaceState(null, "", location.pathname);
      void this.outbound.place(call);
    }
  }

  protected override firstUpdated(): void {
    if (this.api) {
      this.phone.start();
      void this.loadFeatures();
      void this.workCounts.refresh();
    }
  }

  override render() {
    const agent = this.agentState.agent;
    const work = this.work;
    const dispositionRequired = work?.view?.dispositionRequired ?? true;
    const call = this.phone.call;
    return html`
      <div class="top">
        <h1 data-testid="area-title" tabindex="-1" data-focus-target>${t("agent.title")}</h1>
        <span class="spacer"></span>
        ${signedInAs(this.user)}
        <cc-shortcut-help></cc-shortcut-help>
      </div>
      <cc-state-bar
        .agent=${agent}
        .availability=${this.agentState.availability}
        .pending=${this.agentState.pending}
        .error=${this.agentState.error}
        .dispositionRequired=${dispositionRequired && work !== null && work.callId !== null}
        .dispositionSaved=${work?.saved ?? false}
        @state-request=${this.onStateRequest}
        @wrap-up-extend=${() => void this.agentState.extendWrapUp(30)}
      ></cc-state-bar>
      <cc-work-bar
        .counts=${this.workCounts.counts}
        .notices=${this.workCounts.notices}
        .onDesk=${!this.subpath}
        @work-search=${(e: CustomEvent<{ q: string }>) => this.openSearch(e.detail.q)}
        @work-list=${(e: CustomEvent<{ list: WorkList }>) => this.openList(e.detail.list)}
        @notice-dismiss=${(e: CustomEvent<{ caseId: number }>) =>
          this.workCounts.dismiss(e.detail.caseId)}
      ></cc-work-bar>
      ${this.notice
        ? html`<div class="notice" role="status" data-testid="desk-notice">
          ${icons.info(16)}<span>${t(this.notice)}</span>
          <button type="button" aria-label=${t("common.dismiss")} @click=${() =>
          this.notice = null}>✕</button>
        </div>`
        : nothing}
      ${this.monitored
        ? html`
          <div class="notice" role="status" data-testid="monitored-notice"
            data-mode=${this.monitored}>
                    ${icons.info(16)}<span>${t(`agent.monitored.${this.monitored}`)}</span>
                  </div>
        `
        : nothing}
      <cc-transfer-bar
        .transfer=${this.transfer}
        .busy=${this.transferBusy}
        @transfer-action=${this.onTransferAction}
      ></cc-transfer-bar>
      <cc-recording-switch
        .active=${call?.phase === "talking" && !!call.callId}
        .paused=${!!call?.callId && this.recording?.callId === call.callId &&
          this.recording.paused}
        .busy=${this.recording?.busy ?? false}
        @recording-toggle=${this.onRecordingToggle}
      ></cc-recording-switch>
      <cc-chat-desk .api=${this.api} .events=${this.events} .user=${this.user}></cc-chat-desk>
      <div class="desk">
        <div class="phone-column">
        <cc-softphone
          .registration=${this.phone.registration}
          .extension=${this.phone.extension ?? this.user?.extension ?? null}
          .problem=${this.phone.problem}
          .micProblem=${this.phone.micProblem}
          .call=${call ? { ...call } : null}
          .session=${this.phone.session}
          .inputs=${this.phone.inputs}
          .outputs=${this.phone.outputs}
          .microphoneId=${this.phone.microphoneId}
          .speakerId=${this.phone.speakerId}
          .features=${this.features}
          .queue=${work?.view?.queue ?? null}
          @phone-action=${this.onPhoneAction}
          @dtmf=${(e: CustomEvent<{ tone: string }>) => void this.phone.sendDtmf(e.detail.tone)}
          @device-change=${this.onDeviceChange}
          @feature-request=${this.onFeatureRequest}
        ></cc-softphone>
        ${this.renderDialer(call)}
        </div>
        ${this.subpath ? this.renderWorkPage() : this.renderCallColumns(work, call)}
      </div>
    `;
  }

  /** The page of work outside a call, beside the softphone so a call can still come in. */
  private renderWorkPage() {
    const [kind, id] = this.subpath.split("/");
    const page = kind === "cases"
      ? html`
        <cc-case-page .api=${this.api} .events=${this.events} .caseId=${Number(id)}
          .now=${this.now}></cc-case-page>
      `
      : kind === "customers"
      ? html`
        <cc-customer-page .api=${this.api} .events=${this.events} .customerId=${Number(
          id,
        )} .now=${this.now}
        ></cc-customer-page>
      `
      : html`
        <cc-work-page .api=${this.api} .mode=${kind === "search" ? "search" : "work"}
          .list=${this.workList} .query=${this.workQuery} .now=${this.now}></cc-work-page>
      `;
    return html`
      <section class="page" data-testid="work-page" @call-number=${this
        .onCallNumber}>${page}</section>
    `;
  }

  private renderCallColumns(work: WorkItem | null, call: CallView | null) {
    return html`
      <cc-screen-pop
        .view=${work?.view ?? null}
        .loading=${work?.loading ?? false}
        .problem=${work?.problem ?? null}
        .selectedCaseId=${work?.caseId ?? null}
        .creating=${this.creatingCustomer}
        @select-case=${(e: CustomEvent<{ id: number }>) => this.selectCase(e.detail.id)}
        @create-customer=${this.onCreateCustomer}
        .canCall=${this.phoneFree(call)}
        @call-number=${this.onCallNumber}
      ></cc-screen-pop>
      ${this.renderWork(work)}
    `;
  }

  private openSearch(q: string): void {
    this.workQuery = q;
    this.navigate("/agent/search");
  }

  private openList(list: WorkList): void {
    this.workList = list;
    this.navigate("/agent/work");
  }

  private navigate(path: string): void {
    this.dispatchEvent(
      new CustomEvent("navigate", { detail: { path }, bubbles: true, composed: true }),
    );
  }
  private renderDialer(call: CallView | null) {
    return html`
      <cc-outbound-dialer
        .disabled=${!this.phoneFree(call)}
        .pending=${this.outbound.pending}
        .refusal=${this.outbound.refusal}
        @call-number=${this.onCallNumber}
        @dismiss-refusal=${() => this.outbound.dismiss()}
      ></cc-outbound-dialer>
    `;
  }

  /** Whether a call out can start: the phone is registered and has no call on it. */
  private phoneFree(call: CallView | null): boolean {
    return this.phone.registration === "registered" &&
      (call === null || call.phase === "ended") && !this.outbound.pending;
  }

  /**
   * Click-to-call from the dialler, the customer's card (with the open case), a case or a
   * task on the task list (which the call then counts on).
   */
  private readonly onCallNumber = (
    event: CustomEvent<
      { number: string; customerId?: number; caseId?: number | null; followUpId?: number }
    >,
  ): void => {
    const work = this.work;
    const customerId = event.detail.customerId ?? null;
    void this.outbound.place({
      number: event.detail.number,
      customerId,
      caseId: event.detail.caseId ??
        (customerId !== null && work?.view?.customer?.id === customerId ? work.caseId : null),
      queueId: work?.view?.queueId ?? null,
      followUpId: event.detail.followUpId ?? null,
    });
  };

  private renderWork(work: WorkItem | null) {
    const needsWrap = work?.callId && !work.saved && this.phone.call?.phase === "ended";
    return html`
      <section class="work" aria-label=${t("desk.workLabel")}>
        <div role="tablist" aria-label=${t("desk.workLabel")} @keydown=${this.onTabKey}>
          ${TABS.map((tab) =>
            html`
              <button
                role="tab"
                id="tab-${tab}"
                type="button"
                data-testid="tab-${tab}"
                aria-selected=${tab === this.tab ? "true" : "false"}
                aria-controls="panel"
                tabindex=${tab === this.tab ? "0" : "-1"}
                @click=${() => this.tab = tab}
              >${t(TAB_LABELS[tab])}${tab === "wrap" && needsWrap
                ? html`<span class="badge" aria-hidden="true"></span>`
                : nothing}</button>
            `
          )}
        </div>
        <div id="panel" role="tabpanel" aria-labelledby="tab-${this.tab}">
          ${this.renderPanel(work)}
        </div>
      </section>
    `;
  }

  private renderPanel(work: WorkItem | null) {
    const customerId = work?.view?.customer?.id ?? null;
    switch (this.tab) {
      case "case":
        return html`
          <cc-case-panel
            .api=${this.api}
            .customerId=${customerId}
            .caseId=${work?.caseId ?? null}
            @case-selected=${(e: CustomEvent<{ id: number }>) => this.selectCase(e.detail.id)}
          ></cc-case-panel>
        `;
      case "wrap":
        return html`
          <cc-wrap-up-panel
            .api=${this.api}
            .callId=${work?.callId ?? null}
            .queueId=${work?.view?.queueId ?? null}
            .customerId=${customerId}
            .caseId=${work?.caseId ?? null}
            .required=${work?.view?.dispositionRequired ?? true}
            .saved=${work?.saved ?? false}
            @wrap-up-saved=${this.onWrapUpSaved}
          ></cc-wrap-up-panel>
        `;
      case "script":
        return html`
          <cc-call-script
            .api=${this.api}
            .view=${work?.view ?? null}
            .caseId=${work?.caseId ?? null}
          ></cc-call-script>
        `;
      case "kb":
        return html`<cc-kb-search .api=${this.api}></cc-kb-search>`;
      case "schedule":
        return html`<cc-my-schedule .api=${this.api}></cc-my-schedule>`;
      case "outbound":
        if (!this.preview.loaded) void this.preview.load();
        return html`
          <cc-preview-card
            .campaigns=${this.preview.campaigns}
            .campaignId=${this.preview.campaignId}
            .contact=${this.preview.contact}
            .script=${this.preview.script}
            .busy=${this.preview.busy}
            .canDial=${this.phoneFree(this.phone.call)}
            .refusal=${this.preview.refusal}
            @campaign-choose=${(e: CustomEvent<{ id: number }>) =>
              void this.preview.choose(e.detail.id)}
            @preview-dial=${() => void this.preview.dial()}
            @preview-skip=${(e: CustomEvent<{ reason: SkipReason }>) =>
              void this.preview.skip(e.detail.reason)}
          ></cc-preview-card>
        `;
    }
  }

  // --- calls and the screen pop ---------------------------------------------

  private onIncoming(call: CallView): void {
    this.notice = null;
    this.work = {
      callId: call.callId,
      caller: call.caller,
      view: null,
      loading: true,
      problem: null,
      caseId: null,
      saved: false,
    };
    this.tab = "case";
    void this.loadContext(call.callId, call.caller);
  }

  private onCallEnded(call: CallView): void {
    if (call.answeredAt !== null && this.work?.callId) this.tab = "wrap";
    void this.agentState.load();
  }

  private async loadContext(callId: string | null, caller: string): Promise<void> {
    const api = this.api;
    if (!api) return;
    let context: unknown = null;
    let problem: WorkItem["problem"] = null;
    if (callId) {
      try {
        context = await api.request("GET", `/calls/${encodeURIComponent(callId)}/context`);
      } catch (error) {
        problem = isMissingEndpoint(error) ? "missing" : "error";
      }
    }
    if (context === null && caller) {
      // Without the call's context, the CRM still tells who is calling.
      try {
        const lookup = await api.request(
          "GET",
          `/customers/lookup?phone=${encodeURIComponent(caller)}`,
        );
        context = { call: { id: callId, caller }, customer: lookup, ivr: { path: [], digits: [] } };
      } catch {
        // An unusable number: show what we have.
      }
    }
    if (this.work?.callId !== callId) return;
    const view = context === null ? null : screenPopModel(context);
    this.work = {
      ...this.work,
      view,
      loading: false,
      problem: view ? null : problem ?? "error",
      caseId: this.work.caseId ?? (view ? lastCase(view)?.id ?? null : null),
    };
  }

  private selectCase(id: number): void {
    if (!this.work) return;
    this.work = { ...this.work, caseId: id };
    this.tab = "case";
  }

  private async onCreateCustomer(event: CustomEvent<{ body: unknown }>): Promise<void> {
    const api = this.api;
    const work = this.work;
    if (!api || !work) return;
    this.creatingCustomer = true;
    try {
      await api.request("POST", "/customers", event.detail.body);
      this.notice = "desk.customerCreated";
      await this.loadContext(work.callId, work.caller);
    } catch (error) {
      console.warn("ui/agent: could not create the customer", error);
      this.notice = "desk.customerCreateFailed";
    } finally {
      this.creatingCustomer = false;
    }
  }

  private onWrapUpSaved(): void {
    if (this.work) this.work = { ...this.work, saved: true };
    void this.agentState.load();
  }

  // --- phone, state and features ---------------------------------------------

  private onPhoneAction(event: CustomEvent<{ action: PhoneAction }>): void {
    switch (event.detail.action) {
      case "answer":
        void this.phone.answer();
        break;
      case "reject":
        void this.phone.reject();
        break;
      case "hangup":
        void this.phone.hangup();
        break;
      case "hold":
        void this.phone.toggleHold();
        break;
      case "mute":
        this.phone.toggleMute();
        break;
    }
  }

  private onDeviceChange(event: CustomEvent<{ kind: "microphone" | "speaker"; id: string }>): void {
    if (event.detail.kind === "microphone") void this.phone.setMicrophone(event.detail.id);
    else this.phone.setSpeaker(event.detail.id);
  }

  private async onStateRequest(
    event: CustomEvent<{ state: "ready" | "not_ready" | "logged_out"; reason?: string }>,
  ): Promise<void> {
    const { state, reason } = event.detail;
    if (state === "ready") await this.goReady();
    else if (state === "not_ready") {
      await this.agentState.setNotReady(
        (reason ?? "break") as Parameters<AgentStateController["setNotReady"]>[0],
      );
    } else await this.agentState.logOut();
  }

  private async goReady(): Promise<void> {
    const ok = await this.agentState.setReady();
    if (ok && this.phone.call?.phase === "ended") this.phone.clearEndedCall();
  }

  private async loadFeatures(): Promise<void> {
    try {
      const spec = await this.requireApi().request<unknown>("GET", "/openapi.json");
      this.features = featuresFromSpec(spec);
    } catch {
      this.features = unknownFeatures();
    }
  }

  private async onFeatureRequest(
    event: CustomEvent<{ feature: CallFeature; target: string; mode: string; note?: string }>,
  ): Promise<void> {
    const { feature, target, mode, note } = event.detail;
    const callId = this.phone.call?.callId;
    const api = this.api;
    if (!api || !callId) return;
    const kind = /^\d{2,6}$/.test(target)
      ? "agent"
      : /^\+?\d{7,}$/.test(target)
      ? "external"
      : feature === "conference"
      ? "agent"
      : "queue";
    const handover = { case_id: this.work?.caseId ?? null, ...(note ? { note } : {}) };
    try {
      const answer = await api.request<{
        transfer?: { state: string; target: { username?: string; name?: string } };
        conference?: { state: string; target: { username?: string } };
      }>("POST", `/calls/${encodeURIComponent(callId)}/${feature}`, {
        target,
        target_type: kind,
        ...(feature === "transfer" ? { mode } : {}),
        ...handover,
      });
      const started = answer.transfer ?? answer.conference;
      if (started?.state === "queued") this.notice = "desk.transferQueued";
      else if (feature === "transfer" && mode === "blind") this.notice = "desk.transferStarted";
      else {
        this.notice = null;
        this.transfer = {
          callId,
          target: started?.target.username ?? target,
          mode: feature === "conference" ? "conference" : "consult",
          state: "ringing",
        };
      }
    } catch (error) {
      if (isMissingEndpoint(error)) {
        this.features = { ...this.features, [feature]: false };
        this.notice = "phone.featureMissing";
      } else {
        this.notice = "desk.featureFailed";
      }
    }
  }

  /** Pauses or resumes the recording of the call on the phone, as the agent asked. */
  private async onRecordingToggle(event: CustomEvent<{ paused: boolean }>): Promise<void> {
    const callId = this.phone.call?.callId;
    const api = this.api;
    if (!api || !callId) return;
    const wanted = event.detail.paused;
    const before = this.recording?.callId === callId ? this.recording.paused : false;
    this.recording = { callId, paused: before, busy: true };
    try {
      const answer = await api.request<{ recording: { paused: boolean } }>(
        "POST",
        `/calls/${encodeURIComponent(callId)}/recording/${wanted ? "pause" : "resume"}`,
      );
      this.recording = { callId, paused: answer.recording.paused, busy: false };
    } catch (error) {
      console.warn("ui/agent: recording request failed", error);
      this.recording = { callId, paused: before, busy: false };
      this.notice = "desk.featureFailed";
    }
  }

  private async onTransferAction(event: CustomEvent<{ action: TransferAction }>): Promise<void> {
    const transfer = this.transfer;
    const api = this.api;
    if (!transfer || !api) return;
    const path = `/calls/${encodeURIComponent(transfer.callId)}`;
    this.transferBusy = true;
    try {
      switch (event.detail.action) {
        case "complete":
          await api.request("POST", `${path}/transfer/complete`);
          this.transfer = null;
          this.notice = "desk.transferDone";
          break;
        case "cancel":
          await api.request("POST", `${path}/transfer/cancel`);
          this.transfer = null;
          this.notice = "desk.transferCancelled";
          break;
        case "merge":
          await api.request("POST", `${path}/conference`, {});
          this.transfer = { ...transfer, mode: "conference" };
          break;
      }
    } catch (error) {
      console.warn("ui/agent: transfer request failed", error);
      this.notice = "desk.featureFailed";
    } finally {
      this.transferBusy = false;
    }
  }

  /** A new message in one of this agent's boxes (a shared box has no list: everyone's). */
  private voicemailArrived(event: HubEvent): void {
    const ids = event.data.agent_ids as number[] | null | undefined;
    const me = this.user?.id;
    if (me !== undefined && (!ids || ids.includes(me))) this.notice = "desk.voicemailNew";
  }

  /** Follows the transfer this agent started: answered, handed over, or given up. */
  private followTransfer(event: HubEvent): void {
    const transfer = this.transfer;
    if (!transfer || event.data.call_id !== transfer.callId) return;
    if (event.type === "transfer.answered") this.transfer = { ...transfer, state: "answered" };
    else if (event.type === "transfer.completed") {
      this.transfer = null;
      this.notice = "desk.transferDone";
    } else if (event.type === "transfer.cancelled") {
      this.transfer = null;
      this.notice = "desk.transferCancelled";
    }
  }

  private onHubEvent(event: HubEvent): void {
    this.agentState.handleEvent(event);
    this.monitored = monitoredAfter(
      this.monitored,
      event,
      this.phone.call?.callId ?? this.work?.callId ?? null,
    );
    if (event.type === "voicemail.new") this.voicemailArrived(event);
    if (event.type.startsWith("transfer.")) this.followTransfer(event);
    this.workCounts.handleEvent(event);
  }

  // --- keyboard ---------------------------------------------------------------

  private onKeyDown(event: KeyboardEvent): void {
    const action = matchShortcut(event, isTextEntry(deepActiveElement()));
    if (!action) return;
    event.preventDefault();
    switch (action) {
      case "answer":
        void this.phone.answer();
        break;
      case "hangup":
        void this.phone.hangup();
        break;
      case "hold":
        void this.phone.toggleHold();
        break;
      case "mute":
        this.phone.toggleMute();
        break;
      case "ready": {
        const agent = this.agentState.agent;
        if (!agent) break;
        const rules = stateActions({
          state: agent.state,
          dispositionRequired: (this.work?.view?.dispositionRequired ?? true) &&
            this.work?.callId != null,
          dispositionSaved: this.work?.saved ?? false,
        });
        if (rules.ready.enabled) void this.goReady();
        else this.notice = rules.ready.hint;
        break;
      }
      case "search":
        this.renderRoot.querySelector<CcWorkBar>("cc-work-bar")?.focusSearch();
        break;
      case "myWork":
        this.openList("assigned");
        break;
      case "tier2":
        this.openList("tier2");
        break;
      case "help":
        this.renderRoot.querySelector<CcShortcutHelp>("cc-shortcut-help")?.toggle();
        break;
    }
  }

  private onTabKey(event: KeyboardEvent): void {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    const step = event.key === "ArrowRight" ? 1 : -1;
    const next = TABS[(TABS.indexOf(this.tab) + step + TABS.length) % TABS.length];
    this.tab = next;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`#tab-${next}`)?.focus()
    );
  }

  private requireApi(): ApiClient {
    if (!this.api) throw new Error("The agent desktop needs the API client");
    return this.api;
  }
}

customElements.define("cc-agent-home", CcAgentHome);

declare global {
  interface HTMLElementTagNameMap {
    "cc-agent-home": CcAgentHome;
  }
}
