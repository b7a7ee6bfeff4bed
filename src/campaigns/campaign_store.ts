import { parse } from "csv-parse/sync";
import type { Clock } from "../clock/mod.ts";
import { parsePhone } from "../crm/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import {
  type Campaign,
  type CampaignContact,
  type CampaignInput,
  CampaignOptionsSchema,
  type CampaignState,
  type ContactRow,
  ContactRowSchema,
  transitionCampaign,
} from "./campaign_schema.ts";

interface CampaignRow {
  id: number;
  name: string;
  mode: Campaign["mode"];
  state: CampaignState;
  queue_id: number | null;
  trunk_id: number | null;
  caller_id: string | null;
  options: string;
  created_at: string;
  updated_at: string;
}

/** A list row that could not be taken, with its line in the file (1 = the header). */
export interface RejectedRow {
  line: number;
  reason: string;
}

/** The counts a campaign board shows. */
export interface CampaignProgress {
  contacts: number;
  pending: number;
  dialing: number;
  done: number;
  failed: number;
  skipped: number;
  attempts: number;
  answered: number;
  abandoned: number;
  outcomes: Record<string, number>;
}

const NOT_DIALLED = new Set([
  "do_not_call",
  "outside_hours",
  "no_consent",
  "not_allowed_on_trunk",
  "interrupted",
]);

const CONTACT_COLUMNS = `id, campaign_id, customer_id, number, name, time_zone, priority, state,
  attempts, last_outcome, next_attempt_at, disposition`;

/** The owner of `campaigns`, `campaign_contacts` and `campaign_attempts`. */
export class CampaignStore {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  list(): Campaign[] {
    return this.db.all<CampaignRow>("SELECT * FROM campaigns ORDER BY name").map(toCampaign);
  }

  get(id: number): Campaign | undefined {
    const row = this.db.get<CampaignRow>("SELECT * FROM campaigns WHERE id = ?", id);
    return row ? toCampaign(row) : undefined;
  }

