/**
 * A shift or break that cannot be planned, or shift rules that cannot cover a need (a 400
 * in the API). `about` names the refused field of the request body and why, for clients
 * that word the refusal themselves; `maximum` is the bound the reason names.
 */
export class ScheduleError extends RangeError {
  override name = "ScheduleError";
  constructor(
    message: string,
    readonly about: { field: string; code: string; maximum?: number },
  ) {
    super(message);
  }
}
