import type { AnswerError } from "./qa_form.ts";

/** Something asked of quality review that cannot be done; `kind` picks the HTTP answer. */
export class QualityError extends Error {
  override name = "QualityError";
  constructor(
    readonly kind: "not_found" | "forbidden" | "invalid" | "conflict",
    message: string,
    /**
     * What the refusal is about, for clients that word it themselves: the refused field
     * of the request body and why (`already_exists`, `unknown_queue`).
     */
    readonly about: { field?: string; code?: string } = {},
  ) {
    super(message);
  }
}

/** An answer the form cannot take, refused at `answers.<question>` with its reason. */
export function answerRefused(error: AnswerError): QualityError {
  return new QualityError("invalid", error.message, {
    field: `answers.${error.question}`,
    code: error.code,
  });
}

/** A retired form takes no new scores: refused at `form_id`. */
export function retired(formName: string): QualityError {
  return new QualityError(
    "conflict",
    `Form ${formName} is retired; choose a form in use`,
    { field: "form_id", code: "form_retired" },
  );
}
