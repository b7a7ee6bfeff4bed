/**
 * Refused because the record changed since the editor read it: two admins never
 * overwrite each other silently. Callers show who changed it and when, and offer to
 * reload.
 */
export class StaleEditError extends Error {
  override name = "StaleEditError";
  constructor(
    readonly what: string,
    readonly version: number,
    readonly changedBy: string | null,
    readonly changedAt: string | null,
  ) {
    super(
      `${what} was changed by ${changedBy ?? "someone else"}${
        changedAt ? ` at ${changedAt}` : ""
      }; reload it and make your change again`,
    );
  }
}

/** The version columns of an editable row. */
export interface Versioned {
  version: number;
  updated_at: string | null;
  updated_by: string | null;
}

/**
 * Throws {@link StaleEditError} when the caller read an older version than `current`;
 * `expected` undefined means the caller did not say (API clients that do not care).
 */
export function assertFresh(what: string, current: Versioned, expected?: number): void {
  if (expected === undefined || expected === current.version) return;
  throw new StaleEditError(what, current.version, current.updated_by, current.updated_at);
}
