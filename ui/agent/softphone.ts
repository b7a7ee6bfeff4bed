import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { icons } from "../common/icons.ts";
import { baseStyles } from "../common/styles.ts";
import { formatClock } from "./agent_state_rules.ts";
import type { CallFeature, FeatureMap } from "./call_features.ts";
import { deskStyles } from "./desk_styles.ts";
import "./dial_pad.ts";
import "./level_meter.ts";
import type {
  AudioDevice,
  CallView,
  LineProblem,
  MicProblem,
  PhoneCall,
  RegistrationState,
} from "./softphone_controller.ts";

/** A call control the softphone asks its owner to perform. */
export type PhoneAction = "answer" | "reject" | "hangup" | "hold" | "mute";

const REGISTRATION_LABELS: Record<RegistrationState, MessageKey> = {
  idle: "phone.reg.idle",
  connecting: "phone.reg.connecting",
  registered: "phone.reg.registered",
  reconnecting: "phone.reg.reconnecting",
  stopped: "phone.reg.stopped",
};

const PROBLEM_TEXT: Record<LineProblem | MicProblem, MessageKey> = {
  mic_blocked: "phone.problem.micBlocked",
  mic_missing: "phone.problem.micMissing",
  unsupported: "phone.problem.unsupported",
  connection_lost: "phone.problem.connectionLost",
  no_extension: "phone.problem.noExtension",
  auth_failed: "phone.problem.authFailed",
  call_failed: "phone.problem.callFailed",
};

const END_TEXT: Record<NonNullable<CallView["endCause"]>, MessageKey> = {
  local: "phone.ended.local",
  remote: "phone.ended.remote",
  rejected: "phone.ended.rejected",
  missed: "phone.ended.missed",
  failed: "phone.ended.failed",
};

/**
 * The browser softphone: registration status, the ringing call with answer
 * and reject, call controls (hold, mute, keypad, hang up, transfer and
 * conference), level meters for both directions, and microphone and speaker
 * selection. It plays the caller through a hidden audio element.
 *
 * It holds no SIP state itself: its owner passes the controller's state in
 * and performs the actions it asks for.
 *
 * @fires phone-action - `detail.action` is a {@linkcode PhoneAction}.
 * @fires dtmf - `detail.tone` is a keypad digit to send.
 * @fires device-change - `detail.kind` is `"microphone"` or `"speaker"`, `detail.id` the device.
 * @fires feature-request - `detail.feature` is `"transfer"` or `"conference"`, `detail.target`
 *   the agent extension, queue or number typed in, `detail.mode` `"blind"` or `"consult"`,
 *   `detail.note` a note for the receiving agent.
 */
