/**
 * QA review planning in the page: the sampling rules, the evaluator's worklist they
 * fill, and calibration sessions (one open at a time in the view, with its spread).
 *
 * @module
 */

import type { ReactiveController, ReactiveControllerHost } from "lit";
import { refusalAtFields } from "../admin/field_errors.ts";
import { refusalMessage } from "../admin/refusal_messages.ts";
import { type MessageKey, t } from "../common/i18n.ts";
import type { QaAnswer, QaForm } from "./quality_controller.ts";

export interface SamplingRule {
  id: number;
  name: string;
  active: boolean;
  mode: "per_agent" | "percent";
  amount: number;
  queue_id: number | null;
  team_id: number | null;
  agent_id: number | null;
  min_duration_s: number | null;
  max_duration_s: number | null;
  dispositions: string[];
  form_id: number | null;
  evaluator_id: number | null;
}

export type SamplingRuleInput = Omit<SamplingRule, "id">;

export interface WorklistItem {
  id: number;
  rule_name: string;
  recording_id: number;
  call_id: string;
  caller: string | null;
  agent_id: number | null;
  agent_name: string | null;
  queue_name: string | null;
  evaluator_name: string | null;
  duration_ms: number | null;
  call_started_at: string;
}

export interface Calibration {
  id: number;
  name: string;
  recording_id: number;
  call_id: string;
  form_id: number;
  form_name: string;
  pass_mark: number;
  status: "open" | "closed";
  created_at: string;
  score_count: number;
  scored_by_me: boolean;
}

export interface CalibrationDetail extends Calibration {
  form: QaForm["definition"];
  scores:
    | {
      evaluator_name: string | null;
      score: number;
      passed: boolean;
      answers: Record<string, QaAnswer>;
    }[]
    | null;
  spread: {
    min: number;
    max: number;
    range: number;
    mean: number;
    std_dev: number;
    verdict_agreed: boolean;
    questions: { id: string; text: string; answers: QaAnswer[]; agreed: boolean }[];
  } | null;
}

/** The new-rule form's inputs by the API's field names, with the label each shows. */
export const RULE_FIELDS: Partial<Record<keyof SamplingRuleInput, MessageKey>> = {
  name: "qaPlan.name",
  mode: "qaPlan.mode",
  amount: "qaPlan.amount",
  queue_id: "qaPlan.queue",
  agent_id: "qaPlan.agent",
  min_duration_s: "qaPlan.minLength",
  max_duration_s: "qaPlan.maxLength",
  dispositions: "qaPlan.dispositions",
  evaluator_id: "qaPlan.evaluator",
};

/** Fields of a rule the form has no input for, named in the notice when refused. */
const OTHER_LABELS: Record<string, MessageKey> = {
  team_id: "admin.users.team",
  form_id: "qa.form",
};

function ruleLabel(path: string): string | undefined {
  const key = RULE_FIELDS[path as keyof SamplingRuleInput] ?? OTHER_LABELS[path];
  return key ? t(key) : undefined;
}

/** What starts a calibration: a name, a form, and the call in the player. */
export interface CalibrationInput {
  name: string;
  recording_id: number;
  form_id: number;
}

/** The start-a-calibration form's inputs by the API's field names, with the label each shows. */
export const CALIBRATION_FIELDS: Partial<Record<keyof CalibrationInput, MessageKey>> = {
  name: "qaPlan.calibrationName",
  form_id: "qa.form",
};

function calibrationLabel(path: string): string | undefined {
  // The call is the one in the player: the form shows it, but has no input for it.
  const key = CALIBRATION_FIELDS[path as keyof CalibrationInput] ??
    (path === "recording_id" ? "qaPlan.call" : undefined);
  return key ? t(key) : undefined;
}

export interface ReviewPlanOptions {
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/** Loads and changes sampling rules, the worklist and calibrations. */
export class ReviewPlanController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: ReviewPlanOptions;
  rules: SamplingRule[] = [];
  worklist: WorklistItem[] = [];
  calibrations: Calibration[] = [];
  /** Who picked calls can go to. */
  evaluators: { id: number; name: string }[] = [];
  /** The calibration being looked at, with its scores when the user may see them. */
  calibration: CalibrationDetail | null = null;
  /** What the last action said (calls picked), for a status line. */
  notice: string | null = null;
  /** What went wrong (a load, or a refusal no input shows), in the user's language. */
  error: string | null = null;
  /** The new rule's refused values by field (see {@link RULE_FIELDS}), in the user's language. */
  ruleErrors: Record<string, string> = {};
  /**
   * The last start of a calibration's refused values by field (see
   * {@link CALIBRATION_FIELDS}), in the user's language.
   */
  calibrationErrors: Record<string, string> = {};
  /**
   * What the last start of a calibration was refused for that no input shows (the call
   * is gone), said beside its form: the plan's `error` line is out of sight from there.
   */
  calibrationNotice: string | null = null;
  busy = false;
  /** False for agents: nothing is loaded. */
  enabled = false;

