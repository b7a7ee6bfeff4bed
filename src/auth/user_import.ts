import { parse } from "csv-parse/sync";
import { z } from "zod";
import { NewUserSchema } from "./users.ts";

/** Columns a CSV of users may have; `username`, `role` and `password` are required. */
export const USER_CSV_COLUMNS = [
  "username",
  "display_name",
  "role",
  "password",
  "extension",
  "language",
  "team",
  "skills",
] as const;

/** A skill with its level as a CSV cell spells it: `sales:7`. */
const SkillCell = z.string().trim().regex(
  /^[A-Za-z0-9_.:-]+:(10|[1-9])$/,
  "skills are name:level pairs separated by ; (levels 1 to 10), such as sales:7;english:5",
);

/** One row that can be created: the user, their team by name and their skills. */
export interface UserCsvRow {
  line: number;
  user: z.infer<typeof NewUserSchema>;
  team: string | null;
  skills: { skill: string; level: number }[];
}

/** One row that cannot, with its line and why. */
export interface UserCsvRejection {
  line: number;
  username: string;
  /** Why, in English: "column: what is wrong". */
  reason: string;
  /**
   * The same for clients that word it themselves: the column and a code (zod's, or
   * `already_exists`, `unknown_team`, `unknown_skill`, `format`), with zod's bounds.
   */
  issue: {
    path: string;
    code: string;
    message: string;
    origin?: string;
    minimum?: number;
    maximum?: number;
  };
}

/** Raised when the file as a whole cannot be read (no header, unknown columns). */
export class UserCsvError extends Error {
  override name = "UserCsvError";
}

/**
 * Reads a CSV of users (UTF-8, comma or tab separated, header row first) into rows that
 * pass the same schema as `POST /users` and rows refused with their reason. Whether a
 * team, skill, username or extension exists is for the caller to check.
 */
export function parseUserCsv(text: string): { rows: UserCsvRow[]; rejected: UserCsvRejection[] } {
  const firstLine = text.slice(0, text.indexOf("\n") >>> 0);
  const delimiter = firstLine.includes("\t") && !firstLine.includes(",") ? "\t" : ",";
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch (error) {
    throw new UserCsvError(`The file is not readable CSV: ${(error as Error).message}`);
  }
  const [header, ...body] = records;
  if (!header) throw new UserCsvError("The file is empty; its first row names the columns");
  const columns = header.map((h) => h.toLowerCase());
  const unknown = columns.filter((c) => !(USER_CSV_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0) {
    throw new UserCsvError(
      `Unknown column${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; ` +
        `the columns are ${USER_CSV_COLUMNS.join(", ")}`,
    );
  }
  for (const required of ["username", "role", "password"]) {
    if (!columns.includes(required)) throw new UserCsvError(`The ${required} column is missing`);
  }
  const rows: UserCsvRow[] = [];
  const rejected: UserCsvRejection[] = [];
  body.forEach((record, index) => {
    const line = index + 2;
    const cell = (name: string) => record[columns.indexOf(name)]?.trim() || undefined;
    const username = cell("username") ?? "";
    const parsed = NewUserSchema.safeParse({
      username,
      display_name: cell("display_name"),
      role: cell("role"),
      password: cell("password"),
      extension: cell("extension") ?? null,
      language: cell("language"),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const bounds = issue as { origin?: unknown; minimum?: unknown; maximum?: unknown };
      rejected.push({
        line,
        username,
        reason: `${issue.path.join(".")}: ${issue.message}`,
        issue: {
          path: issue.path.join("."),
          code: issue.code,
          message: issue.message,
          ...(bounds.origin === undefined ? {} : { origin: String(bounds.origin) }),
          ...(bounds.minimum === undefined ? {} : { minimum: Number(bounds.minimum) }),
          ...(bounds.maximum === undefined ? {} : { maximum: Number(bounds.maximum) }),
        },
      });
      return;
    }
    const skillCells = (cell("skills") ?? "").split(";").map((s) => s.trim()).filter(Boolean);
    const bad = skillCells.find((s) => !SkillCell.safeParse(s).success);
    if (bad) {
      const message = `"${bad}" is not name:level (1 to 10)`;
      rejected.push({
        line,
        username,
        reason: `skills: ${message}`,
        issue: { path: "skills", code: "format", message },
      });
      return;
    }
    rows.push({
      line,
      user: parsed.data,
      team: cell("team") ?? null,
      skills: skillCells.map((s) => {
        const at = s.lastIndexOf(":");
        return { skill: s.slice(0, at), level: Number(s.slice(at + 1)) };
      }),
    });
  });
  return { rows, rejected };
}
