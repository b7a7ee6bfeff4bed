/** A chat request that cannot be served; `kind` picks the HTTP answer. */
export class ChatError extends Error {
  override name = "ChatError";
  constructor(
    readonly kind: "not_found" | "conflict" | "invalid" | "forbidden",
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
  }
}
