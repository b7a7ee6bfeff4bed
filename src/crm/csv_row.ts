import type { ImportField } from "./csv_columns.ts";
import { parsePhone } from "./phone.ts";

const LIST = /[;,，；、|]/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TRUE = new Set(["1", "true", "yes", "y", "是"]);
const FALSE = new Set(["0", "false", "no", "n", "否"]);

/** A row that cannot be imported, with the column at fault when there is one. */
export class RowError extends Error {
  constructor(message: string, readonly column?: string) {
    super(message);
  }
}

/** One CSV row read into customer fields: typed, trimmed, phones in E.164. */
export interface Row {
  name?: string;
  company?: string;
  external_id?: string;
  phones: { e164: string; column: string }[];
  emails: string[];
  vip_level?: number;
  language?: string;
  tags: string[];
  notes?: string;
  consent_recording?: number;
  consent_marketing?: number;
  birthday?: string;
  renewal_at?: string;
  custom: Record<string, string>;
}

/** Reads one record by the column mapping; throws {@link RowError} for a bad value. */
export function readRow(
  record: string[],
  headers: string[],
  fields: (ImportField | null)[],
  country: string,
): Row {
  const row: Row = { phones: [], emails: [], tags: [], custom: {} };
  for (let i = 0; i < record.length; i++) {
    const field = fields[i];
    const value = record[i].trim();
    if (!field || value === "") continue;
    const column = headers[i];
    switch (field) {
      case "phone":
        for (const raw of value.split(LIST)) {
          if (raw.trim() === "") continue;
          const parsed = parsePhone(raw, country);
          if (!parsed.ok) {
            throw new RowError(
              `${column}: "${raw.trim()}" is not usable: ${parsed.reason}`,
              column,
            );
          }
          if (!row.phones.some((p) => p.e164 === parsed.e164)) {
            row.phones.push({ e164: parsed.e164, column });
          }
        }
        break;
      case "email":
        for (const raw of value.split(/[;,，；\s]+/)) {
          if (raw === "") continue;
          if (!EMAIL.test(raw)) {
            throw new RowError(`${column}: "${raw}" is not an e-mail address`, column);
          }
          row.emails.push(raw);
        }
        break;
      case "tags":
        row.tags.push(...value.split(LIST).map((t) => t.trim()).filter(Boolean));
        break;
      case "vip_level":
        if (!/^\d$/.test(value)) {
          throw new RowError(`${column}: expected a VIP level 0–9, got "${value}"`, column);
        }
        row.vip_level = Number(value);
        break;
      case "consent_recording":
      case "consent_marketing": {
        const v = value.toLowerCase();
        if (!TRUE.has(v) && !FALSE.has(v)) {
          throw new RowError(`${column}: expected yes or no, got "${value}"`, column);
        }
        row[field] = TRUE.has(v) ? 1 : 0;
        break;
      }
      case "birthday":
        if (!/^(\d{4}-)?\d{2}-\d{2}$/.test(value)) {
          throw new RowError(`${column}: expected MM-DD or YYYY-MM-DD, got "${value}"`, column);
        }
        row.birthday = value;
        break;
      case "renewal_at":
        if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
          throw new RowError(`${column}: expected YYYY-MM-DD, got "${value}"`, column);
        }
        row.renewal_at = value;
        break;
      case "language":
        if (!/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(value)) {
          throw new RowError(`${column}: "${value}" is not a language tag such as zh-CN`, column);
        }
        row.language = value;
        break;
      case "name":
      case "company":
      case "external_id":
      case "notes":
        if (value.length > (field === "notes" ? 20_000 : 200)) {
          throw new RowError(`${column}: the value is too long`, column);
        }
        row[field] = value;
        break;
      default:
        row.custom[field.slice(7)] = value;
    }
  }
  return row;
}
