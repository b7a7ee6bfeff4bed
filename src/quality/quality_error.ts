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
