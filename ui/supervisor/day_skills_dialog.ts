import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { getLanguage, I18nController, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import type { DaySkillsView } from "./supervision_controller.ts";
import { followModal, modalStyles } from "../common/modal_dialog.ts";

/**
 * A modal dialog where a supervisor sets an agent's skill levels for the rest of the day:
 * one level per skill the center has (0: not today), with the standing level beside it.
 * A native modal `<dialog>`: focus stays inside while it is open, Escape closes it, and
 * focus goes back to what opened it.
 *
 * @fires day-skills-save - `{ agentId, skills }` the levels that differ from the standing ones
 * @fires day-skills-close - the dialog was closed without saving
 */
export class CcDaySkillsDialog extends LitElement {
  static override styles = [
    baseStyles,
    modalStyles,
    css`
      dialog {
        max-width: 34rem;
      }
      p {
        margin: 0 0 0.75rem;
        font-size: 0.875rem;
      }
      .skills {
        display: grid;
        grid-template-columns: 1fr 5rem auto;
        gap: 0.375rem 0.75rem;
        align-items: center;
        margin-bottom: 1rem;
        font-size: 0.875rem;
      }
      .skills small {
        color: var(--cc-text-muted);
      }
      .skills input {
        width: 4.5rem;
      }
      .buttons {
        display: flex;
        gap: 0.5rem;
        justify-content: flex-end;
        flex-wrap: wrap;
      }
    `,
  ];

  static override properties = {
    view: { attribute: false },
  };

  /** The agent's skills today; null closes the dialog. */
  declare view: DaySkillsView | null;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.view = null;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("view")) followModal(this.renderRoot, Boolean(this.view), "input");
  }

  override render() {
    const view = this.view;
    return html`
      <dialog
        data-testid="day-skills-dialog"
        aria-labelledby="day-skills-title"
        @cancel=${this.onCancel}
        @keydown=${this.onKeydown}
      >
        ${view ? this.renderForm(view) : nothing}
      </dialog>
    `;
  }

  private renderForm(view: DaySkillsView) {
    const level = (skill: string) => view.skills.find((s) => s.skill === skill);
    const names = [...new Set([...view.all, ...view.skills.map((s) => s.skill)])].sort();
    return html`
      <form method="dialog" @submit=${this.onSave}>
        <h2 id="day-skills-title">${t("supervision.skillsTodayOf", { name: view.name })}</h2>
        <p>${t("supervision.skillsToday.lead")}</p>
        ${view.expires_at
          ? html`<p data-testid="day-skills-until">${
            t("supervision.skillsToday.until", {
              time: new Date(view.expires_at).toLocaleString(getLanguage()),
            })
          }</p>`
          : nothing}
        <div class="skills">
          ${names.map((skill) => {
            const s = level(skill);
            return html`
              <label for=${`skill-${skill}`}>${skill}</label>
              <input
                id=${`skill-${skill}`}
                name=${skill}
                type="number"
                min="0"
                max="10"
                step="1"
                required
                data-testid="day-skill-level"
                .value=${String(s?.level ?? 0)}
              />
              <small>${t("supervision.skillsToday.standing", {
                level: s?.standing ?? t("supervision.skillsToday.none"),
              })}</small>
            `;
          })}
        </div>
        <div class="buttons">
          <button type="button" class="button" data-testid="day-skills-cancel"
            @click=${this.onCancel}>${t("supervision.skillsToday.cancel")}</button>
          <button type="button" class="button" data-testid="day-skills-reset"
            @click=${this.onReset}>${t("supervision.skillsToday.reset")}</button>
          <button type="submit" class="button primary" data-testid="day-skills-save">${t(
            "supervision.skillsToday.save",
          )}</button>
        </div>
      </form>
    `;
  }

  /**
   * Keeps Tab inside: a modal dialog blocks the page behind it, but the browser would
   * still let focus leave for its own controls after the last button.
   */
  private onKeydown(event: KeyboardEvent): void {
    if (event.key !== "Tab") return;
    const dialog = event.currentTarget as HTMLDialogElement;
    const stops = [...dialog.querySelectorAll<HTMLElement>("input, button, select, textarea")];
    if (stops.length === 0) return;
    const first = stops[0];
    const last = stops[stops.length - 1];
    const active = this.renderRoot instanceof ShadowRoot
      ? this.renderRoot.activeElement
      : document.activeElement;
    if (event.shiftKey && active === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }

  private onSave(event: Event): void {
    event.preventDefault();
    const view = this.view;
    if (!view) return;
    const form = event.target as HTMLFormElement;
    const skills = [...form.querySelectorAll<HTMLInputElement>("input")].map((input) => ({
      skill: input.name,
      level: Math.max(0, Math.min(10, Math.round(Number(input.value) || 0))),
    })).filter((s) => {
      const standing = view.skills.find((v) => v.skill === s.skill)?.standing ?? 0;
      return s.level !== standing;
    });
    this.dispatch("day-skills-save", { agentId: view.agent_id, skills });
  }

  private onReset(): void {
    if (this.view) this.dispatch("day-skills-save", { agentId: this.view.agent_id, skills: [] });
  }

  private onCancel(event: Event): void {
    // Escape: the element, not the browser, closes the dialog, so `view` stays the truth.
    event.preventDefault();
    this.dispatch("day-skills-close", {});
  }

  private dispatch(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

customElements.define("cc-day-skills-dialog", CcDaySkillsDialog);

declare global {
  interface HTMLElementTagNameMap {
    "cc-day-skills-dialog": CcDaySkillsDialog;
  }
}
