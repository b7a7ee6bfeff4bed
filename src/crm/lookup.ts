import type { Database } from "../db/mod.ts";
import type { Customer, CustomerRow } from "./customer_schema.ts";
import { decodeCustomer } from "./customers.ts";
import { parsePhone } from "./phone.ts";

/** How many contacts the screen pop shows. */
export const SCREEN_POP_INTERACTIONS = 20;

/** One contact as the timeline and the screen pop show it. */
export interface TimelineEntry {
  id: number;
  channel: string;
  direction: string;
  started_at: string;
  answered_at: string | null;
  ended_at: string | null;
  queue_id: number | null;
  queue: string | null;
  agent_id: number | null;
  agent: string | null;
  case_id: number | null;
  category: string | null;
  disposition: string | null;
  disposition_label: string | null;
  call_id: string | null;
  recording_id: number | null;
  notes: string;
}

export interface OpenCase {
  id: number;
  subject: string;
  category: string;
  priority: string;
  status: string;
  tier: number;
  assignee_id: number | null;
  due_at: string | null;
  updated_at: string;
}

/** Everything an agent sees when a known caller rings. */
export interface CustomerMatch {
  customer: Customer;
  vip: number;
  open_cases: OpenCase[];
  interactions: TimelineEntry[];
  last_agent: { id: number; name: string; extension: string | null } | null;
}

/**
 * The answer to "who is calling?". `phone` is the caller's number in E.164 (null when
 * it is no usable number, with `problem` saying why); `match` is null for a stranger,
 * and `new_customer` is then the body that creates them in one step.
 */
export interface ScreenPop {
  phone: string | null;
  match: CustomerMatch | null;
  problem?: string;
  new_customer?: { name: string; phones: { number: string; label: string }[] };
}

export const TIMELINE_SELECT = `
  SELECT i.id, i.channel, i.direction, i.started_at, i.answered_at, i.ended_at, i.queue_id,
    q.name AS queue, i.agent_id, u.display_name AS agent, i.case_id, i.category,
    d.code AS disposition, d.label AS disposition_label, i.call_id, i.recording_id, i.notes
  FROM interactions i
  LEFT JOIN queues q ON q.id = i.queue_id
  LEFT JOIN users u ON u.id = i.agent_id
  LEFT JOIN dispositions d ON d.id = i.disposition_id`;

/**
 * The screen pop. It runs on every ringing call, so it is a handful of indexed reads
 * (the phone's unique index, then per-customer indexes on cases and interactions)
 * through statements the {@link Database} keeps prepared.
 */
export class ScreenPopLookup {
  constructor(private readonly db: Database, private readonly defaultCountry: () => string) {}

  lookupByPhone(raw: string, country?: string): ScreenPop {
    const parsed = parsePhone(raw, country ?? this.defaultCountry());
    if (!parsed.ok) return { phone: null, match: null, problem: parsed.reason };
    const phone = parsed.e164;
    const owner = this.db.get<{ customer_id: number }>(
      "SELECT customer_id FROM customer_phones WHERE e164 = ?",
      phone,
    );
    const match = owner ? this.matchFor(owner.customer_id) : null;
    if (match) return { phone, match };
    return {
      phone,
      match: null,
      new_customer: { name: "", phones: [{ number: phone, label: "mobile" }] },
    };
  }

  /** The screen pop of the customer with an account number (`external_id`), if any. */
  lookupByAccount(account: string): CustomerMatch | null {
    const row = this.db.get<{ id: number }>(
      "SELECT id FROM customers WHERE external_id = ?",
      account,
    );
    return row ? this.matchFor(row.id) : null;
  }

  /** The screen pop of a known customer. */
  matchFor(customerId: number): CustomerMatch | null {
    const row = this.db.get<CustomerRow>("SELECT * FROM customers WHERE id = ?", customerId);
    if (!row) return null;
    const customer = decodeCustomer(this.db, row);
    const openCases = this.db.all<OpenCase>(
      `SELECT id, subject, category, priority, status, tier, assignee_id, due_at, updated_at
       FROM cases WHERE customer_id = ? AND status NOT IN ('resolved', 'closed')
       ORDER BY updated_at DESC, id DESC`,
      customerId,
    );
    const interactions = this.db.all<TimelineEntry>(
      `${TIMELINE_SELECT} WHERE i.customer_id = ? ORDER BY i.started_at DESC, i.id DESC LIMIT ?`,
      customerId,
      SCREEN_POP_INTERACTIONS,
    );
    const agent = row.last_agent_id === null ? undefined : this.db.get<
      { id: number; name: string; extension: string | null }
    >(
      "SELECT id, display_name AS name, extension FROM users WHERE id = ?",
      row.last_agent_id,
    );
    return {
      customer,
      vip: customer.vip_level,
      open_cases: openCases,
      interactions,
      last_agent: agent ? { id: agent.id, name: agent.name, extension: agent.extension } : null,
    };
  }
}
