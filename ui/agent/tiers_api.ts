/**
 * The tiered-support API as the desk's pages use it: typed answers of the customer
 * search, the customer's page, case search, "my work" and a case with its moves, and
 * the pure rules the pages render (the SLA clock, which attachments may be sent).
 *
 * @module
 */

import type { ApiClient } from "../common/api_client.ts";

export type CaseStatus =
  | "new"
  | "open"
  | "pending_customer"
  | "escalated"
  | "resolved"
  | "closed"
  | "reopened";

/** A case as lists show it. */
export interface CaseRow {
  id: number;
  customer_id: number;
  customer?: string;
  subject: string;
  description: string;
  category: string;
  priority: "low" | "normal" | "high" | "urgent";
  status: CaseStatus;
  tier: number;
  assignee_id: number | null;
  assignee?: string | null;
  team_id: number | null;
  team?: string | null;
  due_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  sla_state: "ok" | "warning" | "breached";
}

export interface CustomerHit {
  id: number;
  name: string;
  company: string;
  external_id: string | null;
  phones: string[];
  matched: "phone" | "email" | "account" | "name" | "field";
}

export interface CustomerRecord {
  id: number;
  name: string;
  company: string;
  external_id: string | null;
  phones: { e164: string; label: string }[];
  emails: { id: number; email: string }[];
  consent_recording: boolean;
  consent_marketing: boolean;
  custom_fields: Record<string, unknown>;
}

export interface TimelineContact {
  id: number;
  channel: string;
  direction: string;
  started_at: string;
  agent: string | null;
  case_id: number | null;
  notes: string | null;
}

export interface CaseNoteRow {
  id: number;
  case_id?: number;
  subject?: string;
  author: string | null;
  body: string;
  created_at: string;
}

export interface CustomerPage {
  customer: CustomerRecord;
  cases: CaseRow[];
  interactions: TimelineContact[];
  case_notes: CaseNoteRow[];
}

export interface AttachmentRow {
  id: number;
  file_name: string;
  content_type: string;
  size_bytes: number;
  created_at: string;
}

export interface CaseChangeRow {
  id: number;
  at: string;
  actor_id: number | null;
  field: string;
  old_value: string | null;
  new_value: string | null;
}

export interface CaseDetail {
  case: CaseRow;
  allowed_moves: CaseStatus[];
  /** How the case's SLA rule counts time; null without a rule. */
  sla?: { clock: "calendar" | "business"; pause_when_waiting: boolean } | null;
  notes: CaseNoteRow[];
  attachments: AttachmentRow[];
  history: CaseChangeRow[];
}

/** The desk's work lists: cases by state, the tier-2 queue, and the agent's tasks to call. */
export const WORK_LISTS = [
  "assigned",
  "due_today",
  "breached",
  "waiting",
  "tier2",
  "tasks",
] as const;
export type WorkList = typeof WORK_LISTS[number];

export interface WorkCounts {
  assigned: number;
  due_today: number;
  breached: number;
  waiting: number;
  follow_ups: number;
}

export interface EscalationTeam {
  id: number;
  name: string;
  people: { id: number; name: string }[];
}

/** One entry of the customer's timeline: a contact or a note on one of their cases. */
export type TimelineItem =
  | { kind: "contact"; at: string; contact: TimelineContact }
  | { kind: "note"; at: string; note: CaseNoteRow };

/** Contacts and case notes on one line, newest first. */
export function mergeTimeline(page: CustomerPage): TimelineItem[] {
  const items: TimelineItem[] = [
    ...page.interactions.map((c) => ({ kind: "contact" as const, at: c.started_at, contact: c })),
    ...page.case_notes.map((n) => ({ kind: "note" as const, at: n.created_at, note: n })),
  ];
  return items.sort((a, b) => b.at.localeCompare(a.at));
}

/** How a case stands against its due time, for the coloured SLA clock. */
export interface SlaClock {
  tone: "none" | "ok" | "warning" | "breached" | "paused" | "done";
  /** Seconds left (negative once breached); null without a due time. */
  leftS: number | null;
}

const WARNING_SHARE_S = 3600;

/**
 * The SLA clock of `kase` at `nowMs`: breached past the due time, a warning when the
 * server announced one or within the last hour, paused while waiting on the customer.
 * `pauses` is whether the case's rule stops the clock while it waits: then it shows as
 * paused even past its due time (which moves on when work resumes); false shows the
 * clock running; not known (lists) shows a waiting case paused until it is past due.
 */
