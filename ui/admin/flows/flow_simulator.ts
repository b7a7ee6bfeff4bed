import { css, html, LitElement, nothing } from "lit";
import { I18nController, t } from "../../common/i18n.ts";
import { baseStyles } from "../../common/styles.ts";
import { adminStyles } from "../admin_styles.ts";
import type { SimulationRun } from "./flow_editor_controller.ts";

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];

/**
 * The simulator beside the canvas: the caller's number, when the call happens (to try
 * hours and holidays) and keys from an on-screen keypad. A run walks the draft; each step
 * can be stepped through, highlighting its node on the canvas, with the prompts it plays
 * (playable here), the variables at the end and the route taken.
 *
 * @fires simulate - `{ caller, at, digits }`: run the flow.
 * @fires sim-node - `{ id }`: the step shown is at this node (null: none).
 */
export class CcFlowSimulator extends LitElement {
  static override styles = [
    baseStyles,
    adminStyles,
    css`
      :host {
        display: block;
      }
      form {
        display: grid;
        gap: 0.5rem;
      }
      .keypad {
        display: grid;
        grid-template-columns: repeat(3, 3rem);
        gap: 0.25rem;
      }
      .keypad button {
        height: 2.25rem;
        font-size: 1rem;
      }
      ol {
        margin: 0;
        padding-left: 1.25rem;
        font-size: 0.85rem;
      }
      li.here {
        font-weight: 700;
        color: #8a5a00;
      }
      .route {
        font-weight: 600;
      }
      dl {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.125rem 0.5rem;
        margin: 0;
        font-size: 0.8rem;
      }
      dt {
        color: var(--cc-text-muted);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
    `,
  ];

  static override properties = {
    result: { attribute: false },
    running: { attribute: false },
    problem: { attribute: false },
    caller: { state: true },
    at: { state: true },
    digits: { state: true },
    step: { state: true },
  };

  /** The last run, from the editor. */
  declare result: SimulationRun | null;
  declare running: boolean;
  declare problem: string | null;
  declare private caller: string;
  declare private at: string;
  declare private digits: string;
  declare private step: number;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.result = null;
    this.running = false;
    this.problem = null;
    this.caller = "+8613800138000";
    this.at = "";
    this.digits = "";
    this.step = 0;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("result") && this.result) {
      this.step = this.steps().length - 1;
      this.fire("sim-node", { id: this.steps()[this.step] ?? null });
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.fire("sim-node", { id: null });
  }

  override render() {
    const steps = this.steps();
    return html`
      <form data-testid="flow-simulator" @submit=${this.onRun}>
        <label>
          ${t("flows.sim.caller")}
          <input
            name="caller"
            .value=${this.caller}
            @input=${(e: Event) => this.caller = (e.target as HTMLInputElement).value}
          />
        </label>
        <label>
          ${t("flows.sim.at")}
          <input
            type="datetime-local"
            name="at"
            .value=${this.at}
            @input=${(e: Event) => this.at = (e.target as HTMLInputElement).value}
          />
          <span class="hint">${t("flows.sim.atHint")}</span>
        </label>
        <label>
          ${t("flows.sim.keys")}
          <input
            name="digits"
            data-testid="sim-digits"
            .value=${this.digits}
            @input=${(e: Event) => this.digits = (e.target as HTMLInputElement).value}
          />
        </label>
        <div class="keypad" role="group" aria-label=${t("flows.sim.keypad")}>
          ${KEYS.map((k) =>
            html`<button class="button" type="button" data-key=${k} @click=${() =>
              this.press(k)}>${k}</button>`
          )}
        </div>
        <div class="actions">
          <button class="button primary" type="submit" data-testid="sim-run" ?disabled=${this
            .running}>
            ${t("flows.sim.run")}
          </button>
          <button class="button" type="button" @click=${() => this.digits = ""}>
            ${t("flows.sim.clear")}
          </button>
        </div>
      </form>
      ${this.problem ? html`<p class="banner bad" role="alert">${this.problem}</p>` : nothing}
      ${this.result
        ? html`
          <p class="route" data-testid="sim-route">
            ${t("flows.sim.route", { route: describeRoute(this.result.route) })}
          </p>
          <div class="actions">
            <button class="button" type="button" ?disabled=${this.step <= 0} @click=${() =>
              this.go(this.step - 1)}>
              ${t("flows.sim.back")}
            </button>
            <button class="button" type="button" ?disabled=${this.step >= steps.length - 1}
              @click=${() => this.go(this.step + 1)}>${t("flows.sim.next")}</button>
          </div>
          <ol data-testid="sim-steps">
            ${steps.map((id, i) =>
              html`<li class=${i === this.step ? "here" : ""} @click=${() => this.go(i)}>${id}
                ${
                this.promptsAt(id).length
                  ? html`
                    — ${this.promptsAt(id).map((p) =>
                      html`
                        <button class="link" type="button" @click=${() =>
                          this.playPrompt(p)}>${p.text ??
                          p.name ?? p.kind}</button>
                      `
                    )}
                  `
                  : nothing
              }</li>`
            )}
          </ol>
          <h4>${t("flows.sim.variables")}</h4>
          <dl>
            ${Object.entries(this.result.variables).map(([k, v]) =>
              html`
                <dt>${k}</dt>
                <dd>${JSON.stringify(v)}</dd>
              `
            )}
          </dl>
        `
        : nothing}
    `;
  }

  private steps(): string[] {
    return (this.result?.events ?? [])
      .filter((e) => e.type === "ivr.node_entered")
      .map((e) => String(e.data.node));
  }

  private promptsAt(node: string): SimulationRun["prompts"] {
    return (this.result?.prompts ?? []).filter((p) => p.node === node);
  }

  private playPrompt(p: SimulationRun["prompts"][number]): void {
    const language = (p as { language?: string }).language ?? "zh-CN";
    if (p.kind === "prompt" && p.name) {
      void new Audio(`/api/v1/ivr/prompts/${language}/${encodeURIComponent(p.name)}/audio`).play()
        .catch(() => {});
    } else if (p.text && "speechSynthesis" in globalThis) {
      const utterance = new SpeechSynthesisUtterance(p.text);
      utterance.lang = language;
      speechSynthesis.speak(utterance);
    }
  }

  private press(key: string): void {
    this.digits += key;
  }

  private go(step: number): void {
    this.step = step;
    this.fire("sim-node", { id: this.steps()[step] ?? null });
  }

  private onRun(event: Event): void {
    event.preventDefault();
    const at = this.at ? new Date(this.at).toISOString() : "";
    this.fire("simulate", { caller: this.caller.trim(), at, digits: this.digits });
  }

  private fire(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}

/** A route as one phrase: "queue Support", "voicemail", "hangup (caller)". */
export function describeRoute(route: { type: string; [key: string]: unknown }): string {
  const detail = route.queue ?? route.to ?? route.box ?? route.reason;
  return detail ? `${route.type} ${String(detail)}` : route.type;
}

customElements.define("cc-flow-simulator", CcFlowSimulator);

declare global {
  interface HTMLElementTagNameMap {
    "cc-flow-simulator": CcFlowSimulator;
  }
}
