import { css, html, LitElement, nothing } from "lit";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import {
  type AmdAction,
  type BlendDraft,
  type CampaignDraft,
  DEFAULT_BLEND,
  type NoticeDraft,
} from "./campaigns_controller.ts";

const DAY_NAMES_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const DAY_NAMES_ZH = ["一", "二", "三", "四", "五", "六", "日"];
const RETRIES = ["busy", "no_answer", "failed"] as const;
const KEYS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"] as const;

/**
 * The campaign editor: name, dialling mode, the queue whose agents call, caller ID,
 * calling hours and days, retries per outcome, the attempt limit, the abandon cap,
 * consent, the blending rule (progressive and predictive), an agentless campaign's notice
 * with its "press 1 for an agent", and the script. Values the API refused are shown at
 * their inputs (`errors`, by the API's path).
 *
 * @fires draft-change - `detail` is the changed part of the draft.
 * @fires draft-save - the supervisor saves the draft.
 */
export class CcCampaignEditor extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      form {
        display: grid;
        grid-template-columns: minmax(9rem, max-content) 1fr;
        gap: 0.5rem 0.75rem;
        align-items: center;
      }
      label,
      .label {
        font-size: 0.8125rem;
        color: var(--cc-text-muted);
      }
      input,
      select,
      textarea {
        font: inherit;
        padding: 0.3rem 0.45rem;
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius);
        background: var(--cc-surface);
        color: inherit;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.375rem 0.75rem;
        align-items: center;
      }
      .days label {
        display: inline-flex;
        gap: 0.2rem;
        align-items: center;
        color: inherit;
      }
      input[type="number"] {
        width: 4.5rem;
      }
      textarea {
        min-height: 4rem;
        width: 100%;
        box-sizing: border-box;
      }
      fieldset {
        grid-column: 1 / -1;
        display: grid;
        grid-template-columns: minmax(9rem, max-content) 1fr;
        gap: 0.5rem 0.75rem;
        align-items: center;
        margin: 0;
        padding: 0.5rem 0.75rem 0.75rem;
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius);
      }
      legend {
        font-size: 0.8125rem;
        font-weight: 600;
        padding: 0 0.25rem;
      }
      .field {
        display: flex;
        flex-direction: column;
        gap: 0.2rem;
      }
      .field .hint {
        margin: 0;
        font-size: 0.75rem;
        color: var(--cc-text-muted);
      }
      .field .error {
        margin: 0;
        font-size: 0.8125rem;
        color: var(--cc-danger, #b42318);
      }
      input[aria-invalid="true"],
      select[aria-invalid="true"] {
        border-color: var(--cc-danger, #b42318);
      }
      .actions {
        grid-column: 1 / -1;
        display: flex;
        gap: 0.5rem;
      }
    `,
  ];

  static override properties = {
    draft: { attribute: false },
    queues: { attribute: false },
    saving: { type: Boolean },
    errors: { attribute: false },
  };

  declare draft: CampaignDraft;
  declare queues: { id: number; name: string }[];
  declare saving: boolean;
  /** Refused values by the API's path (`options.blend.outbound_share`). */
  declare errors: Record<string, string>;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.queues = [];
    this.saving = false;
    this.errors = {};
  }

  override render() {
    const d = this.draft;
    const o = d.options;
    const days = document.documentElement.lang.startsWith("zh") ? DAY_NAMES_ZH : DAY_NAMES_EN;
    return html`
      <form data-testid="campaign-editor" novalidate @submit=${this.onSubmit}>
        <label for="name">${t("campaigns.name")}</label>
        <input id="name" data-testid="campaign-name" required maxlength="100" .value=${d.name}
          @input=${(e: Event) => this.change({ name: this.value(e) })} />

        <label for="mode">${t("campaigns.mode")}</label>
        <select id="mode" data-testid="campaign-mode"
          @change=${(e: Event) => this.change({ mode: this.value(e) as CampaignDraft["mode"] })}>
          ${(["preview", "progressive", "predictive", "agentless"] as const).map((m) =>
            html`<option value=${m} ?selected=${d.mode === m}>${
              t(`campaigns.mode.${m}` as MessageKey)
            }</option>`
          )}
        </select>

        <label for="queue">${t("campaigns.queue")}</label>
        <select id="queue" data-testid="campaign-queue"
          @change=${(e: Event) => this.change({ queue_id: Number(this.value(e)) || null })}>
          <option value="" ?selected=${d.queue_id === null}>${t("campaigns.noQueue")}</option>
          ${this.queues.map((q) =>
            html`<option value=${q.id} ?selected=${d.queue_id === q.id}>${q.name}</option>`
          )}
        </select>

        <label for="cid">${t("campaigns.callerId")}</label>
        <input id="cid" inputmode="tel" placeholder=${t("campaigns.callerIdHint")}
          .value=${d.caller_id ?? ""}
          @input=${(e: Event) => this.change({ caller_id: this.value(e).trim() || null })} />

        <span class="label">${t("campaigns.hours")}</span>
        <div class="row">
          <input type="time" aria-label=${t("campaigns.hours")} .value=${o.hours.start}
            @input=${(e: Event) => this.options({ hours: { ...o.hours, start: this.value(e) } })} />
          –
          <input type="time" aria-label=${t("campaigns.hours")} .value=${o.hours.end}
            @input=${(e: Event) => this.options({ hours: { ...o.hours, end: this.value(e) } })} />
          <span class="days" role="group" aria-label=${t("campaigns.days")}>
            ${days.map((name, i) =>
              html`<label><input type="checkbox" .checked=${o.hours.days.includes(i + 1)}
                @change=${(e: Event) =>
                this.toggleDay(i + 1, (e.target as HTMLInputElement).checked)}
              />${name}</label>`
            )}
          </span>
        </div>

        <span class="label">${t("campaigns.retries")}</span>
        <div class="row">
          ${RETRIES.map((k) =>
            html`
              <span class="row" data-testid="retry-${k}">
                <strong>${t(`campaigns.retry.${k}` as MessageKey)}</strong>
                <input type="number" min="0" max="10" aria-label=${t("campaigns.times")}
                  .value=${String(o.retries[k].times)}
                  @input=${(e: Event) => this.retry(k, { times: Number(this.value(e)) })} />
                <span class="label">${t("campaigns.afterMin")}</span>
                <input type="number" min="1" aria-label=${t("campaigns.afterMin")}
                  .value=${String(Math.round(o.retries[k].after_s / 60))}
                  @input=${(e: Event) => this.retry(k, { after_s: Number(this.value(e)) * 60 })} />
              </span>
            `
          )}
        </div>

        <label for="max">${t("campaigns.maxAttempts")}</label>
        <input id="max" type="number" min="1" max="20" .value=${String(o.max_attempts)}
          @input=${(e: Event) => this.options({ max_attempts: Number(this.value(e)) })} />

        <label for="cap">${t("campaigns.abandonCap")}</label>
        <input id="cap" type="number" min="0" max="20" step="0.5"
          .value=${String(+(o.abandon_cap * 100).toFixed(1))}
          @input=${(e: Event) => this.options({ abandon_cap: Number(this.value(e)) / 100 })} />

        <span></span>
        <label class="row"><input type="checkbox" .checked=${o.needs_consent}
          @change=${(e: Event) =>
            this.options({ needs_consent: (e.target as HTMLInputElement).checked })} />
          ${t("campaigns.needsConsent")}</label>

        ${this.renderBlend()} ${this.renderCustomerFirst()}

        <label for="script">${t("campaigns.script")}</label>
        <textarea id="script" .value=${o.script}
          @input=${(e: Event) => this.options({ script: this.value(e) })}></textarea>

        <div class="actions">
          <button class="button primary" type="submit" data-testid="campaign-save"
            ?disabled=${this.saving || !d.name.trim()}>${t("campaigns.save")}</button>
        </div>
      </form>
    `;
  }

  /**
   * The blending rule, for campaigns that take the queue's agents: how many inbound
   * callers may wait, the service level floor and the share of agents on calls out.
   */
  private renderBlend() {
    const d = this.draft;
    if (d.mode !== "progressive" && d.mode !== "predictive") return nothing;
    const blend: BlendDraft = { ...DEFAULT_BLEND, ...d.options.blend };
    const set = (change: Partial<BlendDraft>) => this.options({ blend: { ...blend, ...change } });
    return html`
      <fieldset data-testid="campaign-blend">
        <legend>${t("outbound5.blend")}</legend>
        <label for="blend-waiting">${t("outbound5.blend.waiting")}</label>
        ${this.field(
          "options.blend.max_inbound_waiting",
          html`
            <input id="blend-waiting" data-testid="blend-waiting" type="number" min="0"
              max="1000" step="1" .value=${String(blend.max_inbound_waiting)}
              aria-invalid=${this.invalid("options.blend.max_inbound_waiting")}
              aria-describedby=${this.describedBy("options.blend.max_inbound_waiting", true)}
              @input=${(e: Event) => set({ max_inbound_waiting: this.number(e) })} />
          `,
          t("outbound5.blend.waitingHint"),
        )}
        <label for="blend-sl">${t("outbound5.blend.serviceLevel")}</label>
        ${this.field(
          "options.blend.min_service_level",
          html`
            <input id="blend-sl" data-testid="blend-service-level" type="number" min="0"
              max="100" step="1" placeholder=${t("outbound5.blend.noFloor")}
              .value=${blend.min_service_level === null ? "" : String(blend.min_service_level)}
              aria-invalid=${this.invalid("options.blend.min_service_level")}
              aria-describedby=${this.describedBy("options.blend.min_service_level", true)}
              @input=${(e: Event) =>
                set({ min_service_level: this.value(e).trim() === "" ? null : this.number(e) })} />
          `,
          t("outbound5.blend.serviceLevelHint"),
        )}
        <label for="blend-share">${t("outbound5.blend.share")}</label>
        ${this.field(
          "options.blend.outbound_share",
          html`
            <input id="blend-share" data-testid="blend-share" type="number" min="0" max="100"
              step="5" .value=${String(+(blend.outbound_share * 100).toFixed(1))}
              aria-invalid=${this.invalid("options.blend.outbound_share")}
              aria-describedby=${this.describedBy("options.blend.outbound_share", true)}
              @input=${(e: Event) => set({ outbound_share: this.number(e) / 100 })} />
          `,
          t("outbound5.blend.shareHint"),
        )}
      </fieldset>
    `;
  }

  /** "Press 1 to speak to an agent" on an agentless notice: the key, the queue, the words. */
  private renderToAgent() {
    const o = this.draft.options;
    const notice: NoticeDraft = { text: "", ...o.notice };
    const digit = notice.agent_digit ?? null;
    const set = (change: Partial<NoticeDraft>) =>
      this.options({ notice: { ...notice, ...change } });
    return html`
      <fieldset data-testid="campaign-to-agent">
        <legend>${t("outbound5.toAgent")}</legend>
        <label for="agent-digit">${t("outbound5.toAgent.key")}</label>
        ${this.field(
          "options.notice.agent_digit",
          html`
            <select id="agent-digit" data-testid="agent-digit"
              aria-invalid=${this.invalid("options.notice.agent_digit")}
              aria-describedby=${this.describedBy("options.notice.agent_digit", false)}
              @change=${(e: Event) => {
                const key = this.value(e) || null;
                set({
                  agent_digit: key,
                  agent_text: key ? t("outbound5.toAgent.defaultText", { key }) : notice.agent_text,
                });
              }}>
                        <option value="" ?selected=${digit === null}>${t(
                          "outbound5.toAgent.off",
                        )}</option>
                        ${KEYS.map((k) =>
                          html`<option value=${k} ?selected=${digit === k}>${k}</option>`
                        )}
                      </select>
          `,
        )}
        ${digit === null ? nothing : html`
          <label for="agent-queue">${t("outbound5.toAgent.queue")}</label>
          ${this.field(
            "options.notice.agent_queue_id",
            html`
              <select id="agent-queue" data-testid="agent-queue"
                aria-invalid=${this.invalid("options.notice.agent_queue_id")}
                aria-describedby=${this.describedBy("options.notice.agent_queue_id", false)}
                @change=${(e: Event) => set({ agent_queue_id: Number(this.value(e)) || null })}>
                            <option value="" ?selected=${!notice.agent_queue_id}>${t(
                              "campaigns.noQueue",
                            )}</option>
                            ${this.queues.map((q) =>
                              html`<option value=${q.id} ?selected=${
                                notice.agent_queue_id === q.id
                              }>${q.name}</option>`
                            )}
                          </select>
            `,
          )}
          <label for="agent-text">${t("outbound5.toAgent.text")}</label>
          ${this.field(
            "options.notice.agent_text",
            html`
              <input id="agent-text" data-testid="agent-text" maxlength="500"
                .value=${notice.agent_text ?? t("outbound5.toAgent.defaultText", { key: digit })}
                aria-invalid=${this.invalid("options.notice.agent_text")}
                aria-describedby=${this.describedBy("options.notice.agent_text", true)}
                @input=${(e: Event) => set({ agent_text: this.value(e) })} />
            `,
            t("outbound5.toAgent.textHint"),
          )}
        `}
      </fieldset>
    `;
  }

  /** An input with its hint and the API's refusal beneath it. */
  private field(path: string, input: unknown, hint?: string) {
    const id = this.fieldId(path);
    // The API counts the share from 0 to 1; the input, and so the message, in percent.
    const error = this.errors[path] && path === "options.blend.outbound_share"
      ? t("outbound5.blend.shareRange")
      : this.errors[path];
    return html`<div class="field">
      ${input} ${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : nothing} ${
      error
        ? html`<p class="error" id="${id}-error" data-testid="error-${path}">${error}</p>`
        : nothing
    }
    </div>`;
  }

  private fieldId(path: string): string {
    return `f-${path.replaceAll(".", "-")}`;
  }

  private invalid(path: string): "true" | "false" {
    return this.errors[path] ? "true" : "false";
  }

  private describedBy(path: string, hint: boolean): string {
    const id = this.fieldId(path);
    return [hint ? `${id}-hint` : "", this.errors[path] ? `${id}-error` : ""].join(" ").trim();
  }

  private number(e: Event): number {
    return Number(this.value(e));
  }

  /** The notice of an agentless campaign, and answering-machine detection. */
  private renderCustomerFirst() {
    const d = this.draft;
    if (d.mode !== "predictive" && d.mode !== "agentless") return nothing;
    const o = d.options;
    const amd = { enabled: false, on_machine: "hang_up" as AmdAction, message: "", ...o.amd };
    return html`
      ${d.mode === "agentless"
        ? html`
          <label for="notice">${t("campaigns.notice")}</label>
          <textarea id="notice" data-testid="campaign-notice" maxlength="2000"
            placeholder=${t("campaigns.noticeHint")} .value=${o.notice?.text ?? ""}
            @input=${(e: Event) => this.options({ notice: { ...o.notice, text: this.value(e) } })}
          ></textarea>
          ${this.renderToAgent()}
        `
        : nothing}
      <span></span>
      <label class="row"><input type="checkbox" data-testid="campaign-amd" .checked=${amd.enabled}
        @change=${(e: Event) =>
          this.options({ amd: { ...amd, enabled: (e.target as HTMLInputElement).checked } })} />
        ${t("campaigns.amd")}</label>
      ${amd.enabled
        ? html`
          <label for="on-machine">${t("campaigns.amdAction")}</label>
          <select id="on-machine" @change=${(e: Event) =>
            this.options({ amd: { ...amd, on_machine: this.value(e) as AmdAction } })}>
            ${(["hang_up", "leave_message", "agent"] as const).map((a) =>
              html`<option value=${a} ?selected=${amd.on_machine === a}>${
                t(`campaigns.amd.${a}` as MessageKey)
              }</option>`
            )}
          </select>
          ${amd.on_machine === "leave_message"
            ? html`
              <label for="amd-message">${t("campaigns.amdMessage")}</label>
              <input id="amd-message" maxlength="1000" .value=${amd.message}
                @input=${(e: Event) => this.options({ amd: { ...amd, message: this.value(e) } })} />
            `
            : nothing}
        `
        : nothing}
    `;
  }

  private value(e: Event): string {
    return (e.target as HTMLInputElement).value;
  }

  private change(change: Partial<CampaignDraft>): void {
    this.dispatchEvent(new CustomEvent("draft-change", { detail: change }));
  }

  private options(change: Partial<CampaignDraft["options"]>): void {
    this.change({ options: { ...this.draft.options, ...change } });
  }

  private retry(kind: typeof RETRIES[number], change: { times?: number; after_s?: number }) {
    const retries = { ...this.draft.options.retries };
    retries[kind] = { ...retries[kind], ...change };
    this.options({ retries });
  }

  private toggleDay(day: number, on: boolean): void {
    const hours = this.draft.options.hours;
    const days = on
      ? [...new Set([...hours.days, day])].sort()
      : hours.days.filter((d) => d !== day);
    this.options({ hours: { ...hours, days } });
  }

  private onSubmit(event: Event): void {
    event.preventDefault();
    this.dispatchEvent(new CustomEvent("draft-save"));
  }
}

customElements.define("cc-campaign-editor", CcCampaignEditor);

declare global {
  interface HTMLElementTagNameMap {
    "cc-campaign-editor": CcCampaignEditor;
  }
}
