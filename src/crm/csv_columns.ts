import type { CustomFieldDef } from "./custom_fields.ts";

/** Customer fields a CSV column can fill; `custom.<key>` fills an admin-defined field. */
export const IMPORT_FIELDS = [
  "name",
  "company",
  "external_id",
  "phone",
  "email",
  "vip_level",
  "language",
  "tags",
  "notes",
  "consent_recording",
  "consent_marketing",
  "birthday",
  "renewal_at",
] as const;
export type ImportField = typeof IMPORT_FIELDS[number] | `custom.${string}`;

/** Header spellings seen in exports from other CRMs and Excel sheets, English and Chinese. */
const SYNONYMS: Record<string, (typeof IMPORT_FIELDS)[number]> = {};
for (
  const [field, names] of Object.entries({
    name: [
      "name",
      "fullname",
      "customer",
      "customername",
      "contact",
      "姓名",
      "客户",
      "客户名称",
      "客户姓名",
      "名称",
      "联系人",
    ],
    company: ["company", "organisation", "organization", "公司", "单位", "公司名称"],
    external_id: [
      "externalid",
      "account",
      "accountid",
      "accountno",
      "customerid",
      "customerno",
      "客户编号",
      "编号",
      "账号",
      "会员号",
    ],
    phone: [
      "phone",
      "phones",
      "mobile",
      "mobilephone",
      "cell",
      "tel",
      "telephone",
      "phonenumber",
      "landline",
      "phone2",
      "电话",
      "手机",
      "手机号",
      "手机号码",
      "联系电话",
      "固话",
      "座机",
      "电话号码",
    ],
    email: ["email", "emails", "mail", "emailaddress", "邮箱", "电子邮件", "电子邮箱"],
    vip_level: ["vip", "viplevel", "vip等级", "会员等级", "等级"],
    language: ["language", "lang", "语言"],
    tags: ["tags", "tag", "labels", "标签"],
    notes: ["notes", "note", "remarks", "comment", "comments", "备注", "说明"],
    consent_recording: ["consentrecording", "recordingconsent", "录音同意"],
    consent_marketing: ["consentmarketing", "marketingconsent", "optin", "营销同意", "接受营销"],
    birthday: ["birthday", "dateofbirth", "dob", "生日", "出生日期"],
    renewal_at: ["renewal", "renewalat", "renewaldate", "续约日期", "到期日", "到期日期"],
  })
) {
  for (const n of names) SYNONYMS[n] = field as (typeof IMPORT_FIELDS)[number];
}

function squash(header: string): string {
  return header.trim().toLowerCase().replace(/[\s_\-.()（）]/g, "");
}

/**
 * Maps each header to a field: the caller's mapping first (a field name, or "" to skip
 * the column), then known spellings, then custom field keys and labels. Several
 * columns may map to `phone`, `email` or `tags`; other fields take one column.
 */
export function mapColumns(
  headers: string[],
  mapping: Record<string, string> | undefined,
  customFields: CustomFieldDef[],
): { fields: (ImportField | null)[]; problems: string[]; ignored: string[] } {
  const problems: string[] = [];
  const ignored: string[] = [];
  const taken = new Map<string, string>();
  const custom = new Map<string, string>();
  for (const def of customFields) {
    custom.set(squash(def.key), def.key);
    custom.set(squash(def.label), def.key);
  }
  const fields = headers.map((header): ImportField | null => {
    let field: string | null | undefined;
    if (mapping && header in mapping) {
      const wanted = mapping[header].trim();
      if (wanted === "" || wanted === "ignore") field = null;
      else if (
        (IMPORT_FIELDS as readonly string[]).includes(wanted) ||
        (wanted.startsWith("custom.") && customFields.some((d) => `custom.${d.key}` === wanted))
      ) field = wanted;
      else {
        problems.push(`Column "${header}" is mapped to unknown field "${wanted}"`);
        field = null;
      }
    } else {
      const key = squash(header);
      const own = header.trim().match(/^custom\.([a-z][a-z0-9_]*)$/)?.[1];
      field = SYNONYMS[key] ?? (custom.has(key) ? `custom.${custom.get(key)}` : null) ??
        (own && customFields.some((d) => d.key === own) ? `custom.${own}` : null);
      if (field === null) ignored.push(header);
    }
    if (field && !["phone", "email", "tags"].includes(field)) {
      if (taken.has(field)) {
        problems.push(
          `Columns "${taken.get(field)}" and "${header}" both fill ${field}; map one of them to ""`,
        );
      }
      taken.set(field, header);
    }
    return field as ImportField | null;
  });
  return { fields, problems, ignored };
}
