/** Raised for a wrong command line; main prints the message and the command's help. */
export class UsageError extends Error {
  override name = "UsageError";
}
