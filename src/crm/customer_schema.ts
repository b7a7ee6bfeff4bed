import { z } from "zod";

/** A phone as given by a person or a file: a bare string or a number with a label. */
export const PhoneInputSchema = z.union([
  z.string(),
  z.object({
    number: z.string().max(40),
    label: z.string().trim().min(1).max(30).optional(),
  }),
]);

const month = /^(\d{4}-)?(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const fields = {
  name: z.string().trim().min(1, "a customer needs a name").max(200),
  company: z.string().trim().max(200),
  external_id: z.string().trim().min(1).max(100).nullable(),
  vip_level: z.number().int().min(0).max(9),
  language: z.string().regex(
    /^[a-z]{2,3}(-[A-Za-z]{2,4})?$/,
    "expected a language tag such as zh-CN",
  ),
  tags: z.array(z.string().trim().min(1).max(50)).max(50),
  notes: z.string().max(20_000),
  phones: z.array(PhoneInputSchema).max(20),
  emails: z.array(z.email("expected an e-mail address")).max(20),
  consent_recording: z.boolean(),
  consent_marketing: z.boolean(),
  custom_fields: z.record(z.string(), z.unknown()),
  /** MM-DD, or YYYY-MM-DD when the year is known; birthday care lists use the month and day. */
  birthday: z.string().regex(month, "expected MM-DD or YYYY-MM-DD").nullable(),
  /** Contract renewal date (YYYY-MM-DD) for renewal care lists. */
  renewal_at: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD").nullable(),
};

/** A new customer: only the name is required. */
export const NewCustomerSchema = z.object({
  ...fields,
  company: fields.company.optional(),
  external_id: fields.external_id.optional(),
  vip_level: fields.vip_level.optional(),
  language: fields.language.optional(),
  tags: fields.tags.optional(),
  notes: fields.notes.optional(),
  phones: fields.phones.optional(),
  emails: fields.emails.optional(),
  consent_recording: fields.consent_recording.optional(),
  consent_marketing: fields.consent_marketing.optional(),
  custom_fields: fields.custom_fields.optional(),
  birthday: fields.birthday.optional(),
  renewal_at: fields.renewal_at.optional(),
}).strict();
export type NewCustomer = z.infer<typeof NewCustomerSchema>;

/** A change to a customer; `phones`, `emails` and `tags` replace the lists they name. */
export const CustomerUpdateSchema = z.object(fields).partial().strict();
export type CustomerUpdate = z.infer<typeof CustomerUpdateSchema>;

export interface CustomerPhone {
  id: number;
  e164: string;
  label: string;
}

/** A customer with phones and e-mails, as every reader sees it. */
export interface Customer {
  id: number;
  external_id: string | null;
  name: string;
  company: string;
  vip_level: number;
  language: string;
  tags: string[];
  notes: string;
  custom_fields: Record<string, string | number | boolean>;
  consent_recording: boolean;
  consent_marketing: boolean;
  birthday: string | null;
  renewal_at: string | null;
  last_agent_id: number | null;
  created_at: string;
  updated_at: string;
  phones: CustomerPhone[];
  emails: { id: number; email: string }[];
}

/** The customers table's row before lists and flags are decoded. */
export interface CustomerRow {
  id: number;
  external_id: string | null;
  name: string;
  company: string;
  vip_level: number;
  language: string;
  tags: string;
  notes: string;
  custom_fields: string;
  consent_recording: number;
  consent_marketing: number;
  birthday: string | null;
  renewal_at: string | null;
  last_agent_id: number | null;
  created_at: string;
  updated_at: string;
}