  constructor(host: ReactiveControllerHost, options: ReviewPlanOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {}

  async load(): Promise<void> {
    if (!this.enabled) return;
    try {
      const [rules, worklist, calibrations, evaluators] = await Promise.all([
        this.#options.request<{ rules: SamplingRule[] }>("GET", "/qa/sampling-rules"),
        this.#options.request<{ items: WorklistItem[] }>("GET", "/qa/worklist"),
        this.#options.request<{ calibrations: Calibration[] }>("GET", "/qa/calibrations"),
        this.#options.request<{ evaluators: { id: number; name: string }[] }>(
          "GET",
          "/qa/evaluators",
        ),
      ]);
      this.evaluators = evaluators.evaluators;
      this.rules = rules.rules;
      this.worklist = worklist.items;
      this.calibrations = calibrations.calibrations;
      this.error = null;
    } catch (error) {
      this.error = message(error);
    }
    this.#host.requestUpdate();
  }

  /** Adds a rule; a refusal comes back at the form's inputs, or as `error` for the rest. */
  saveRule(rule: SamplingRuleInput): Promise<boolean> {
    // The last refusal would stand beside the save in progress and read as its answer.
    this.ruleErrors = {};
    this.error = null;
    return this.#send(() => this.#options.request("POST", "/qa/sampling-rules", rule), (error) => {
      const { fields, notice } = refusalAtFields(error, Object.keys(RULE_FIELDS), ruleLabel);
      this.ruleErrors = fields;
      this.error = notice;
    });
  }

  runRule(id: number): Promise<boolean> {
    return this.#send(async () => {
      const result = await this.#options.request<{ picked: number }>(
        "POST",
        `/qa/sampling-rules/${id}/run`,
        {},
      );
      return result.picked;
    });
  }

  removeRule(id: number): Promise<boolean> {
    return this.#send(() => this.#options.request("DELETE", `/qa/sampling-rules/${id}`));
  }

  /** Starts one; a refusal comes back at the form's inputs, or as `calibrationNotice`. */
  startCalibration(body: CalibrationInput): Promise<boolean> {
    // The last refusal would stand beside the start in progress and read as its answer.
    this.calibrationErrors = {};
    this.calibrationNotice = null;
    return this.#send(
      async () => {
        const { calibration } = await this.#options.request<{ calibration: CalibrationDetail }>(
          "POST",
          "/qa/calibrations",
          body,
        );
        this.calibration = calibration;
      },
      (error) => {
        const { fields, notice } = refusalAtFields(
          error,
          Object.keys(CALIBRATION_FIELDS),
          calibrationLabel,
        );
        this.calibrationErrors = fields;
        this.calibrationNotice = notice;
      },
    );
  }

  async openCalibration(id: number): Promise<void> {
    try {
      const { calibration } = await this.#options.request<{ calibration: CalibrationDetail }>(
        "GET",
        `/qa/calibrations/${id}`,
      );
      this.calibration = calibration;
      this.error = null;
    } catch (error) {
      this.error = message(error);
    }
    this.#host.requestUpdate();
  }

  closeCalibrationView(): void {
    this.calibration = null;
    this.#host.requestUpdate();
  }

  scoreCalibration(id: number, answers: Record<string, QaAnswer>): Promise<boolean> {
    return this.#send(async () => {
      const { calibration } = await this.#options.request<{ calibration: CalibrationDetail }>(
        "POST",
        `/qa/calibrations/${id}/scores`,
        { answers },
      );
      this.calibration = calibration;
    });
  }

  endCalibration(id: number): Promise<boolean> {
    return this.#send(async () => {
      const { calibration } = await this.#options.request<{ calibration: CalibrationDetail }>(
        "POST",
        `/qa/calibrations/${id}/close`,
        {},
      );
      this.calibration = calibration;
    });
  }

  /**
   * Runs a change, then reloads; a number it returns is the count of calls picked. A
   * refusal goes to `refused`, by default the `error` line.
   */
  async #send(
    change: () => Promise<unknown>,
    refused = (error: unknown) => {
      this.error = message(error);
    },
  ): Promise<boolean> {
    this.busy = true;
    this.notice = null;
    this.#host.requestUpdate();
    try {
      const result = await change();
      if (typeof result === "number") this.notice = String(result);
      await this.load();
      return true;
    } catch (error) {
      refused(error);
      return false;
    } finally {
      this.busy = false;
      this.#host.requestUpdate();
    }
  }
}

/** A refusal in the user's language (the server's own words for English readers). */
function message(error: unknown): string {
  return refusalMessage(error, ruleLabel);
}
