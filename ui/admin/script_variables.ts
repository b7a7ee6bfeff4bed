/**
 * What the script editor offers: the variables the server's renderer knows, grouped as
 * the admin thinks of them, the custom fields among them, insertion at the cursor, and
 * the made-up customer the preview is filled with.
 *
 * @module
 */

/** A custom field as the editor needs it. */
export interface FieldDef {
  key: string;
  label: string;
  type: string;
  choices: string[];
}

/** The groups variables are listed under, in order. */
export const VARIABLE_GROUPS = ["customer", "custom", "call", "agent", "case"] as const;
export type VariableGroup = typeof VARIABLE_GROUPS[number];

/** One variable the editor can insert. */
export interface ScriptVariable {
  /** The name inside the braces: `customer.name`. */
  name: string;
  group: VariableGroup;
  /** A custom field's own label; the others are named by the catalog. */
  label?: string;
}

/**
 * The variables in groups: the renderer's own list (`GET /scripts` answers it) plus
 * `customer.custom.<key>` for each custom field.
 */
export function scriptVariables(known: readonly string[], fields: FieldDef[]): ScriptVariable[] {
  const listed: ScriptVariable[] = known.map((name) => ({
    name,
    group: (VARIABLE_GROUPS as readonly string[]).includes(name.split(".")[0])
      ? name.split(".")[0] as VariableGroup
      : "call",
  }));
  const custom = fields.map((f): ScriptVariable => ({
    name: `customer.custom.${f.key}`,
    group: "custom",
    label: f.label,
  }));
  const all = [...listed, ...custom];
  return VARIABLE_GROUPS.flatMap((g) => all.filter((v) => v.group === g));
}

/** The text with `{{name}}` put in place of the selection, and where the cursor goes. */
export function insertVariable(
  text: string,
  start: number,
  end: number,
  name: string,
): { text: string; cursor: number } {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  const token = `{{${name}}}`;
  return { text: text.slice(0, from) + token + text.slice(to), cursor: from + token.length };
}

/** A customer as the preview route takes one under `sample_customer`. */
export interface SampleCustomer {
  name: string;
  company: string;
  vip_level: number;
  language: string;
  phone: string;
  email: string;
  external_id: string;
  tags: string[];
  custom: Record<string, string | number | boolean>;
}

/**
 * A made-up customer in the admin's language, with a plausible value for every custom
 * field by its type, so the preview shows every variable filled.
 */
export function sampleCustomer(fields: FieldDef[], language: string, today: Date): SampleCustomer {
  const zh = language.startsWith("zh");
  const custom: SampleCustomer["custom"] = {};
  for (const f of fields) {
    switch (f.type) {
      case "number":
        custom[f.key] = 42;
        break;
      case "date":
        custom[f.key] = today.toISOString().slice(0, 10);
        break;
      case "boolean":
        custom[f.key] = true;
        break;
      case "choice":
        custom[f.key] = f.choices[0] ?? "";
        break;
      default:
        custom[f.key] = zh ? `示例${f.label}` : `Sample ${f.label}`;
    }
  }
  return {
    name: zh ? "张伟" : "Alex Morgan",
    company: zh ? "示例贸易有限公司" : "Example Trading Ltd",
    vip_level: 2,
    language: zh ? "zh-CN" : "en",
    phone: "+8613800138000",
    email: "sample@example.com",
    external_id: "C-10086",
    tags: zh ? ["老客户"] : ["returning"],
    custom,
  };
}
