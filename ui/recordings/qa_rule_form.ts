/**
 * The form that adds a sampling rule, drawn inside the review plan's shadow root. A
 * refused value shows under its input in the user's language; the input is marked
 * invalid and described by it, so a screen reader reads the problem with the field.
 *
 * @module
 */

import { css, html, type TemplateResult } from "lit";
import { fieldWiring, formField } from "../admin/form_field.ts";
import { t } from "../common/i18n.ts";
import { RULE_FIELDS, type SamplingRuleInput } from "./review_plan_controller.ts";

type Choice = { id: number; name: string };
type Field = keyof SamplingRuleInput;

/** What the form offers and what the last save refused, by the API's field names. */
export interface RuleFormState {
  queues: Choice[];
  agents: Choice[];
  evaluators: Choice[];
  busy: boolean;
  errors: Record<string, string>;
}

export const ruleFormStyles = css`
  form.rule {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 0.75rem;
    align-items: start;
    margin-top: 0.5rem;
  }
  form.rule .field {
    display: grid;
    gap: 0.25rem;
    font-size: 0.8125rem;
  }
  form.rule label {
    color: var(--cc-text-muted);
  }
  form.rule .error {
    max-width: 16rem;
    margin: 0;
    color: var(--cc-danger-text, var(--cc-danger, #b42318));
    font-weight: 500;
  }
  form.rule [aria-invalid="true"] {
    border-color: var(--cc-danger, #b42318);
    outline-color: var(--cc-danger, #b42318);
  }
  form.rule input,
  form.rule select {
    font: inherit;
    max-width: 12rem;
  }
  form.rule button[type="submit"] {
    /* Level with the inputs, below their labels. */
    margin-top: calc(0.8125rem * 1.5 + 0.25rem);
  }
`;

/** The form; `onSubmit` gets its submit event (see {@linkcode ruleFromForm}). */
export function ruleForm(
  state: RuleFormState,
  onSubmit: (event: SubmitEvent) => void,
): TemplateResult {
  const { id, label, invalid, notes, described } = fieldWiring<Field>(
    "rule",
    (name) => t(RULE_FIELDS[name]!),
    state.errors,
  );
  const choices = (name: Field, any: string, list: Choice[]) =>
    formField(
      id(name),
      label(name),
      html`
        <select id=${id(name)} name=${name} aria-invalid=${invalid(name)}
          aria-describedby=${described(name)}>
                <option value="">${any}</option>
                ${list.map((c) => html`<option value=${c.id}>${c.name}</option>`)}
              </select>
      `,
      notes(name),
    );
  const number = (name: Field) =>
    formField(
      id(name),
      label(name),
      html`
        <input id=${id(name)} name=${name} type="number" min="0"
          aria-invalid=${invalid(name)} aria-describedby=${described(name)}>
      `,
      notes(name),
    );
  return html`
    <form class="rule" data-testid="qa-rule-form" @submit=${onSubmit}>
      ${formField(
        id("name"),
        label("name"),
        html`
          <input id=${id("name")} name="name" required maxlength="80"
            aria-invalid=${invalid("name")} aria-describedby=${described("name")}>
        `,
        notes("name"),
      )} ${formField(
        id("mode"),
        label("mode"),
        html`
          <select id=${id("mode")} name="mode" aria-invalid=${invalid("mode")}
            aria-describedby=${described("mode")}>
            <option value="per_agent">${t("qaPlan.mode.per_agent")}</option>
            <option value="percent">${t("qaPlan.mode.percent")}</option>
          </select>
        `,
        notes("mode"),
      )} ${formField(
        id("amount"),
        label("amount"),
        html`
          <input id=${id("amount")} name="amount" type="number" min="0.1" max="100"
            step="any" value="4" required aria-invalid=${invalid("amount")}
            aria-describedby=${described("amount")}>
        `,
        notes("amount"),
      )} ${choices("queue_id", t("qaPlan.anyQueue"), state.queues)} ${choices(
        "agent_id",
        t("qaPlan.anyAgent"),
        state.agents,
      )} ${number("min_duration_s")} ${number("max_duration_s")} ${formField(
        id("dispositions"),
        label("dispositions"),
        html`
          <input id=${id("dispositions")} name="dispositions"
            aria-invalid=${invalid("dispositions")} aria-describedby=${described("dispositions")}>
        `,
        notes("dispositions"),
      )} ${choices("evaluator_id", t("qaPlan.anyone"), state.evaluators)}
      <button class="button primary" type="submit" ?disabled=${state.busy}>${t(
        "qaPlan.saveRule",
      )}</button>
    </form>
  `;
}

/** The rule a submitted form describes. */
export function ruleFromForm(form: HTMLFormElement): SamplingRuleInput {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? "").trim();
  const id = (name: string) => text(name) ? Number(text(name)) : null;
  return {
    name: text("name"),
    active: true,
    mode: text("mode") === "percent" ? "percent" : "per_agent",
    amount: Number(text("amount")),
    queue_id: id("queue_id"),
    team_id: null,
    agent_id: id("agent_id"),
    min_duration_s: id("min_duration_s"),
    max_duration_s: id("max_duration_s"),
    dispositions: text("dispositions").split(/[,，\s]+/).filter(Boolean),
    form_id: null,
    evaluator_id: id("evaluator_id"),
  };
}
