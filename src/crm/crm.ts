import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import { Attachments } from "./attachments.ts";
import { Callbacks } from "./callbacks.ts";
import { CaseSearch } from "./case_search.ts";
import { CaseRepository } from "./cases.ts";
import { CsvExports } from "./csv_export.ts";
import { CustomerImporter, type ImportOptions, type ImportReport } from "./csv_import.ts";
import { CustomFields } from "./custom_fields.ts";
import { mergeCustomers, type MergeReport } from "./customer_merge.ts";
import { type CustomerHit, searchCustomers } from "./customer_search.ts";
import { CustomerRepository } from "./customers.ts";
import { Dispositions } from "./dispositions.ts";
import { type FcrContact, type FcrResult, firstContactResolution } from "./fcr.ts";
import { FollowUps } from "./follow_ups.ts";
import { InteractionLog } from "./interactions.ts";
import { KnowledgeBase } from "./knowledge_base.ts";
import { type CustomerMatch, type ScreenPop, ScreenPopLookup } from "./lookup.ts";
import { Privacy } from "./privacy.ts";
import { AgentScripts } from "./scripts.ts";
import { CrmSettings } from "./settings.ts";
import { SlaRules } from "./sla.ts";
import { type SlaOutcome, slaOutcomes } from "./sla_outcomes.ts";
import type { BusinessHours } from "./business_clock.ts";

export interface CrmOptions {
  db: Database;
  clock: Clock;
  /** The appliance's data directory; attachments live in its `attachments/`. */
  dataDir: string;
  /** The center's business hours, for SLA rules that count business time. */
  businessHours?: BusinessHours;
}

const DAY_MS = 86_400_000;

/** The CRM, built once by the composition root and shared by HTTP, IVR, ACD and calls. */
export class Crm {
  readonly settings: CrmSettings;
  readonly customFields: CustomFields;
  readonly customers: CustomerRepository;
  readonly sla: SlaRules;
  readonly cases: CaseRepository;
  /** Case search, "my work" lists and the tier-2 queue. */
  readonly caseSearch: CaseSearch;
  readonly attachments: Attachments;
  readonly interactions: InteractionLog;
  readonly dispositions: Dispositions;
  readonly kb: KnowledgeBase;
  readonly scripts: AgentScripts;
  readonly followUps: FollowUps;
  readonly importer: CustomerImporter;
  readonly exports: CsvExports;
  readonly privacy: Privacy;
  /** Callback requests from the IVR and from queues, for the dialer to place. */
  readonly callbacks: Callbacks;
  readonly #lookup: ScreenPopLookup;

  constructor(private readonly options: CrmOptions) {
    const { db, clock, dataDir } = options;
    this.settings = new CrmSettings(db, clock);
    this.customFields = new CustomFields(db, clock);
    this.customers = new CustomerRepository(db, clock, this.settings, this.customFields);
    this.sla = new SlaRules(db, clock, {
      hours: options.businessHours,
      schedule: () => this.settings.get().hours_schedule,
    });
    this.cases = new CaseRepository(db, clock, this.sla);
    this.caseSearch = new CaseSearch(db, clock);
    this.attachments = new Attachments(db, clock, dataDir);
    this.interactions = new InteractionLog(db, clock);
    this.dispositions = new Dispositions(db);
    this.kb = new KnowledgeBase(db, clock);
    this.scripts = new AgentScripts(db, clock);
    this.followUps = new FollowUps(db, clock);
    this.importer = new CustomerImporter(db, clock, this.settings, this.customFields);
    this.exports = new CsvExports(db, this.customFields);
    this.callbacks = new Callbacks(db, clock);
    this.privacy = new Privacy(
      db,
      dataDir,
      this.customers,
      this.cases,
      this.attachments,
      this.callbacks,
    );
    this.#lookup = new ScreenPopLookup(db, () => this.settings.get().default_country);
  }

  /**
   * Who is calling: the screen pop for a caller's number as the trunk gave it. A
   * trunk's own default country may be passed for numbers without a country code.
   */
  lookupByPhone(raw: string, country?: string): ScreenPop {
    return this.#lookup.lookupByPhone(raw, country);
  }

  /** Who is calling, by the account number a caller keyed in; null when no one has it. */
  lookupByAccount(account: string): CustomerMatch | null {
    return this.#lookup.lookupByAccount(account);
  }

  /** The screen pop of a customer found another way (call-back, a queue's request). */
  screenPop(customerId: number): CustomerMatch | null {
    return this.#lookup.matchFor(customerId);
  }

  /** Customers by phone, e-mail, account number, name prefix or `field:value`. */
  findCustomers(query: string, limit?: number): CustomerHit[] {
    return searchCustomers(this.options.db, this.customers, query, {
      country: this.settings.get().default_country,
      limit,
    });
  }

  mergeCustomers(keepId: number, duplicateId: number): MergeReport {
    return mergeCustomers(this.options.db, this.options.clock, this.customers, keepId, duplicateId);
  }

  importCustomers(chunks: Iterable<Uint8Array>, options: ImportOptions): ImportReport {
    return this.importer.run(chunks, options);
  }

  /** First-contact resolution for calls that started in `[from, to)` (ms since the epoch). */
  fcr(query: {
    from: number;
    to: number;
    windowDays?: number;
    queueId?: number;
    agentId?: number;
  }): FcrResult & { window_days: number } {
    const windowDays = query.windowDays ?? this.settings.get().fcr_window_days;
    const contacts = this.fcrContacts(query.from, query.to + windowDays * DAY_MS);
    const result = firstContactResolution(
      contacts,
      { from: query.from, to: query.to, windowDays },
      (c) =>
        (query.queueId === undefined || c.queueId === query.queueId) &&
        (query.agentId === undefined || c.agentId === query.agentId),
    );
    return { ...result, window_days: windowDays };
  }

  /** Cases resolved in `[fromMs, toMs)` with a due time, each within its SLA or breached. */
  slaOutcomes(fromMs: number, toMs: number): SlaOutcome[] {
    return slaOutcomes(this.options.db, fromMs, toMs);
  }

  /** Every contact that started in `[fromMs, toMs)`, reduced to what FCR needs. */
  fcrContacts(fromMs: number, toMs: number): FcrContact[] {
    const rows = this.options.db.all<{
      id: number;
      customer_id: number | null;
      category: string | null;
      started_at: string;
      channel: string;
      direction: "inbound" | "outbound";
      answered: number;
      resolves: number | null;
      queue_id: number | null;
      agent_id: number | null;
    }>(
      `SELECT i.id, i.customer_id, i.category, i.started_at, i.channel, i.direction,
         (i.answered_at IS NOT NULL OR (i.channel = 'call' AND i.agent_id IS NOT NULL)) AS answered,
         d.resolves, i.queue_id, i.agent_id
       FROM interactions i LEFT JOIN dispositions d ON d.id = i.disposition_id
       WHERE i.started_at >= ? AND i.started_at < ?`,
      isoTime(fromMs),
      isoTime(toMs),
    );
    return rows.map((r): FcrContact => ({
      id: r.id,
      customerId: r.customer_id,
      category: r.category,
      at: Date.parse(r.started_at),
      channel: r.channel,
      direction: r.direction,
      answered: r.answered === 1,
      resolves: r.resolves === 1,
      queueId: r.queue_id,
      agentId: r.agent_id,
    }));
  }
}
