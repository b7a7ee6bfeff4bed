import { css, html, LitElement } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import { ChecklistController } from "./checklist_controller.ts";

/**
 * The steps a new center takes to its first call, each marked done or not and linked
 * to the screen that does it.
 *
 * @fires admin-open - `detail.section` names the screen a step opens
 */
export class CcFirstRunChecklist extends LitElement {
  static override styles = [
    baseStyles,
    areaStyles,
    css`
      ol {
        display: grid;
        gap: 0.5rem;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      li {
        display: flex;
        gap: 0.75rem;
        align-items: center;
        padding: 0.625rem 0.75rem;
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius);
      }
      li.done {
        background: var(--cc-surface-muted);
      }
      .mark {
        width: 1.5rem;
        text-align: center;
        font-weight: 700;
      }
      .done .mark {
        color: #05603a;
      }
      .label {
        flex: 1;
      }
      .state {
        color: var(--cc-text-muted);
        font-size: 0.8125rem;
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
  };

  /** The signed-in API client. */
  declare api: ApiClient;

  private readonly i18n = new I18nController(this);
  private data: ChecklistController | undefined;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("api") && !this.data) {
      this.data = new ChecklistController(this, this.api);
      void this.data.load();
    }
  }

  /** Asks again what the center has. */
  refresh(): Promise<void> {
    return this.data?.load() ?? Promise.resolve();
  }

  override render() {
    const steps = this.data?.steps ?? [];
    const done = steps.filter((s) => s.done).length;
    return html`
      <section class="panel" aria-labelledby="checklist-title" data-testid="admin-checklist">
        <header>
          <h2 id="checklist-title">${t("admin.checklist.title")}</h2>
          <p class="intro">${t("admin.checklist.intro")}</p>
          <p class="intro" role="status">
            ${t("admin.checklist.progress", { done, total: steps.length })}
          </p>
        </header>
        <div class="panel-body">
          <ol>
            ${steps.map((s) =>
              html`
                <li class=${s.done ? "done" : ""} data-testid="step-${s.id}" data-done=${s.done}>
                  <span class="mark" aria-hidden="true">${s.done ? "✓" : "○"}</span>
                  <span class="label">${t(s.label)}</span>
                  <span class="state">${s.done
                    ? t("admin.checklist.done")
                    : t("admin.checklist.todo")}</span>
                  <button class="button" @click=${() => this.open(s.section)}>
                    ${t("admin.checklist.open")}
                  </button>
                </li>
              `
            )}
          </ol>
        </div>
      </section>
    `;
  }

  private open(section: string): void {
    this.dispatchEvent(
      new CustomEvent("admin-open", { detail: { section }, bubbles: true, composed: true }),
    );
  }
}

customElements.define("cc-first-run-checklist", CcFirstRunChecklist);

declare global {
  interface HTMLElementTagNameMap {
    "cc-first-run-checklist": CcFirstRunChecklist;
  }
}
