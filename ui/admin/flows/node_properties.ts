import { css, html, LitElement, nothing } from "lit";
import { I18nController, t } from "../../common/i18n.ts";
import { adminStyles } from "../admin_styles.ts";
import { baseStyles } from "../../common/styles.ts";
import {
  type FlowDoc,
  type FlowNode,
  type FlowProblem,
  flowVariables,
  type JsonSchema,
  MENU_KEY,
  nodeExits,
  nodeName,
  type NodeType,
} from "./flow_model.ts";
import { fieldLabel, typeLabel } from "./type_labels.ts";

/** IANA time zones the browser knows, for the flow's time-zone picker. */
function timeZones(): string[] {
  const intl = Intl as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.("timeZone") ?? ["Asia/Shanghai", "UTC"];
}

/** Fields every node has, edited apart from the type's own parameters. */
const COMMON = new Set(["type", "label", "exits", "ui"]);
const PROMPT_NAME = "^[a-z0-9_]{1,64}$";

function isPromptList(s: JsonSchema): boolean {
  return s.type === "array" && (s.items?.anyOf?.some((a) => a.pattern === PROMPT_NAME) ?? false);
}

/** The alternatives a field takes, without the null zod adds for nullable ones. */
function plain(s: JsonSchema): JsonSchema {
  const alternatives = s.anyOf?.filter((a) => a.type !== "null");
  return alternatives && alternatives.length === 1 ? { ...s, ...alternatives[0] } : s;
}

/**
 * The property panel of the selected node, generated from its type's schema: a picker for
 * queues and schedules, prompt lists with a play button, numbers, switches and choices;
 * anything richer as JSON. Below them, each exit with the node it leads to, which is how
 * the keyboard wires exits. With no node selected, the flow's own settings.
 *
 * @fires node-change - `{ id, node }`: the node's parameters changed.
 * @fires exit-connect - `{ from, exit, to }`: an exit was wired (`to` null unwires it).
 * @fires keys-change - `{ id, keys }`: a menu's keys changed.
 * @fires flow-change - `{ patch }`: the flow's start, fallback, time zone or language changed.
 * @fires node-delete - `{ ids }`: delete the node.
 */
export class CcNodeProperties extends LitElement {
  static override styles = [
    baseStyles,
    adminStyles,
    css`
      :host {
        display: block;
      }
      form {
        display: grid;
        gap: 0.625rem;
      }
      h3 {
        margin: 0;
        font-size: 1rem;
      }
      .exits {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.375rem 0.5rem;
        align-items: center;
      }
      .exits .open {
        color: var(--cc-danger, #c62828);
        font-weight: 600;
      }
      .prompt-row {
        display: flex;
        gap: 0.25rem;
      }
      .prompt-row input {
        flex: 1;
      }
      .problems {
        margin: 0;
        padding-left: 1.1rem;
        color: var(--cc-danger, #c62828);
        font-size: 0.85rem;
      }
      textarea {
        font-family: ui-monospace, monospace;
        font-size: 0.8rem;
        min-height: 4.5rem;
      }
    `,
  ];

  static override properties = {
    doc: { attribute: false },
    nodeId: { attribute: false },
    types: { attribute: false },
    problems: { attribute: false },
    pendingKeys: { attribute: false },
    queues: { attribute: false },
    schedules: { attribute: false },
    prompts: { attribute: false },
    badJson: { state: true },
  };