export class CcSoftphone extends LitElement {
  static override styles = [
    baseStyles,
    deskStyles,
    css`
      .status {
        display: inline-flex;
        align-items: center;
        gap: 0.375rem;
        font-size: 0.75rem;
        font-weight: 600;
        color: var(--cc-text-muted);
        white-space: nowrap;
      }
      .status .dot {
        width: 0.5rem;
        height: 0.5rem;
        border-radius: 50%;
        background: var(--cc-text-subtle);
      }
      .status[data-state="registered"] .dot {
        background: var(--cc-success);
        box-shadow: 0 0 0 3px var(--cc-success-soft);
      }
      .status[data-state="connecting"] .dot,
      .status[data-state="reconnecting"] .dot {
        background: var(--cc-warning);
      }
      .body {
        display: grid;
        gap: 0.75rem;
        padding: 0.875rem;
      }
      .problems {
        display: grid;
        gap: 0.5rem;
      }
      .problems:empty {
        display: none;
      }
      .who {
        display: grid;
        justify-items: center;
        gap: 0.125rem;
        padding: 0.75rem 0.5rem;
        border-radius: var(--cc-radius);
        background: var(--cc-surface-muted);
        text-align: center;
      }
      .who .kicker {
        font-size: 0.75rem;
        font-weight: 650;
        letter-spacing: 0.04em;
        text-transform: uppercase;
        color: var(--cc-text-muted);
      }
      .who .number {
        font-size: 1.25rem;
        font-weight: 650;
        font-variant-numeric: tabular-nums;
        overflow-wrap: anywhere;
      }
      .who .timer {
        font-family: var(--cc-font-mono);
        font-size: 0.9375rem;
        color: var(--cc-text-muted);
      }
      :host([phase="ringing"]) .who {
        background: var(--cc-info-soft);
        animation: ring 1.4s ease-in-out infinite;
      }
      :host([phase="ringing"]) .who .kicker {
        color: var(--cc-info-text);
      }
      :host([phase="talking"]) .who .kicker {
        color: var(--cc-success);
      }
      @keyframes ring {
        50% {
          box-shadow: 0 0 0 4px var(--cc-info-border);
        }
      }
      .answer-row {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 0.5rem;
      }
      .controls {
        display: grid;
        grid-template-columns: repeat(3, 1fr);
        gap: 0.375rem;
      }
      .controls .button {
        flex-direction: column;
        gap: 0.125rem;
        min-height: 3.25rem;
        padding: 0.375rem 0.25rem;
        font-size: 0.75rem;
      }
      .hangup {
        width: 100%;
      }
      .meters {
        display: grid;
        gap: 0.375rem;
      }
      details {
        border-top: 1px solid var(--cc-border);
        padding-top: 0.5rem;
      }
      summary {
        display: flex;
        align-items: center;
        gap: 0.375rem;
        color: var(--cc-text-muted);
        font-size: 0.8125rem;
        font-weight: 600;
        cursor: pointer;
        list-style: none;
      }
      summary::-webkit-details-marker {
        display: none;
      }
      details[open] summary {
        margin-bottom: 0.5rem;
      }
      .idle {
        display: grid;
        justify-items: center;
        gap: 0.25rem;
        padding: 1rem 0.5rem;
        color: var(--cc-text-muted);
        text-align: center;
      }
      .idle .art {
        display: grid;
        place-items: center;
        width: 2.75rem;
        height: 2.75rem;
        border-radius: 50%;
        background: var(--cc-accent-soft);
        color: var(--cc-accent);
      }
      .idle strong {
        color: var(--cc-text);
      }
    `,
  ];

  static override properties = {
    registration: { type: String },
    extension: { type: String },
    problem: { type: String },
    micProblem: { type: String },
    call: { attribute: false },
    session: { attribute: false },
    inputs: { attribute: false },
    outputs: { attribute: false },
    microphoneId: { type: String },
    speakerId: { type: String },
    features: { attribute: false },
    offers: { attribute: false },
    queue: { type: String },
    phase: { type: String, reflect: true },
    showPad: { state: true },
    featureForm: { state: true },
    now: { state: true },
  };

  /** Where the phone stands with the registrar. */
  declare registration: RegistrationState;
  /** The registered extension. */
  declare extension: string | null;
  /** A line problem to explain. */
  declare problem: LineProblem | null;
  /** A microphone problem to explain. */
  declare micProblem: MicProblem | null;
  /** The current or just-ended call. */
  declare call: CallView | null;
  /** The call's media handle, for playback and meters. */
  declare session: PhoneCall | null;
  declare inputs: readonly AudioDevice[];
  declare outputs: readonly AudioDevice[];
  declare microphoneId: string;
  declare speakerId: string;
  /** Which server-backed features exist. */
  declare features: FeatureMap;
  /**
   * The call features this phone offers at all: an agent's transfers and conferences; a
   * supervisor's phone, which only carries monitoring, offers none.
   */
  declare offers: readonly CallFeature[];
  /** The queue the ringing call comes from, when known. */
  declare queue: string | null;
  /** The call's phase (or `idle`), reflected for styling and tests. */
  declare phase: string;
  declare private showPad: boolean;
  declare private featureForm: CallFeature | null;
  declare private now: number;

