/** Something a person asked for that cannot be done; `kind` picks the HTTP answer. */
export class QueueDeskError extends Error {
  override name = "QueueDeskError";
  constructor(
    readonly kind: "not_found" | "conflict" | "invalid" | "forbidden",
    message: string,
  ) {
    super(message);
  }
}