  declare doc: FlowDoc;
  declare nodeId: string | null;
  declare types: NodeType[];
  declare problems: FlowProblem[];
  declare pendingKeys: Record<string, string[]>;
  declare queues: string[];
  declare schedules: string[];
  declare prompts: { name: string; language: string }[];
  declare private badJson: string | null;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.nodeId = null;
    this.types = [];
    this.problems = [];
    this.pendingKeys = {};
    this.queues = [];
    this.schedules = [];
    this.prompts = [];
    this.badJson = null;
  }

  override render() {
    const id = this.nodeId;
    const node = id ? this.doc.nodes[id] : undefined;
    if (!id || !node) return this.renderFlowSettings();
    const type = this.types.find((t) => t.type === node.type);
    const properties = Object.entries(type?.schema.properties ?? {}).filter(([name]) =>
      !COMMON.has(name)
    );
    const problems = this.problems.filter((p) => p.node === id);
    return html`
      <form data-testid="node-properties" @submit=${(e: Event) => e.preventDefault()}>
        <h3>${typeLabel(node.type)} · <code>${id}</code></h3>
        ${problems.length
          ? html`<ul class="problems" data-testid="node-problems">${
            problems.map((p) => html`<li>${p.message}</li>`)
          }</ul>`
          : nothing}
        <label>
          ${t("flows.prop.label")}
          <input
            name="label"
            .value=${node.label ?? ""}
            @change=${(e: Event) =>
              this.setParam("label", (e.target as HTMLInputElement).value || undefined)}
          />
        </label>
        ${node.type === "menu" ? this.renderKeys(id, node) : nothing}
        ${properties.map(([name, schema]) =>
          this.renderField(
            node,
            name,
            plain(schema),
            type!.schema.required?.includes(name) ?? false,
          )
        )}
        ${this.badJson
          ? html`<p class="error" role="alert">${
            t("flows.prop.badJson", { field: this.badJson })
          }</p>`
          : nothing}
        <datalist id="variable-names">
          ${flowVariables(this.doc).map((v) => html`<option value=${v}></option>`)}
        </datalist>
        <h3>${t("flows.prop.exits")}</h3>
        ${this.renderExits(id, node, type)}
        <div class="actions">
          <button
            class="button"
            type="button"
            ?disabled=${id === this.doc.start || id === this.doc.fallback}
            @click=${() => this.fire("node-delete", { ids: [id] })}
          >${t("flows.deleteNode")}</button>
        </div>
      </form>
    `;
  }

  private renderFlowSettings() {
    const ids = Object.keys(this.doc.nodes);
    const pick = (field: "start" | "fallback") =>
      html`
        <label>
          ${t(field === "start" ? "flows.prop.start" : "flows.prop.fallback")}
          <select
            name=${field}
            @change=${(e: Event) =>
              this.fire("flow-change", {
                patch: { [field]: (e.target as HTMLSelectElement).value },
              })}
          >
            ${ids.map((n) =>
              html`<option value=${n} ?selected=${this.doc[field] === n}>${
                nodeName(this.doc, n)
              }</option>`
            )}
          </select>
        </label>
      `;
    return html`
      <form data-testid="flow-settings" @submit=${(e: Event) => e.preventDefault()}>
        <h3>${t("flows.prop.flow")}</h3>
        <p class="hint">${t("flows.prop.noneSelected")}</p>
        ${pick("start")} ${pick("fallback")}
        <label>
          ${t("flows.prop.timezone")}
          <input
            name="timezone"
            list="time-zones"
            .value=${this.doc.timezone}
            @change=${(e: Event) =>
              this.fire("flow-change", {
                patch: { timezone: (e.target as HTMLInputElement).value },
              })}
          />
        </label>
        <label>
          ${t("flows.prop.language")}
          <select
            name="language"
            @change=${(e: Event) =>
              this.fire("flow-change", {
                patch: { language: (e.target as HTMLSelectElement).value },
              })}
          >
            ${["zh-CN", "en"].map((l) =>
              html`<option value=${l} ?selected=${
                (this.doc.language ?? "zh-CN") === l
              }>${l}</option>`
            )}
          </select>
        </label>
        <datalist id="time-zones">
          ${timeZones().map((z) => html`<option value=${z}></option>`)}
        </datalist>
      </form>
    `;
  }

  private renderKeys(id: string, node: FlowNode) {
    const wired = Object.keys(node.exits ?? {}).filter((k) => MENU_KEY.test(k));
    const keys = [...wired, ...(this.pendingKeys[id] ?? [])];
    return html`
      <label>
        ${t("flows.prop.keys")}
        <input
          name="keys"
          data-testid="menu-keys"
          .value=${keys.join(" ")}
          @change=${(e: Event) => {
            const chosen = [...(e.target as HTMLInputElement).value.replace(/[^0-9*#]/g, "")];
            this.fire("keys-change", { id, keys: [...new Set(chosen)] });
          }}
        />
        <span class="hint">${t("flows.prop.keysHint")}</span>
      </label>
    `;
  }

  private renderExits(id: string, node: FlowNode, type: NodeType | undefined) {
    const exits = nodeExits(node, type, this.pendingKeys[id]);
    if (exits.length === 0) return html`<p class="hint">${t("flows.prop.noExits")}</p>`;
    const others = Object.keys(this.doc.nodes);
    return html`
      <div class="exits" data-testid="node-exits">
        ${exits.map((exit) =>
          html`
            <label for=${`exit-${exit.name}`} class=${exit.required && !exit.target ? "open" : ""}>
              ${exit.name}${exit.required ? "" : ` (${t("flows.prop.optional")})`}
            </label>
            <select
              id=${`exit-${exit.name}`}
              data-exit=${exit.name}
              @change=${(e: Event) =>
                this.fire("exit-connect", {
                  from: id,
                  exit: exit.name,
                  to: (e.target as HTMLSelectElement).value || null,
                })}
            >
              <option value="" ?selected=${!exit.target}>
                ${exit.required ? t("flows.prop.notConnected") : t("flows.prop.toFallback")}
              </option>
              ${others.map((n) =>
                html`<option value=${n} ?selected=${exit.target === n}>${
                  nodeName(this.doc, n)
                }</option>`
              )}
            </select>
          `
        )}
      </div>
    `;
  }

  private renderField(node: FlowNode, name: string, schema: JsonSchema, required: boolean) {
    const value = node[name];
    const label = html`${fieldLabel(name)}${required ? " *" : ""}`;
    const enumValues = schema.enum;
    if (enumValues) {
      return html`
        <label>
          ${label}
          <select name=${name} @change=${(e: Event) =>
            this.setParam(name, (e.target as HTMLSelectElement).value || undefined)}>
            ${required ? nothing : html`<option value="">—</option>`}
            ${enumValues.map((v) =>
              html`<option value=${String(v)} ?selected=${value === v}>${String(v)}</option>`
            )}
          </select>
        </label>
      `;
    }
    if (name === "queue" || name === "schedule") {
      const choices = name === "queue" ? this.queues : this.schedules;
      return html`
        <label>
          ${label}
          <select name=${name} data-testid=${`pick-${name}`} @change=${(e: Event) =>
            this.setParam(name, (e.target as HTMLSelectElement).value || undefined)}>
            <option value="" ?selected=${!value}>${t("flows.prop.choose")}</option>
            ${choices.map((c) => html`<option value=${c} ?selected=${value === c}>${c}</option>`)}
          </select>
        </label>
      `;
    }
    if (schema.type === "boolean") {
      return html`
        <label class="check">
          <input
            type="checkbox"
            name=${name}
            .checked=${value === true}
            @change=${(e: Event) =>
              this.setParam(name, (e.target as HTMLInputElement).checked || undefined)}
          />
          ${fieldLabel(name)}
        </label>
      `;
    }
    if (schema.type === "number" || schema.type === "integer") {
      return html`
        <label>
          ${label}
          <input
            type="number"
            name=${name}
            min=${schema.minimum ?? nothing}
            max=${schema.maximum ?? nothing}
            placeholder=${schema.default !== undefined ? String(schema.default) : ""}
            .value=${value === undefined ? "" : String(value)}
            @change=${(e: Event) => {
              const text = (e.target as HTMLInputElement).value;
              this.setParam(name, text === "" ? undefined : Number(text));
            }}
          />
        </label>
      `;
    }
    if (schema.type === "string") {
      const isVariable = name === "variable" || name === "var";
      return html`
        <label>
          ${label}
          <input
            name=${name}
            list=${isVariable ? "variable-names" : nothing}
            placeholder=${schema.default !== undefined ? String(schema.default) : ""}
            .value=${typeof value === "string" ? value : ""}
            @change=${(e: Event) =>
              this.setParam(name, (e.target as HTMLInputElement).value || undefined)}
          />
        </label>
      `;
    }
    if (
      isPromptList(schema) &&
      (value === undefined || (Array.isArray(value) && value.every((v) => typeof v === "string")))
    ) {
      const names = (value as string[] | undefined) ?? [];
      const fallback = (schema.default as string[] | undefined) ?? [];
      return html`
        <label>
          ${label}
          <span class="prompt-row">
            <input
              name=${name}
              list="prompt-names"
              placeholder=${fallback.join(", ")}
              .value=${names.join(", ")}
              @change=${(e: Event) => {
                const list = (e.target as HTMLInputElement).value.split(/[\s,]+/).filter(Boolean);
                this.setParam(name, list.length ? list : undefined);
              }}
            />
            <button
              class="button"
              type="button"
              aria-label=${t("flows.prop.listen", { name })}
              ?disabled=${names.length + fallback.length === 0}
              @click=${() => this.listen(names.length ? names : fallback)}
            >▶</button>
          </span>
          <datalist id="prompt-names">
            ${[...new Set(this.prompts.map((p) => p.name))].map((p) =>
              html`<option value=${p}></option>`
            )}
          </datalist>
        </label>
      `;
    }
    return html`
      <label>
        ${label}
        <textarea
          name=${name}
          .value=${value === undefined ? "" : JSON.stringify(value, null, 1)}
          @change=${(e: Event) => {
            const text = (e.target as HTMLTextAreaElement).value.trim();
            if (text === "") return this.setParam(name, undefined);
            try {
              this.badJson = null;
              this.setParam(name, JSON.parse(text));
            } catch {
              this.badJson = name;
            }
          }}
        ></textarea>
      </label>
    `;
  }

  private audio: HTMLAudioElement | null = null;

  /** Plays prompts one after another, in the flow's language where it has them. */
  private listen(names: string[]): void {
    const language = this.doc.language ?? "zh-CN";
    const queue = [...names];
    this.audio?.pause();
    const next = () => {
      const name = queue.shift();
      if (!name) return;
      const has = this.prompts.find((p) => p.name === name && p.language === language) ??
        this.prompts.find((p) => p.name === name);
      const audio = new Audio(
        `/api/v1/ivr/prompts/${encodeURIComponent(has?.language ?? language)}/${
          encodeURIComponent(name)
        }/audio`,
      );
      this.audio = audio;
      audio.addEventListener("ended", next);
      void audio.play().catch(() => {});
    };
    next();
  }

  private setParam(name: string, value: unknown): void {
    const id = this.nodeId!;
    const node: FlowNode = structuredClone(this.doc.nodes[id]);
    if (value === undefined) delete node[name];
    else node[name] = value;
    this.fire("node-change", { id, node });
  }

  private fire(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}

customElements.define("cc-node-properties", CcNodeProperties);

declare global {
  interface HTMLElementTagNameMap {
    "cc-node-properties": CcNodeProperties;
  }
}
