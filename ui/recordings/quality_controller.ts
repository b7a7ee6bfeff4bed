/**
 * Quality review in the page: the forms, the evaluations the user sees (an agent's own;
 * all for evaluators), scoring a recording, the agent's acknowledgement or dispute, and
 * saving a form built in the page.
 *
 * @module
 */

import type { ReactiveController, ReactiveControllerHost } from "lit";
import { refusalMessage } from "../admin/refusal_messages.ts";
import { t } from "../common/i18n.ts";

export interface QaQuestion {
  id: string;
  text: string;
  kind: "yes_no" | "scale";
  weight: number;
  critical: boolean;
  allow_na?: boolean;
}

export interface QaForm {
  id: number;
  name: string;
  pass_mark: number;
  active: boolean;
  definition: { sections: { title: string; questions: QaQuestion[] }[] };
}

export type QaAnswer = "yes" | "no" | "na" | number;

export interface QaEvaluation {
  id: number;
  form_name: string;
  recording_id: number | null;
  call_id: string;
  agent_name: string | null;
  evaluator_name: string | null;
  score: number;
  passed: boolean;
  critical_failed: boolean;
  pass_mark: number;
  status: "submitted" | "acknowledged" | "disputed";
  agent_note: string;
  comments: { at_ms: number; text: string }[];
  created_at: string;
}

export interface QualityOptions {
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/** Loads forms and evaluations; sends scores, answers and forms. */
export class QualityController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: QualityOptions;
  forms: QaForm[] = [];
  evaluations: QaEvaluation[] = [];
  error: string | null = null;
  busy = false;
  /** The agent's own figures: CSAT (KPI.md) and QA pass rate, all time. */
  own: {
    csat: number | null;
    satisfied: number | null;
    responseRate: number | null;
    passRate: number | null;
  } | null = null;

  constructor(host: ReactiveControllerHost, options: QualityOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    void this.load();
  }

  async load(): Promise<void> {
    try {
      const [forms, evaluations] = await Promise.all([
        this.#options.request<{ forms: QaForm[] }>("GET", "/qa/forms"),
        this.#options.request<{ evaluations: QaEvaluation[] }>("GET", "/qa/evaluations"),
      ]);
      this.forms = forms.forms;
      this.evaluations = evaluations.evaluations;
      this.error = null;
      await this.#loadOwn();
    } catch (error) {
      this.error = refusalMessage(error, (path) => fieldLabel(this.forms, path));
    }
    this.#host.requestUpdate();
  }

  async #loadOwn(): Promise<void> {
    try {
      const [csat, pass] = await Promise.all([
        this.#options.request<
          {
            rows: {
              average: number | null;
              satisfied_pct: number | null;
              response_rate_pct: number | null;
            }[];
          }
        >("GET", "/surveys/csat?by=agent"),
        this.#options.request<{ rows: { pass_rate_pct: number }[] }>(
          "GET",
          "/qa/pass-rate?by=agent",
        ),
      ]);
      // Only an agent's own figures come back as a single row each.
      if (csat.rows.length <= 1 && pass.rows.length <= 1) {
        this.own = {
          csat: csat.rows[0]?.average ?? null,
          satisfied: csat.rows[0]?.satisfied_pct ?? null,
          responseRate: csat.rows[0]?.response_rate_pct ?? null,
          passRate: pass.rows[0]?.pass_rate_pct ?? null,
        };
      }
    } catch {
      this.own = null;
    }
  }

  /** Scores a recording; true when the evaluation was stored. */
  submit(body: {
    form_id: number;
    recording_id: number;
    answers: Record<string, QaAnswer>;
    comments: { at_ms: number; text: string }[];
  }): Promise<boolean> {
    return this.#send("POST", "/qa/evaluations", body);
  }

  acknowledge(id: number): Promise<boolean> {
    return this.#send("POST", `/qa/evaluations/${id}/acknowledge`, {});
  }

  dispute(id: number, note: string): Promise<boolean> {
    return this.#send("POST", `/qa/evaluations/${id}/dispute`, { note });
  }

  saveForm(form: Omit<QaForm, "id">): Promise<boolean> {
    return this.#send("POST", "/qa/forms", form);
  }

  async #send(method: string, path: string, body: unknown): Promise<boolean> {
    this.busy = true;
    this.#host.requestUpdate();
    try {
      await this.#options.request(method, path, body);
      await this.load();
      return true;
    } catch (error) {
      this.error = refusalMessage(error, (path) => fieldLabel(this.forms, path));
      return false;
    } finally {
      this.busy = false;
      this.#host.requestUpdate();
    }
  }
}

/** The screen's words for a refused field (`answers.<question>` by the question's text). */
function fieldLabel(forms: QaForm[], path: string): string | undefined {
  if (path === "name") return t("qa.formName");
  if (path === "form_id") return t("qa.form");
  if (path === "note") return t("qa.disputeHint");
  const question = path.startsWith("answers.") ? path.slice("answers.".length) : undefined;
  return forms.flatMap((f) => f.definition.sections.flatMap((s) => s.questions))
    .find((q) => q.id === question)?.text;
}
