import { z } from "zod";
import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import { CrmValidationError, NotFoundError } from "./errors.ts";

export const CUSTOM_FIELD_TYPES = ["text", "number", "date", "boolean", "choice"] as const;
export type CustomFieldType = typeof CUSTOM_FIELD_TYPES[number];

export const CustomFieldDefSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "use lower-case letters, digits and _"),
  label: z.string().trim().min(1).max(100),
  type: z.enum(CUSTOM_FIELD_TYPES),
  choices: z.array(z.string().trim().min(1).max(100)).max(200).default([]),
  required: z.boolean().default(false),
}).refine((d) => d.type !== "choice" || d.choices.length > 0, {
  message: "a choice field needs at least one choice",
  path: ["choices"],
});
export type CustomFieldDefInput = z.input<typeof CustomFieldDefSchema>;
export type CustomFieldDef = z.infer<typeof CustomFieldDefSchema> & { created_at: string };

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date as YYYY-MM-DD").refine(
  (v) =>
    !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
    new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
  "not a calendar date",
);

/**
 * Fields the admin adds to every customer. Values are validated by a zod schema built
 * from the definitions at run time, so a new field needs no migration and a wrong type
 * is refused at the boundary like any other bad input.
 */
export class CustomFields {
  #schema: { strict: z.ZodType; fromText: z.ZodType } | undefined;

  constructor(private readonly db: Database, private readonly clock: Clock) {}

  list(): CustomFieldDef[] {
    return this.db.all<
      Omit<CustomFieldDef, "choices" | "required"> & { choices: string; required: number }
    >("SELECT * FROM custom_field_defs ORDER BY key").map((r) => ({
      ...r,
      choices: JSON.parse(r.choices),
      required: r.required === 1,
    }));
  }

  define(input: CustomFieldDefInput): CustomFieldDef {
    const parsed = CustomFieldDefSchema.safeParse(input);
    if (!parsed.success) {
      throw new CrmValidationError(
        "Invalid custom field definition",
        parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      );
    }
    const def = parsed.data;
    this.db.run(
      `INSERT INTO custom_field_defs (key, label, type, choices, required, created_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET label = excluded.label, type = excluded.type,
         choices = excluded.choices, required = excluded.required`,
      def.key,
      def.label,
      def.type,
      JSON.stringify(def.choices),
      def.required ? 1 : 0,
      isoTime(this.clock.now()),
    );
    this.#schema = undefined;
    return this.list().find((d) => d.key === def.key)!;
  }

  remove(key: string): void {
    if (this.db.run("DELETE FROM custom_field_defs WHERE key = ?", key).changes === 0) {
      throw new NotFoundError(`Custom field ${key}`);
    }
    this.#schema = undefined;
  }

  /**
   * Checks `values` against the definitions; `fromText` reads CSV cells ("12.5", "yes",
   * "2026-05-01"). Empty text cells are left out. Throws {@link CrmValidationError}.
   */
  validate(values: unknown, options: { fromText?: boolean; partial?: boolean } = {}) {
    const schemas = this.#schema ??= this.#build();
    let schema = options.fromText ? schemas.fromText : schemas.strict;
    if (options.partial) schema = (schema as z.ZodObject).partial();
    const result = schema.safeParse(values ?? {});
    if (!result.success) {
      const issues = result.error.issues.map((i) => ({
        path: ["custom_fields", ...i.path].join("."),
        message: i.message,
      }));
      throw new CrmValidationError(
        `Invalid custom field ${issues[0].path.slice(14)}: ${issues[0].message}`,
        issues,
      );
    }
    return result.data as Record<string, string | number | boolean>;
  }

  #build() {
    const strict: Record<string, z.ZodType> = {};
    const fromText: Record<string, z.ZodType> = {};
    for (const def of this.list()) {
      let value: z.ZodType;
      let text: z.ZodType;
      switch (def.type) {
        case "text":
          value = text = z.string().max(2000);
          break;
        case "number":
          value = z.number().finite();
          text = z.string().trim().regex(/^-?\d+(\.\d+)?$/, "expected a number").transform(Number);
          break;
        case "date":
          value = text = isoDate;
          break;
        case "boolean":
          value = z.boolean();
          text = z.string().trim().toLowerCase().refine(
            (v) => ["true", "false", "yes", "no", "1", "0", "是", "否"].includes(v),
            "expected yes or no",
          ).transform((v) => ["true", "yes", "1", "是"].includes(v));
          break;
        case "choice":
          value = text = z.enum(def.choices as [string, ...string[]]);
          break;
      }
      strict[def.key] = def.required ? value : value.optional();
      fromText[def.key] = def.required ? text : text.optional();
    }
    return { strict: z.strictObject(strict), fromText: z.strictObject(fromText) };
  }
}
