/**
 * The CRM: customers (phones in E.164, e-mails, consent, tags, admin-defined custom
 * fields), the screen pop that answers "who is calling?" within a millisecond, the
 * contact timeline (one interaction per contact on any channel), cases with a guarded
 * status workflow, SLA due times, tier-2 escalation, notes, attachments and a history
 * row per change, wrap-up dispositions per queue and first-contact resolution, a
 * knowledge base searched with FTS5 trigrams (Chinese and English), agent scripts with
 * variables, follow-ups and care lists, CSV import/export (UTF-8, BOM, GBK), callback
 * requests waiting for the dialer, and the privacy duties: masking, one customer's
 * export and erasure.
 *
 * The CRM owns the rules about these facts, and other domains ask rather than repeat
 * them: {@link normalisePhone} is the appliance's one E.164 normaliser
 * ({@link normaliseCaller} for caller IDs that may be no number at all), and
 * {@link CASE_STATUSES} the one list of case statuses.
 *
 * Everything sits in the appliance's SQLite database; {@link Crm} is built once in
 * `src/app.ts` and shared by the HTTP routes and by the IVR, ACD and call layers,
 * which call {@link Crm.lookupByPhone} and {@link Crm.lookupByAccount} in-process.
 *
 * @example
 * ```ts ignore
 * const pop = composition.crm.lookupByPhone("+86 138-0013-8000");
 * if (pop.match) console.log(pop.match.customer.name, pop.match.open_cases[0]?.subject);
 * ```
 *
 * @module
 */
export { Crm } from "./crm.ts";
export type { CrmOptions } from "./crm.ts";
export {
  InvalidPhoneError,
  maskPhone,
  normaliseCaller,
  normalisePhone,
  parsePhone,
} from "./phone.ts";
export {
  allowedMoves,
  CASE_PRIORITIES,
  CASE_STATUSES,
  IllegalTransitionError,
  OPEN_STATUSES,
  transition,
} from "./case_workflow.ts";
export type { CasePriority, CaseStatus } from "./case_workflow.ts";
export { CrmValidationError, DuplicateContactError, NotFoundError } from "./errors.ts";
export type { Issue } from "./errors.ts";
export { CustomerUpdateSchema, NewCustomerSchema } from "./customer_schema.ts";
export type { Customer, CustomerPhone, CustomerUpdate, NewCustomer } from "./customer_schema.ts";
export type { CustomerSummary } from "./customers.ts";
export type { CustomerHit, CustomerMatchKind } from "./customer_search.ts";
export { CUSTOM_FIELD_TYPES, CustomFieldDefSchema } from "./custom_fields.ts";
export type { CustomFieldDef } from "./custom_fields.ts";
export { CaseUpdateSchema, NewCaseSchema } from "./case_record.ts";
export type { Case, CaseChange, CaseNote } from "./case_record.ts";
export { CaseSearch, CaseSearchSchema, WORK_LISTS } from "./case_search.ts";
export type { CaseQuery, CaseRow, WorkCounts, WorkList } from "./case_search.ts";
export { SlaWatch } from "./sla_watch.ts";
export type { BreachedCase, SlaChange, SlaWatchOptions } from "./sla_watch.ts";
export { SLA_CLOCKS, SlaRuleSchema } from "./sla.ts";
export type { SlaClock, SlaRule } from "./sla.ts";
export type { BusinessHours } from "./business_clock.ts";
export type { SlaOutcome } from "./sla_outcomes.ts";
export { MAX_ATTACHMENT_BYTES } from "./attachments.ts";
export type { Attachment } from "./attachments.ts";
export { Callbacks } from "./callbacks.ts";
export type { CallbackRequest, PendingCallback } from "./callbacks.ts";
export { CHANNELS, InteractionUpdateSchema, NewInteractionSchema } from "./interactions.ts";
export type { CustomerMatch, OpenCase, ScreenPop, TimelineEntry } from "./lookup.ts";
export { SCREEN_POP_INTERACTIONS } from "./lookup.ts";
export { DispositionSchema, DispositionUpdateSchema } from "./dispositions.ts";
export type { Disposition } from "./dispositions.ts";
export { firstContactResolution } from "./fcr.ts";
export type { FcrContact, FcrResult } from "./fcr.ts";
export { ArticleSchema, ArticleUpdateSchema } from "./knowledge_base.ts";
export type { Article, ArticleHit } from "./knowledge_base.ts";
export { ScriptSchema, ScriptUpdateSchema } from "./scripts.ts";
export type { AgentScript } from "./scripts.ts";
export { escapeHtml, renderScript, SCRIPT_VARIABLES, unknownVariables } from "./template.ts";
export type { RenderedScript, ScriptContext } from "./template.ts";
export {
  CARE_LISTS,
  CareListSchema,
  FOLLOW_UP_KINDS,
  FollowUpUpdateSchema,
  NewFollowUpSchema,
} from "./follow_ups.ts";
export type { FollowUp } from "./follow_ups.ts";
export { CsvFileError, decodeCsv } from "./csv_decode.ts";
export type { CsvEncoding } from "./csv_decode.ts";
export { IMPORT_FIELDS } from "./csv_columns.ts";
export type { ImportOptions, ImportReport, RejectedRow } from "./csv_import.ts";
export { safeCell } from "./csv_export.ts";
export { maskCustomer } from "./privacy.ts";
export type { ErasureReport } from "./privacy.ts";
export type { MergeReport } from "./customer_merge.ts";
export { CrmSettingsSchema, DEFAULT_CRM_SETTINGS } from "./settings.ts";
export type { CrmSettingsValues } from "./settings.ts";
