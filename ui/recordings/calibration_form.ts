import { html, nothing, type TemplateResult } from "lit";
import { fieldWiring, formField } from "../admin/form_field.ts";
import { t } from "../common/i18n.ts";
import { CALIBRATION_FIELDS, type CalibrationInput } from "./review_plan_controller.ts";

/** What the start-calibration form shows: refusals at their inputs or beneath, the forms. */
export interface CalibrationFormState {
  errors: Record<string, string>;
  notice: string | null;
  /** The forms in use, to choose from. */
  forms: { id: number; name: string }[];
  busy: boolean;
}

type Field = keyof CalibrationInput;

/** The form that starts a calibration on the call in the player; `onSubmit` gets its event. */
export function calibrationForm(
  state: CalibrationFormState,
  onSubmit: (event: SubmitEvent) => void,
): TemplateResult {
  const { id, label, invalid, notes, described } = fieldWiring<Field>(
    "calibrate",
    (name) => t(CALIBRATION_FIELDS[name]!),
    state.errors,
  );
  return html`
    <form class="calibrate" data-testid="qa-calibrate" @submit=${onSubmit}>
      ${formField(
        id("name"),
        label("name"),
        html`
          <input id=${id("name")} name="name" required maxlength="120"
            aria-invalid=${invalid("name")} aria-describedby=${described("name")}>
        `,
        notes("name"),
      )} ${formField(
        id("form_id"),
        label("form_id"),
        html`
          <select id=${id("form_id")} name="form_id" aria-invalid=${invalid("form_id")}
            aria-describedby=${described("form_id")}>
            ${state.forms.map((f) => html`<option value=${f.id}>${f.name}</option>`)}
          </select>
        `,
        notes("form_id"),
      )}
      <button class="button" type="submit" ?disabled=${state.busy || state.forms.length === 0}>
        ${t("qaPlan.startCalibration")}
      </button>
      ${state.notice
        ? html`<p class="notice" role="alert" data-testid="qa-calibrate-notice">${state.notice}</p>`
        : nothing}
    </form>
  `;
}
