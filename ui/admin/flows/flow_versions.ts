import { css, html, LitElement, nothing } from "lit";
import { I18nController, t } from "../../common/i18n.ts";
import { baseStyles } from "../../common/styles.ts";
import { adminStyles } from "../admin_styles.ts";
import type { FlowDiff } from "./flow_diff.ts";
import type { FlowVersion } from "./flow_editor_controller.ts";
import { dateTime } from "../../common/dates.ts";

/**
 * A flow's versions: who published each and when, with the comment they gave; a diff of
 * any two (nodes added, removed and changed, with the fields that changed); and rolling
 * back to an earlier published version.
 *
 * @fires compare - `{ from, to }`: diff two versions.
 * @fires rollback - `{ version }`: make an earlier published version run again.
 */
export class CcFlowVersions extends LitElement {
  static override styles = [
    baseStyles,
    adminStyles,
    css`
      :host {
        display: block;
      }
      .tag {
        font-size: 0.75rem;
      }
      .diff h4 {
        margin: 0.5rem 0 0.25rem;
      }
      .diff ul {
        margin: 0;
        padding-left: 1.25rem;
      }
      .added {
        color: #1b7f3a;
      }
      .removed {
        color: var(--cc-danger, #c62828);
      }
      .changed {
        color: #8a5a00;
      }
    `,
  ];

  static override properties = {
    versions: { attribute: false },
    published: { attribute: false },
    diff: { attribute: false },
    from: { state: true },
    to: { state: true },
  };

  declare versions: FlowVersion[];
  /** The version callers run now. */
  declare published: number | null;
  /** The diff the editor computed for the last compare. */
  declare diff: FlowDiff | null;
  declare private from: number | null;
  declare private to: number | null;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.versions = [];
    this.published = null;
    this.diff = null;
    this.from = null;
    this.to = null;
  }

  override render() {
    const numbers = this.versions.map((v) => v.version);
    const from = this.from ?? numbers[1] ?? numbers[0] ?? null;
    const to = this.to ?? numbers[0] ?? null;
    return html`
      <table data-testid="flow-history">
        <thead>
          <tr>
            <th scope="col">${t("flows.ver.version")}</th>
            <th scope="col">${t("flows.ver.published")}</th>
            <th scope="col">${t("flows.ver.comment")}</th>
            <th scope="col"></th>
          </tr>
        </thead>
        <tbody>
          ${this.versions.map((v) =>
            html`
              <tr>
                <td>v${v.version} ${v.version === this.published
                  ? html`<span class="tag">${t("flows.ver.live")}</span>`
                  : nothing}</td>
                <td>${v.published_at
                  ? html`${dateTime(v.published_at)}<br /><span class="muted">${
                    v
                      .published_by ?? ""
                  }</span>`
                  : html`<span class="muted">${t("flows.ver.draft")}</span>`}</td>
                <td>${v.comment}</td>
                <td>${v.published_at && v.version !== this.published
                  ? html`<button class="button" type="button" @click=${() =>
                    this.fire("rollback", { version: v.version })}>${
                    t("flows.ver.rollback")
                  }</button>`
                  : nothing}</td>
              </tr>
            `
          )}
        </tbody>
      </table>
      ${numbers.length > 1
        ? html`
          <div class="toolbar">
            <label>${t("flows.ver.from")}
              <select @change=${(e: Event) =>
                this.from = Number((e.target as HTMLSelectElement).value)}>
                ${numbers.map((n) =>
                  html`<option value=${n} ?selected=${n === from}>v${n}</option>`
                )}
              </select>
            </label>
            <label>${t("flows.ver.to")}
              <select @change=${(e: Event) =>
                this.to = Number((e.target as HTMLSelectElement).value)}>
                ${numbers.map((n) => html`<option value=${n} ?selected=${n === to}>v${n}</option>`)}
              </select>
            </label>
            <button class="button" type="button" data-testid="flow-compare"
              @click=${() => this.fire("compare", { from, to })}>${t("flows.ver.compare")}</button>
          </div>
        `
        : nothing}
      ${this.diff ? this.renderDiff(this.diff) : nothing}
    `;
  }

  private renderDiff(diff: FlowDiff) {
    const empty = diff.added.length + diff.removed.length + diff.changed.length +
        diff.settings.length === 0;
    return html`
      <div class="diff" data-testid="flow-diff">
        ${empty ? html`<p class="muted">${t("flows.ver.same")}</p>` : nothing}
        <p class="hint">${t("flows.ver.onCanvas")}</p>
        ${diff.added.length
          ? html`
            <h4 class="added">${t("flows.ver.added")}</h4>
            <ul>${diff.added.map((id) => html`<li class="added">+ ${id}</li>`)}</ul>
          `
          : nothing}
        ${diff.removed.length
          ? html`
            <h4 class="removed">${t("flows.ver.removed")}</h4>
            <ul>${diff.removed.map((id) => html`<li class="removed">− ${id}</li>`)}</ul>
          `
          : nothing}
        ${diff.changed.length
          ? html`
            <h4 class="changed">${t("flows.ver.changed")}</h4>
            <ul>${diff.changed.map((c) =>
              html`<li class="changed">~ ${c.node}: ${c.fields.join(", ")}</li>`
            )}</ul>
          `
          : nothing}
        ${diff.settings.length
          ? html`
            <h4>${t("flows.ver.settings")}</h4>
            <p>${diff.settings.join(", ")}</p>
          `
          : nothing}
      </div>
    `;
  }

  private fire(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}

customElements.define("cc-flow-versions", CcFlowVersions);

declare global {
  interface HTMLElementTagNameMap {
    "cc-flow-versions": CcFlowVersions;
  }
}
