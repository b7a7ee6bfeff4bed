import { css, html, LitElement, nothing } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";
import { MicRecorder } from "./prompt_recorder.ts";
import { type Prompt, PromptsController } from "./prompts_controller.ts";
import { refusalMessage, useLabel } from "./refusal_messages.ts";

/** Where a new prompt's audio comes from. */
type Source = "file" | "mic" | "text";

const FIELD_LABELS: Record<string, MessageKey> = {
  name: "admin.prompts.name",
  language: "admin.users.language",
  description: "admin.prompts.description",
  file: "prompts.file",
  text: "prompts.text",
};

/**
 * The prompts calls hear: built-in ones with their text, uploaded ones to play in the
 * page, each with the flows and queues that play it; and a form that adds a prompt from
 * a file, a microphone recording or typed text (what is not audio, or too long, is
 * refused before anything is stored). A recording no one plays can be deleted.
 */
export class CcPromptsPanel extends LitElement {
  static override styles = [
    baseStyles,
    areaStyles,
    adminStyles,
    css`
      /* One column: the list needs the width (text, uses, a player); the form sits above. */
      .screen {
        grid-template-columns: minmax(0, 1fr);
      }
      form.add {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
        gap: 0.75rem 1rem;
        align-items: start;
      }
      form.add .wide {
        grid-column: 1 / -1;
      }
      h3 {
        margin: 0;
        font-size: 1rem;
      }
      h3 + .hint {
        margin-bottom: 0.75rem;
      }
      td.lang {
        white-space: nowrap;
      }
      td.uses {
        min-width: 10rem;
      }
      td.listen {
        white-space: nowrap;
      }
      td.listen audio {
        vertical-align: middle;
      }
      td.uses div + div {
        margin-top: 0.125rem;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    query: { state: true },
    notice: { state: true },
    problem: { state: true },
    listProblem: { state: true },
    busy: { state: true },
    source: { state: true },
    recorded: { state: true },
    recordingSeconds: { state: true },
  };

  /** The signed-in API client. */
  declare api: ApiClient;
  declare private query: string;
  declare private notice: string | null;
  /** What went wrong, worded when shown, so it follows a change of language. */
  declare private problem: (() => string) | null;
  /** Why a deletion was refused. */
  declare private listProblem: (() => string) | null;
  declare private busy: boolean;
  declare private source: Source;
  /** The last recording, kept until it is saved or replaced. */
  declare private recorded: { wav: Blob; url: string; seconds: number } | null;
  /** Seconds recorded so far, while recording. */
  declare private recordingSeconds: number | null;

  private readonly i18n = new I18nController(this);
  private data: PromptsController | undefined;
  private mic: MicRecorder | undefined;
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.query = "";
    this.notice = null;
    this.problem = null;
    this.listProblem = null;
    this.busy = false;
    this.source = "file";
    this.recorded = null;
    this.recordingSeconds = null;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("api") && !this.data) {
      this.data = new PromptsController(this, this.api);
      void this.data.load();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopTicker();
    this.mic?.close();
    if (this.recorded) URL.revokeObjectURL(this.recorded.url);
  }

  override render() {
    const data = this.data!;
    return html`
      <div class="screen" data-testid="admin-prompts">
        <section class="panel" aria-labelledby="prompts-title">
          <header>
            <h2 id="prompts-title">${t("admin.prompts.title")}</h2>
            <p class="intro">${t("admin.prompts.intro")}</p>
          </header>
          <div class="panel-body">
            <h3 id="add-title">${t("prompts.add")}</h3>
            <p class="hint">
              ${t("prompts.maxLength", { minutes: Math.round(data.maxDurationMs / 60_000) })}
            </p>
            ${this.notice ? html`<p class="banner good" role="status">${this.notice}</p>` : nothing}
            ${this.problem
              ? html`<p class="banner bad" role="alert" data-testid="prompt-problem">${this.problem()}</p>`
              : nothing}
            <form class="add" novalidate @submit=${this.onSave} data-testid="prompt-form">
              <label>
                ${t("prompts.source")}
                <select
                  name="source"
                  .value=${this.source}
                  @change=${(e: Event) =>
                    this.source = (e.target as HTMLSelectElement).value as Source}
                >
                  <option value="file">${t("prompts.source.file")}</option>
                  <option value="mic">${t("prompts.source.mic")}</option>
                  <option value="text">${t("prompts.source.text")}</option>
                </select>
              </label>
              <label>
                ${t("admin.prompts.name")}
                <input name="name" required pattern="[a-z0-9_]{1,64}" />
                <span class="hint">${t("admin.prompts.nameHint")}</span>
              </label>
              <label>
                ${t("admin.users.language")}
                <select name="language">
                  <option value="zh-CN">${t("lang.zh-CN")}</option>
                  <option value="en">${t("lang.en")}</option>
                </select>
              </label>
              <label>
                ${t("admin.prompts.description")}
                <input name="description" />
              </label>
              ${this.renderSource()}
              <div class="actions wide">
                <button class="button primary" type="submit" ?disabled=${this.busy ||
                  this.recordingSeconds !== null}>
                  ${t("prompts.save")}
                </button>
              </div>
            </form>
          </div>
        </section>
        <section class="panel" aria-label=${t("admin.prompts.title")}>
          <div class="panel-body">
            <div class="toolbar">
              <label>
                ${t("admin.list.search")}
                <input
                  type="search"
                  placeholder=${t("admin.list.searchPlaceholder")}
                  .value=${this.query}
                  @input=${(e: Event) => this.query = (e.target as HTMLInputElement).value}
                />
              </label>
            </div>
            ${data.error ? html`<p class="banner bad" role="alert">${data.error}</p>` : nothing}
            ${this.listProblem
              ? html`<p class="banner bad" role="alert" data-testid="list-problem">${this.listProblem()}</p>`
              : nothing}
            <table data-testid="list">
              <thead>
                <tr>
                  <th scope="col">${t("admin.prompts.name")}</th>
                  <th scope="col">${t("admin.users.language")}</th>
                  <th scope="col">${t("admin.prompts.says")}</th>
                  <th scope="col">${t("prompts.usedBy")}</th>
                  <th scope="col">${t("admin.prompts.listen")}</th>
                </tr>
              </thead>
              <tbody>
                ${data.filter(this.query).map((p) => this.renderRow(p))}
              </tbody>
            </table>
          </div>
        </section>
      </div>
    `;
  }

  private renderRow(p: Prompt) {
    return html`
      <tr data-prompt="${p.language}/${p.name}">
        <td>${p.name}</td>
        <td class="lang">${t(`lang.${p.language}`)}</td>
        <td>${p.path ? p.description || t("admin.prompts.uploaded") : p.text}</td>
        <td class="uses" data-testid="used-by">
          ${p.used_by.length === 0
            ? html`<span class="muted">${t("prompts.unused")}</span>`
            : p.used_by.map((use) => html`<div>${useLabel(use)}</div>`)}
        </td>
        <td class="listen">
          <audio
            controls
            preload="none"
            aria-label="${p.name} (${t(`lang.${p.language}`)})"
            src="/api/v1/ivr/prompts/${p.language}/${p.name}/audio"
          ></audio>
          ${p.path
            ? html`
              <button
                class="button"
                type="button"
                ?disabled=${this.busy}
                @click=${() => this.onDelete(p)}
              >
                ${t("prompts.delete")}
              </button>
            `
            : html`<span class="muted">${t("admin.prompts.speech")}</span>`}
        </td>
      </tr>
    `;
  }

  private renderSource() {
    switch (this.source) {
      case "file":
        return html`
          <label>
            ${t("prompts.file")}
            <input name="file" type="file" accept="audio/*,.wav" required />
          </label>
        `;
      case "text":
        return html`
          <label class="wide">
            ${t("prompts.text")}
            <textarea name="text" rows="3" maxlength="1000" required></textarea>
            <span class="hint">${t("prompts.textHint")}</span>
          </label>
        `;
      case "mic":
        return html`
          <div class="actions wide" data-testid="recorder">
            ${this.recordingSeconds === null
              ? html`
                <button class="button" type="button" @click=${this.onRecord}>
                  ${t("prompts.record")}
                </button>
              `
              : html`
                <button class="button" type="button" @click=${this.onStop}>
                  ${t("prompts.stop")}
                </button>
                <span role="status">${t("prompts.recording", {
                  seconds: this.recordingSeconds,
                })}</span>
              `}
          </div>
          ${this.recorded
            ? html`
              <p class="hint wide" role="status">
                ${t("prompts.recorded", { seconds: this.recorded.seconds.toFixed(1) })}
              </p>
              <audio
                class="wide"
                controls
                data-testid="recording-preview"
                src=${this.recorded.url}
              ></audio>
            `
            : nothing}
        `;
    }
  }

  private async onRecord(): Promise<void> {
    this.problem = null;
    this.notice = null;
    this.mic = new MicRecorder();
    try {
      await this.mic.start();
    } catch (error) {
      this.problem = () =>
        t("prompts.micRefused", {
          reason: error instanceof Error ? error.message : String(error),
        });
      return;
    }
    const started = performance.now();
    this.recordingSeconds = 0;
    this.ticker = setInterval(() => {
      this.recordingSeconds = Math.floor((performance.now() - started) / 1000);
    }, 250);
  }

  private async onStop(): Promise<void> {
    this.stopTicker();
    try {
      const { wav, seconds } = await this.mic!.stop();
      if (this.recorded) URL.revokeObjectURL(this.recorded.url);
      this.recorded = { wav, seconds, url: URL.createObjectURL(wav) };
    } catch (error) {
      this.problem = () =>
        t("prompts.micRefused", {
          reason: error instanceof Error ? error.message : String(error),
        });
    } finally {
      this.recordingSeconds = null;
    }
  }

  private stopTicker(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }

  private async onSave(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const values = new FormData(form);
    const name = String(values.get("name") ?? "").trim();
    const language = String(values.get("language"));
    const description = String(values.get("description") ?? "").trim();
    this.notice = null;
    if (!/^[a-z0-9_]{1,64}$/.test(name)) {
      this.problem = () => t("admin.prompts.nameHint");
      return;
    }
    let save: () => Promise<void>;
    if (this.source === "file") {
      const file = values.get("file");
      if (!(file instanceof File) || file.size === 0) {
        this.problem = () => t("admin.prompts.fileMissing");
        return;
      }
      save = () => this.data!.upload(name, language, description, file);
    } else if (this.source === "mic") {
      const recorded = this.recorded;
      if (!recorded) {
        this.problem = () => t("prompts.noRecording");
        return;
      }
      save = () => this.data!.upload(name, language, description, recorded.wav);
    } else {
      const text = String(values.get("text") ?? "").trim();
      if (!text) {
        this.problem = () => t("prompts.textMissing");
        return;
      }
      save = () => this.data!.speak(name, language, text, description);
    }
    this.busy = true;
    try {
      await save();
      this.problem = null;
      this.notice = t("admin.form.saved");
      form.reset();
      this.source = "file";
      if (this.recorded) URL.revokeObjectURL(this.recorded.url);
      this.recorded = null;
    } catch (error) {
      this.problem = () =>
        refusalMessage(error, (path) => {
          const key = FIELD_LABELS[path];
          return key && t(key);
        });
    } finally {
      this.busy = false;
    }
  }

  private async onDelete(p: Prompt): Promise<void> {
    const language = t(`lang.${p.language}`);
    if (!confirm(t("prompts.deleteConfirm", { name: p.name, language }))) return;
    this.busy = true;
    this.notice = null;
    try {
      await this.data!.remove(p);
      this.listProblem = null;
      this.notice = t("prompts.deleted");
    } catch (error) {
      this.listProblem = () => refusalMessage(error);
    } finally {
      this.busy = false;
    }
  }
}

customElements.define("cc-prompts-panel", CcPromptsPanel);

declare global {
  interface HTMLElementTagNameMap {
    "cc-prompts-panel": CcPromptsPanel;
  }
}
