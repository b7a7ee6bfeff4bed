import { css, html, LitElement, nothing } from "lit";
import { type ApiClient, ApiError } from "../../common/api_client.ts";
import { I18nController, t } from "../../common/i18n.ts";
import { areaStyles, baseStyles } from "../../common/styles.ts";
import { adminStyles } from "../admin_styles.ts";
import type { FlowProblem } from "./flow_model.ts";
import { type FlowListItem, FlowsController } from "./flows_controller.ts";

/**
 * The call flows: each with its published version, whether a draft waits, and the
 * numbers that run it; new, duplicate, import, export and delete (the server refuses to
 * delete a flow a number still uses, and the refusal is shown as it says it).
 *
 * @fires flow-open - `{ id }`: the admin opened a flow in the editor.
 */
export class CcFlowsPanel extends LitElement {
  static override styles = [
    baseStyles,
    areaStyles,
    adminStyles,
    css`
      .screen {
        grid-template-columns: 1fr;
      }
      .row-actions {
        display: flex;
        gap: 0.25rem;
        flex-wrap: wrap;
      }
      .problems {
        margin: 0.25rem 0 0;
        padding-left: 1.25rem;
      }
      .file {
        position: relative;
      }
      .file input {
        position: absolute;
        inset: 0;
        opacity: 0;
        cursor: pointer;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    newName: { state: true },
    notice: { state: true },
    problem: { state: true },
    problems: { state: true },
  };

  /** The signed-in API client. */
  declare api: ApiClient;
  declare private newName: string;
  declare private notice: string | null;
  declare private problem: string | null;
  declare private problems: FlowProblem[];

  private readonly i18n = new I18nController(this);
  private data: FlowsController | undefined;

  constructor() {
    super();
    this.newName = "";
    this.notice = null;
    this.problem = null;
    this.problems = [];
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("api") && !this.data) {
      this.data = new FlowsController(this, this.api);
      void this.data.load();
    }
  }

  override render() {
    const data = this.data!;
    return html`
      <div class="screen" data-testid="admin-flows">
        <section class="panel" aria-labelledby="flows-title">
          <header>
            <h2 id="flows-title">${t("flows.title")}</h2>
            <p class="intro">${t("flows.intro")}</p>
          </header>
          <div class="panel-body">
            <form class="toolbar" @submit=${this.onCreate}>
              <label>
                ${t("flows.newName")}
                <input
                  name="name"
                  required
                  maxlength="100"
                  .value=${this.newName}
                  @input=${(e: Event) => this.newName = (e.target as HTMLInputElement).value}
                />
              </label>
              <button class="button primary" type="submit" data-testid="flow-new">
                ${t("flows.new")}
              </button>
              <span class="button file">
                ${t("flows.import")}
                <input
                  type="file"
                  accept="application/json,.json"
                  aria-label=${t("flows.import")}
                  data-testid="flow-import"
                  @change=${this.onImport}
                />
              </span>
            </form>
            ${this.notice ? html`<p class="banner good" role="status">${this.notice}</p>` : nothing}
            ${this.problem
              ? html`
                <div class="banner bad" role="alert" data-testid="flows-problem">
                  ${this.problem} ${this.problems.length
                    ? html`<ul class="problems">${
                      this.problems.map((p) =>
                        html`<li>${
                          p.node
                            ? html`
                              <strong>${p.node}</strong>:
                            `
                            : nothing
                        }${p.message}</li>`
                      )
                    }</ul>`
                    : nothing}
                </div>
              `
              : nothing}
            ${data.error ? html`<p class="banner bad" role="alert">${data.error}</p>` : nothing}
            <table data-testid="list">
              <thead>
                <tr>
                  <th scope="col">${t("flows.name")}</th>
                  <th scope="col">${t("flows.published")}</th>
                  <th scope="col">${t("flows.draft")}</th>
                  <th scope="col">${t("flows.numbers")}</th>
                  <th scope="col">${t("flows.actions")}</th>
                </tr>
              </thead>
              <tbody>
                ${data.flows.map((flow) => this.renderRow(flow))}
              </tbody>
            </table>
            ${!data.loading && data.flows.length === 0
              ? html`<p class="muted">${t("flows.none")}</p>`
              : nothing}
          </div>
        </section>
      </div>
    `;
  }

  private renderRow(flow: FlowListItem) {
    return html`
      <tr data-flow=${flow.name}>
        <td>
          <button class="link" type="button" @click=${() => this.open(flow.id)}>${flow
            .name}</button>
          ${flow.description ? html`<div class="muted">${flow.description}</div>` : nothing}
        </td>
        <td>${flow.published_version
          ? t("flows.version", { version: flow.published_version })
          : html`<span class="muted">${t("flows.notPublished")}</span>`}</td>
        <td>${flow.draft_version
          ? t("flows.draftWaiting", { version: flow.draft_version })
          : html`<span class="muted">${t("flows.noDraft")}</span>`}</td>
        <td>${flow.dids.length
          ? flow.dids.join(", ")
          : html`<span class="muted">${t("flows.noNumbers")}</span>`}</td>
        <td>
          <div class="row-actions">
            <button class="button" type="button" @click=${() => this.open(flow.id)}>
              ${t("flows.open")}
            </button>
            <button class="button" type="button" @click=${() => this.onDuplicate(flow)}>
              ${t("flows.duplicate")}
            </button>
            <a class="button" href=${this.data!.exportUrl(flow)} download>${t("flows.export")}</a>
            <button
              class="button"
              type="button"
              data-testid="flow-delete"
              @click=${() => this.onDelete(flow)}
            >${t("flows.delete")}</button>
          </div>
        </td>
      </tr>
    `;
  }

  private open(id: number): void {
    this.dispatchEvent(
      new CustomEvent("flow-open", { detail: { id }, bubbles: true, composed: true }),
    );
  }

  private say(notice: string | null, problem: string | null = null, problems: FlowProblem[] = []) {
    this.notice = notice;
    this.problem = problem;
    this.problems = problems;
  }

  private refused(error: unknown): void {
    const details = error instanceof ApiError
      ? (error.details as { problems?: FlowProblem[] } | null)
      : null;
    this.say(null, (error as Error).message, details?.problems ?? []);
  }

  private async onCreate(event: Event): Promise<void> {
    event.preventDefault();
    const name = this.newName.trim();
    if (!name) return;
    try {
      const id = await this.data!.create(name);
      this.newName = "";
      this.open(id);
    } catch (error) {
      this.refused(error);
    }
  }

  private async onDuplicate(flow: FlowListItem): Promise<void> {
    let name = t("flows.copyName", { name: flow.name });
    for (let n = 2; this.data!.flows.some((f) => f.name === name); n++) {
      name = t("flows.copyNameN", { name: flow.name, n });
    }
    try {
      await this.data!.duplicate(flow, name);
      this.say(t("flows.duplicated", { name }));
    } catch (error) {
      this.refused(error);
    }
  }

  private async onImport(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    let document: unknown;
    try {
      document = JSON.parse(await file.text());
    } catch {
      this.say(null, t("flows.importNotJson", { file: file.name }));
      return;
    }
    try {
      const result = await this.data!.importDocument(document);
      this.say(
        t(result.created ? "flows.imported" : "flows.importedDraft", { name: result.flow.name }),
        result.problems.length ? t("flows.importProblems") : null,
        result.problems,
      );
    } catch (error) {
      this.refused(error);
    }
  }

  private async onDelete(flow: FlowListItem): Promise<void> {
    if (!confirm(t("flows.confirmDelete", { name: flow.name }))) return;
    try {
      await this.data!.remove(flow);
      this.say(t("flows.deleted", { name: flow.name }));
    } catch (error) {
      this.refused(error);
    }
  }
}

customElements.define("cc-flows-panel", CcFlowsPanel);

declare global {
  interface HTMLElementTagNameMap {
    "cc-flows-panel": CcFlowsPanel;
  }
}
