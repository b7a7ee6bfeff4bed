import accounts from "./migrations/001_accounts.ts";
import center from "./migrations/002_center.ts";

/**
 * Every schema change in release order. Migrations are embedded in the program (they
 * are TypeScript modules, not files read at run time) and are never edited once
 * released: a change is a new entry at the end.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  { version: 1, name: "accounts", sql: accounts },
  { version: 2, name: "center", sql: center },
];
