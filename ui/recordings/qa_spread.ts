/**
 * How far apart the evaluators of a calibration are, drawn in the review plan's shadow
 * root (its `agreed` and `differs` classes).
 *
 * @module
 */

import { html, type TemplateResult } from "lit";
import { t } from "../common/i18n.ts";
import type { QaAnswer } from "./quality_controller.ts";
import type { CalibrationDetail } from "./review_plan_controller.ts";

/** The scores of a calibration side by side, question by question, with their spread. */
export function spreadTable(c: CalibrationDetail): TemplateResult {
  const spread = c.spread!;
  const scores = c.scores!;
  return html`
    <div data-testid="qa-spread">
      <h3>${t("qaPlan.spread")}</h3>
      <p>${t("qaPlan.range", { range: spread.range, min: spread.min, max: spread.max })} · ${t(
        "qaPlan.meanSd",
        {
          mean: spread.mean,
          sd: spread.std_dev,
        },
      )}</p>
      <p class=${spread.verdict_agreed ? "agreed" : "differs"}>${t(
        spread.verdict_agreed ? "qaPlan.verdictAgreed" : "qaPlan.verdictSplit",
      )}</p>
      <table>
        <thead>
          <tr>
            <th>${t("qaPlan.question")}</th>
            ${scores.map((s) => html`<th>${s.evaluator_name ?? "—"}</th>`)}
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${spread.questions.map((q) =>
            html`
              <tr>
                <td>${q.text}</td>
                ${q.answers.map((a) => html`<td>${answerText(a)}</td>`)}
                <td class=${q.agreed ? "agreed" : "differs"}>${t(
                  q.agreed ? "qaPlan.agreed" : "qaPlan.differs",
                )}</td>
              </tr>
            `
          )}
          <tr>
            <td><strong>${t("qaPlan.score")}</strong></td>
            ${scores.map((s) => html`<td><strong>${s.score}</strong></td>`)}
            <td></td>
          </tr>
        </tbody>
      </table>
    </div>
  `;
}

function answerText(answer: QaAnswer | undefined): string {
  if (answer === undefined) return "—";
  if (typeof answer === "number") return String(answer);
  return t(`qa.answer.${answer}`);
}