  private readonly i18n = new I18nController(this);
  #clock: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.registration = "idle";
    this.extension = null;
    this.problem = null;
    this.micProblem = null;
    this.call = null;
    this.session = null;
    this.inputs = [];
    this.outputs = [];
    this.microphoneId = "";
    this.speakerId = "";
    this.features = { transfer: null, conference: null, dial: null };
    this.offers = ["transfer", "conference"];
    this.queue = null;
    this.phase = "idle";
    this.showPad = false;
    this.featureForm = null;
    this.now = Date.now();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#clock = setInterval(() => {
      if (this.call?.phase === "talking" || this.call?.phase === "ringing") this.now = Date.now();
    }, 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#clock);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("call")) {
      this.phase = this.call?.phase ?? "idle";
      this.now = Date.now();
      if (this.call?.phase !== "talking") {
        this.showPad = false;
        this.featureForm = null;
      }
    }
  }

  override render() {
    return html`
      <section class="card" aria-labelledby="phone-title" data-testid="softphone">
        <div class="card-head">
          <h2 id="phone-title">${icons.headset(18)}${t("phone.title")}</h2>
          <span
            class="status"
            data-testid="sip-status"
            data-state=${this.registration}
            role="status"
            aria-live="polite"
          >
            <span class="dot" aria-hidden="true"></span>
            ${t(REGISTRATION_LABELS[this.registration])}
          </span>
        </div>
        <div class="body">
          <div class="problems" role="alert">${this.renderProblems()}</div>
          ${this.renderCall()} ${this.renderDevices()}
        </div>
        <audio data-testid="remote-audio" autoplay hidden></audio>
      </section>
    `;
  }

  protected override updated(): void {
    const audio = this.renderRoot.querySelector<HTMLAudioElement>("audio");
    if (!audio) return;
    const remote = this.call && this.call.phase !== "ended"
      ? this.session?.remoteStream() ?? null
      : null;
    if (audio.srcObject !== remote) {
      audio.srcObject = remote;
      if (remote) void audio.play().catch(() => {});
    }
    const sink = audio as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
    const sinkId = (audio as unknown as { sinkId?: string }).sinkId ?? "";
    if (sink.setSinkId && sinkId !== this.speakerId) {
      void sink.setSinkId(this.speakerId).catch((error) =>
        console.warn("ui/softphone: could not switch the speaker", error)
      );
    }
  }

  private renderProblems() {
    const shown = [this.micProblem, this.problem].filter((p): p is LineProblem | MicProblem =>
      p !== null
    );
    return shown.map((problem) =>
      html`
        <div
          class=${problem === "connection_lost" ? "alert warn" : "alert"}
          data-testid="phone-problem"
          data-problem=${problem}
        >
                ${icons.alert(16)}<span>${t(PROBLEM_TEXT[problem])}</span>
              </div>
      `
    );
  }

  private renderCall() {
    const call = this.call;
    if (!call) {
      return html`
        <div class="idle" data-testid="phone-idle">
          <span class="art">${icons.phone(22)}</span>
          <strong>${this.registration === "registered"
            ? t("phone.idleTitle")
            : t("phone.offlineTitle")}</strong>
          <span class="subtle">${this.registration === "registered"
            ? t("phone.idleText")
            : t("phone.offlineText")}</span>
          ${this.extension
            ? html`<span class="chip" data-testid="sip-extension">${
              t("user.extension", {
                extension: this.extension,
              })
            }</span>`
            : nothing}
        </div>
      `;
    }
    const caller = call.callerName && call.callerName !== call.caller
      ? `${call.callerName} · ${call.caller}`
      : call.caller || t("phone.unknownCaller");
    if (call.phase === "ringing" || call.phase === "connecting") {
      return html`
        <div class="who" data-testid="incoming-call">
          <span class="kicker">${t("phone.incoming")}</span>
          <span class="number" data-testid="caller">${caller}</span>
          ${this.queue
            ? html`<span class="subtle">${t("phone.viaQueue", { queue: this.queue })}</span>`
            : nothing}
        </div>
        <div class="answer-row">
          <button
            class="button success"
            type="button"
            data-testid="answer"
            ?disabled=${call.phase === "connecting"}
            title=${t("phone.answerHint")}
            @click=${() => this.act("answer")}
          >
            ${icons.phone(18)}${call.phase === "connecting"
              ? t("phone.connecting")
              : t("phone.answer")}
          </button>
          <button
            class="button danger"
            type="button"
            data-testid="reject"
            @click=${() => this.act("reject")}
          >
            ${icons.phoneOff(18)}${t("phone.reject")}
          </button>
        </div>
      `;
    }
    if (call.phase === "ended") {
      const length = call.answeredAt && call.endedAt
        ? formatClock((call.endedAt - call.answeredAt) / 1000)
        : null;
      return html`
        <div class="who" data-testid="call-ended">
          <span class="kicker">${t(END_TEXT[call.endCause ?? "local"])}</span>
          <span class="number">${caller}</span>
          ${length ? html`<span class="timer">${length}</span>` : nothing}
        </div>
      `;
    }
    const talked = call.answeredAt ? formatClock((this.now - call.answeredAt) / 1000) : "0:00";
    return html`
      <div class="who" data-testid="active-call">
        <span class="kicker">${call.held ? t("phone.onHold") : t("phone.talking")}</span>
        <span class="number" data-testid="caller">${caller}</span>
        <span class="timer" data-testid="call-timer">${talked}</span>
      </div>
      <div class="meters">
        <cc-level-meter
          data-testid="mic-level"
          .label=${t("phone.levelMic")}
          .stream=${this.session?.localStream() ?? null}
        ></cc-level-meter>
        <cc-level-meter
          data-testid="caller-level"
          .label=${t("phone.levelCaller")}
          .stream=${this.session?.remoteStream() ?? null}
        ></cc-level-meter>
      </div>
      <div class="controls">
        <button
          class="button"
          type="button"
          data-testid="hold"
          aria-pressed=${call.held ? "true" : "false"}
          title=${t("phone.holdHint")}
          @click=${() => this.act("hold")}
        >
          ${icons.pause(18)}${call.held ? t("phone.resume") : t("phone.hold")}
        </button>
        <button
          class="button"
          type="button"
          data-testid="mute"
          aria-pressed=${call.muted ? "true" : "false"}
          title=${t("phone.muteHint")}
          @click=${() => this.act("mute")}
        >
          ${call.muted ? icons.micOff(18) : icons.mic(18)}${call.muted
            ? t("phone.unmute")
            : t("phone.mute")}
        </button>
        <button
          class="button"
          type="button"
          data-testid="dialpad-toggle"
          aria-pressed=${this.showPad ? "true" : "false"}
          aria-controls="pad"
          @click=${() => this.showPad = !this.showPad}
        >
          ${icons.dialpad(18)}${t("phone.keypad")}
        </button>
        ${this.renderFeature("transfer", icons.transfer(18), "phone.transfer")}
        ${this.renderFeature("conference", icons.merge(18), "phone.conference")}
        <span></span>
      </div>
      ${this.showPad
        ? html`<cc-dial-pad id="pad" .sent=${call.dtmf} @dtmf=${this.onDtmf}></cc-dial-pad>`
        : nothing} ${this.featureForm ? this.renderFeatureForm(this.featureForm) : nothing}
      <button
        class="button danger hangup"
        type="button"
        data-testid="hangup"
        title=${t("phone.hangupHint")}
        @click=${() => this.act("hangup")}
      >
        ${icons.phoneOff(18)}${t("phone.hangup")}
      </button>
    `;
  }

  private renderFeature(feature: CallFeature, icon: unknown, label: MessageKey) {
    if (!this.offers.includes(feature)) return nothing;
    const missing = this.features[feature] === false;
    return html`
      <button
        class="button"
        type="button"
        data-testid=${feature}
        aria-disabled=${missing ? "true" : "false"}
        title=${missing ? t("phone.featureMissing") : t(label)}
        @click=${() => this.onFeature(feature, missing)}
      >
        ${icon}${t(label)}
      </button>
    `;
  }

  private renderFeatureForm(feature: CallFeature) {
    return html`
      <form class="card-body card" data-testid="feature-form" @submit=${this.onFeatureSubmit}>
        <div class="field">
          <label for="target">${t(
            feature === "transfer" ? "phone.transferTo" : "phone.conferenceWith",
          )}</label>
          <input id="target" name="target" type="text" required autocomplete="off"
            placeholder=${t("phone.targetPlaceholder")} />
        </div>
        <div class="field">
          <label for="handover-note">${t("phone.handoverNote")}</label>
          <textarea id="handover-note" name="note" rows="2" maxlength="2000"
            data-testid="handover-note" placeholder=${t(
              "phone.handoverNotePlaceholder",
            )}></textarea>
        </div>
        ${feature === "transfer"
          ? html`
            <div class="field">
              <label for="mode">${t("phone.transferMode")}</label>
              <select id="mode" name="mode">
                <option value="consult">${t("phone.transferConsult")}</option>
                <option value="blind">${t("phone.transferBlind")}</option>
              </select>
            </div>
          `
          : nothing}
        <div class="row">
          <button class="button primary small" type="submit">${t(
            feature === "transfer" ? "phone.transfer" : "phone.conference",
          )}</button>
          <button class="button small" type="button" @click=${() => this.featureForm = null}>
            ${t("common.cancel")}
          </button>
        </div>
      </form>
    `;
  }

  private renderDevices() {
    const sinkSupported = typeof HTMLMediaElement !== "undefined" &&
      "setSinkId" in HTMLMediaElement.prototype;
    return html`
      <details data-testid="audio-devices">
        <summary>${icons.speaker(16)}${t("phone.devices")}</summary>
        <div class="field">
          <label for="mic">${t("phone.microphone")}</label>
          <select id="mic" data-testid="mic-select" @change=${this.onMicrophone}>
            <option value="" ?selected=${this.microphoneId === ""}>${t("phone.default")}</option>
            ${this.inputs.map((d) =>
              html`<option value=${d.id} ?selected=${
                d.id === this.microphoneId
              }>${d.label}</option>`
            )}
          </select>
        </div>
        <div class="field">
          <label for="speaker">${t("phone.speaker")}</label>
          <select
            id="speaker"
            data-testid="speaker-select"
            ?disabled=${!sinkSupported}
            title=${sinkSupported ? nothing : t("phone.speakerUnsupported")}
            @change=${this.onSpeaker}
          >
            <option value="" ?selected=${this.speakerId === ""}>${t("phone.default")}</option>
            ${this.outputs.map((d) =>
              html`<option value=${d.id} ?selected=${d.id === this.speakerId}>${d.label}</option>`
            )}
          </select>
        </div>
      </details>
    `;
  }

  private act(action: PhoneAction): void {
    this.dispatchEvent(
      new CustomEvent("phone-action", { detail: { action }, bubbles: true, composed: true }),
    );
  }

  private onDtmf(event: CustomEvent<{ tone: string }>): void {
    event.stopPropagation();
    this.dispatchEvent(
      new CustomEvent("dtmf", { detail: event.detail, bubbles: true, composed: true }),
    );
  }

  private onFeature(feature: CallFeature, missing: boolean): void {
    if (missing) return;
    this.featureForm = this.featureForm === feature ? null : feature;
  }

  private onFeatureSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const target = String(data.get("target") ?? "").trim();
    if (!target || !this.featureForm) return;
    this.dispatchEvent(
      new CustomEvent("feature-request", {
        detail: {
          feature: this.featureForm,
          target,
          mode: String(data.get("mode") ?? "blind"),
          note: String(data.get("note") ?? "").trim(),
        },
        bubbles: true,
        composed: true,
      }),
    );
    this.featureForm = null;
  }

  private onMicrophone(event: Event): void {
    const id = (event.target as HTMLSelectElement).value;
    this.dispatchEvent(
      new CustomEvent("device-change", {
        detail: { kind: "microphone", id },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private onSpeaker(event: Event): void {
    const id = (event.target as HTMLSelectElement).value;
    this.dispatchEvent(
      new CustomEvent("device-change", {
        detail: { kind: "speaker", id },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

customElements.define("cc-softphone", CcSoftphone);

declare global {
  interface HTMLElementTagNameMap {
    "cc-softphone": CcSoftphone;
  }
}