export function slaClock(kase: CaseRow, nowMs: number, pauses?: boolean): SlaClock {
  if (!kase.due_at) return { tone: "none", leftS: null };
  const leftS = Math.floor((Date.parse(kase.due_at) - nowMs) / 1000);
  if (kase.status === "resolved" || kase.status === "closed") return { tone: "done", leftS };
  const waiting = kase.status === "pending_customer";
  if (waiting && pauses === true) return { tone: "paused", leftS };
  if (leftS <= 0) return { tone: "breached", leftS };
  if (waiting && pauses === undefined) return { tone: "paused", leftS };
  if (kase.sla_state === "warning" || leftS <= WARNING_SHARE_S) return { tone: "warning", leftS };
  return { tone: "ok", leftS };
}

/** `1 d 2 h`, `3 h 5 min`, `4 min` for a span of seconds (sign ignored). */
export function formatSpan(seconds: number): string {
  const s = Math.abs(seconds);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  return `${Math.max(m, s > 0 ? 1 : 0)} min`;
}

/** The size limit of one attachment, as the server enforces it. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const ACCEPTED =
  /^(image\/(png|jpeg|gif|webp)|application\/pdf|text\/plain|text\/csv|application\/(msword|vnd\.openxmlformats-officedocument\.[\w.]+|vnd\.ms-excel))$/;

/** Why a file may not be attached ("size" or "type"), or null when it may. */
export function attachmentProblem(file: { size: number; type: string }): "size" | "type" | null {
  if (file.size > MAX_ATTACHMENT_BYTES) return "size";
  if (!ACCEPTED.test(file.type)) return "type";
  return null;
}

/** Whether the page can show a preview of an attachment of this type. */
export function previewable(contentType: string): "image" | "pdf" | null {
  if (/^image\/(png|jpeg|gif|webp)$/.test(contentType)) return "image";
  if (contentType === "application/pdf") return "pdf";
  return null;
}

/** The requests the pages make. */
export class TiersApi {
  constructor(private readonly api: ApiClient) {}

  findCustomers(q: string) {
    return this.api.request<{ customers: CustomerHit[] }>(
      "GET",
      `/customers/find?q=${encodeURIComponent(q)}`,
    );
  }

  customerPage(id: number) {
    return this.api.request<CustomerPage>("GET", `/customers/${id}/page`);
  }

  searchCases(filters: Record<string, string>) {
    const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== ""));
    return this.api.request<{ cases: CaseRow[] }>("GET", `/cases/search?${query}`);
  }

  work(list?: Exclude<WorkList, "tasks">) {
    return this.api.request<{ counts: WorkCounts; cases: CaseRow[] }>(
      "GET",
      `/cases/work${list ? `?list=${list}` : ""}`,
    );
  }

  caseDetail(id: number) {
    return this.api.request<CaseDetail>("GET", `/cases/${id}`);
  }

  transition(kase: CaseRow, to: CaseStatus) {
    return this.api.request<{ case: CaseRow }>("POST", `/cases/${kase.id}/transition`, { to }, {
      headers: { "If-Match": `"${kase.version}"` },
    });
  }

  escalate(kase: CaseRow, body: { note: string; team_id: number | null; assignee_id?: number }) {
    return this.api.request<{ case: CaseRow }>("POST", `/cases/${kase.id}/escalate`, body, {
      headers: { "If-Match": `"${kase.version}"` },
    });
  }

  sendBack(kase: CaseRow, note: string) {
    return this.api.request<{ case: CaseRow }>("POST", `/cases/${kase.id}/send-back`, { note }, {
      headers: { "If-Match": `"${kase.version}"` },
    });
  }

  addNote(id: number, body: string) {
    return this.api.request<{ note: CaseNoteRow }>("POST", `/cases/${id}/notes`, { body });
  }

  attach(id: number, file: File) {
    return this.api.upload<{ attachment: AttachmentRow }>(
      `/cases/${id}/attachments?name=${encodeURIComponent(file.name)}`,
      file,
      file.type || "application/octet-stream",
    );
  }

  merge(id: number, duplicateId: number) {
    return this.api.request<{ case: CaseRow }>("POST", `/cases/${id}/merge`, {
      duplicate_id: duplicateId,
    });
  }

  teams() {
    return this.api.request<{ teams: EscalationTeam[] }>("GET", "/cases/escalation-teams");
  }
}