  create(input: CampaignInput): Campaign {
    const now = isoTime(this.clock.now());
    const id = this.db.run(
      `INSERT INTO campaigns (name, mode, queue_id, trunk_id, caller_id, options, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      input.name,
      input.mode,
      input.queue_id,
      input.trunk_id,
      input.caller_id,
      JSON.stringify(input.options),
      now,
      now,
    ).lastInsertRowid;
    return this.get(Number(id))!;
  }

  update(id: number, input: CampaignInput): Campaign | undefined {
    const changed = this.db.run(
      `UPDATE campaigns SET name = ?, mode = ?, queue_id = ?, trunk_id = ?, caller_id = ?,
         options = ?, updated_at = ? WHERE id = ?`,
      input.name,
      input.mode,
      input.queue_id,
      input.trunk_id,
      input.caller_id,
      JSON.stringify(input.options),
      isoTime(this.clock.now()),
      id,
    ).changes;
    return changed ? this.get(id) : undefined;
  }

  remove(id: number): boolean {
    return this.db.run("DELETE FROM campaigns WHERE id = ?", id).changes > 0;
  }

  /** Moves a campaign's state by the guarded transition (throws IllegalCampaignMove). */
  setState(id: number, to: CampaignState): Campaign | undefined {
    const campaign = this.get(id);
    if (!campaign) return undefined;
    transitionCampaign(campaign.state, to);
    this.db.run(
      "UPDATE campaigns SET state = ?, updated_at = ? WHERE id = ?",
      to,
      isoTime(this.clock.now()),
      id,
    );
    return this.get(id);
  }

  running(): Campaign[] {
    return this.db.all<CampaignRow>("SELECT * FROM campaigns WHERE state = 'running'").map(
      toCampaign,
    );
  }

  /**
   * Adds contacts; each row's number is normalised to E.164 with `defaultCountry`. A row
   * that is not valid, or whose number is already on the campaign, is rejected with its
   * line (`firstLine` is the line of the first row; 2 for a file with a header).
   */
  addContacts(
    campaignId: number,
    rows: unknown[],
    options: { defaultCountry: string; firstLine?: number },
  ): { added: number; rejected: RejectedRow[] } {
    const rejected: RejectedRow[] = [];
    let added = 0;
    const now = isoTime(this.clock.now());
    const first = options.firstLine ?? 1;
    this.db.transaction(() => {
      rows.forEach((raw, i) => {
        const line = first + i;
        const parsed = ContactRowSchema.safeParse(raw);
        if (!parsed.success) {
          rejected.push({ line, reason: parsed.error.issues[0]?.message ?? "not a contact" });
          return;
        }
        const row: ContactRow = parsed.data;
        const phone = parsePhone(row.number, options.defaultCountry);
        if (!phone.ok) {
          rejected.push({ line, reason: `the number ${row.number} ${phone.reason}` });
          return;
        }
        const result = this.db.run(
          `INSERT OR IGNORE INTO campaign_contacts
             (campaign_id, customer_id, number, name, time_zone, priority, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
          campaignId,
          row.customer_id ?? null,
          phone.e164,
          row.name ?? null,
          row.time_zone ?? null,
          row.priority ?? 0,
          now,
        );
        if (result.changes === 0) {
          rejected.push({ line, reason: `${phone.e164} is already on the list` });
        } else added++;
      });
    });
    return { added, rejected };
  }

  /** Adds contacts from CSV text with a header (number, name, customer_id, time_zone, priority). */
  importCsv(
    campaignId: number,
    text: string,
    defaultCountry: string,
  ): { added: number; rejected: RejectedRow[] } {
    const records = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      bom: true,
      trim: true,
      relax_column_count: true,
    }) as Record<string, string>[];
    const rows = records.map((r) => {
      const row: Record<string, unknown> = { number: r.number ?? r.phone ?? "" };
      if (r.name) row.name = r.name;
      if (r.time_zone) row.time_zone = r.time_zone;
      if (r.customer_id) row.customer_id = Number(r.customer_id);
      if (r.priority) row.priority = Number(r.priority);
      return row;
    });
    return this.addContacts(campaignId, rows, { defaultCountry, firstLine: 2 });
  }

  contacts(campaignId: number, options: { state?: string; limit?: number } = {}) {
    return this.db.all<CampaignContact>(
      `SELECT ${CONTACT_COLUMNS} FROM campaign_contacts
       WHERE campaign_id = ? AND (? IS NULL OR state = ?) ORDER BY id LIMIT ?`,
      campaignId,
      options.state ?? null,
      options.state ?? null,
      options.limit ?? 1000,
    );
  }

  contact(id: number): CampaignContact | undefined {
    return this.db.get<CampaignContact>(
      `SELECT ${CONTACT_COLUMNS} FROM campaign_contacts WHERE id = ?`,
      id,
    );
  }

  /** Contacts due at `now`, highest priority first, then in list order. */
  due(campaignId: number, now: number, limit: number): CampaignContact[] {
    return this.db.all<CampaignContact>(
      `SELECT ${CONTACT_COLUMNS} FROM campaign_contacts
       WHERE campaign_id = ? AND state = 'pending'
         AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
       ORDER BY priority DESC, id LIMIT ?`,
      campaignId,
      isoTime(now),
      limit,
    );
  }

  /** Whether any contact may still be called (pending or being dialled). */
  hasWork(campaignId: number): boolean {
    return this.db.get(
      "SELECT 1 AS x FROM campaign_contacts WHERE campaign_id = ? AND state IN ('pending','dialing') LIMIT 1",
      campaignId,
    ) !== undefined;
  }

  /** Claims a pending contact for dialling; false when someone else took it. */
  startDialing(contactId: number): boolean {
    return this.db.run(
      "UPDATE campaign_contacts SET state = 'dialing' WHERE id = ? AND state = 'pending'",
      contactId,
    ).changes > 0;
  }

  /** Puts a claimed contact back untouched (the agent skipped it, the line was busy). */
  release(contactId: number, nextAt?: number): void {
    this.db.run(
      `UPDATE campaign_contacts SET state = 'pending', next_attempt_at = ?
       WHERE id = ? AND state = 'dialing'`,
      nextAt === undefined ? null : isoTime(nextAt),
      contactId,
    );
  }

  /** How many earlier attempts on a contact ended with `outcome`. */
  outcomeCount(contactId: number, outcome: string): number {
    return this.db.get<{ n: number }>(
      "SELECT count(*) AS n FROM campaign_attempts WHERE contact_id = ? AND outcome = ?",
      contactId,
      outcome,
    )!.n;
  }

  /** Writes an attempt and what the contact becomes. */
  recordAttempt(
    contact: CampaignContact,
    attempt: {
      outcome: string;
      callId?: string | null;
      agentId?: number | null;
      state: string;
      counted: boolean;
      nextAt?: number;
    },
  ): void {
    const now = isoTime(this.clock.now());
    this.db.transaction(() => {
      this.db.run(
        `INSERT INTO campaign_attempts (campaign_id, contact_id, call_id, agent_id, outcome, at)
         VALUES (?, ?, ?, ?, ?, ?)`,
        contact.campaign_id,
        contact.id,
        attempt.callId ?? null,
        attempt.agentId ?? null,
        attempt.outcome,
        now,
      );
      this.db.run(
        `UPDATE campaign_contacts SET state = ?, attempts = attempts + ?, last_outcome = ?,
           next_attempt_at = ? WHERE id = ?`,
        attempt.state,
        attempt.counted ? 1 : 0,
        attempt.outcome,
        attempt.nextAt === undefined ? null : isoTime(attempt.nextAt),
        contact.id,
      );
    });
  }

  /**
   * Puts back every contact left `dialing` by a stop (a crash, a restart): due at once,
   * the attempt not counted, with an `interrupted` note in its history. Returns how many.
   */
  recoverDialing(): number {
    const now = isoTime(this.clock.now());
    return this.db.transaction(() => {
      this.db.run(
        `INSERT INTO campaign_attempts (campaign_id, contact_id, outcome, at)
         SELECT campaign_id, id, 'interrupted', ? FROM campaign_contacts WHERE state = 'dialing'`,
        now,
      );
      return this.db.run(
        `UPDATE campaign_contacts SET state = 'pending', last_outcome = 'interrupted',
           next_attempt_at = ? WHERE state = 'dialing'`,
        now,
      ).changes;
    });
  }

  setDisposition(contactId: number, disposition: string): boolean {
    return this.db.run(
      "UPDATE campaign_contacts SET disposition = ? WHERE id = ?",
      disposition,
      contactId,
    ).changes > 0;
  }

  /** Counts for the board: contacts by state, attempts and outcomes (since `sinceMs`). */
  progress(campaignId: number, sinceMs = 0): CampaignProgress {
    const states = Object.fromEntries(
      this.db.all<{ state: string; n: number }>(
        "SELECT state, count(*) AS n FROM campaign_contacts WHERE campaign_id = ? GROUP BY state",
        campaignId,
      ).map((r) => [r.state, r.n]),
    );
    const outcomes = Object.fromEntries(
      this.db.all<{ outcome: string; n: number }>(
        `SELECT outcome, count(*) AS n FROM campaign_attempts
         WHERE campaign_id = ? AND at >= ? GROUP BY outcome`,
        campaignId,
        isoTime(sinceMs),
      ).map((r) => [r.outcome, r.n]),
    );
    // Dials only: a contact refused at the moment of dialling or skipped was never rung.
    const attempts = Object.entries(outcomes)
      .filter(([outcome]) => !NOT_DIALLED.has(outcome) && !outcome.startsWith("skipped_"))
      .reduce((a, [, n]) => a + n, 0);
    const abandoned = outcomes.abandoned ?? 0;
    const contacts = Object.values(states).reduce((a, b) => a + b, 0);
    return {
      contacts,
      pending: states.pending ?? 0,
      dialing: states.dialing ?? 0,
      done: states.done ?? 0,
      failed: states.failed ?? 0,
      skipped: states.skipped ?? 0,
      attempts,
      answered: (outcomes.connected ?? 0) + abandoned,
      abandoned,
      outcomes,
    };
  }
}

function toCampaign(row: CampaignRow): Campaign {
  return {
    id: row.id,
    name: row.name,
    mode: row.mode,
    state: row.state,
    queue_id: row.queue_id,
    trunk_id: row.trunk_id,
    caller_id: row.caller_id,
    options: CampaignOptionsSchema.parse(JSON.parse(row.options)),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
