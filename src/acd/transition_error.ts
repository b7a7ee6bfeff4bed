/** Thrown when a state machine is asked for a move it does not allow. */
export class IllegalTransitionError extends Error {
  constructor(
    /** Which machine refused: an agent's or a call's. */
    readonly machine: "agent" | "call",
    /** The agent or call id. */
    readonly subject: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`The ${machine} ${subject} cannot move from ${from} to ${to}`);
    this.name = "IllegalTransitionError";
  }
}
