/** Something asked of quality review that cannot be done; `kind` picks the HTTP answer. */
export class QualityError extends Error {
  override name = "QualityError";
  constructor(readonly kind: "not_found" | "forbidden" | "invalid" | "conflict", message: string) {
    super(message);
  }
}
