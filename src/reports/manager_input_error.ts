/**
 * What a manager entered that cannot be kept: a shift or break that cannot be planned,
 * shift rules that cannot cover a need, a cost or a tenure that does not add up (a 400 in
 * the API). `about` names the refused field of the request body and why, for clients that
 * word the refusal themselves; `minimum` or `maximum` is the bound the reason names.
 */
export class ManagerInputError extends RangeError {
  override name = "ManagerInputError";
  constructor(
    message: string,
    readonly about: { field: string; code: string; minimum?: number; maximum?: number },
  ) {
    super(message);
  }
}
