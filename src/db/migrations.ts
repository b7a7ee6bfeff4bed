import accounts from "./migrations/001_accounts.ts";
import center from "./migrations/002_center.ts";
import crm from "./migrations/003_crm.ts";
import ivr from "./migrations/004_ivr.ts";
import telephony from "./migrations/005_telephony.ts";
import reports from "./migrations/006_reports.ts";

/**
 * Every schema change in release order. Migrations are embedded in the program (they
 * are TypeScript modules, not files read at run time) and are never edited once
 * released: a change is a new entry at the end.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  { version: 1, name: "accounts", sql: accounts },
  { version: 2, name: "center", sql: center },
  { version: 3, name: "crm", sql: crm },
  { version: 4, name: "ivr", sql: ivr },
  { version: 5, name: "telephony", sql: telephony },
  { version: 6, name: "reports", sql: reports },
];
