/**
 * The ports through which the interpreter reaches the rest of the appliance. Each has
 * an implementation in this folder (over the CRM for customers and callbacks, over the
 * IVR's own tables for the rest) and an in-memory one where a simulation must not leave
 * traces.
 */
import type { CaseStatus } from "../crm/mod.ts";
import type { IvrLanguage } from "./call_port.ts";
import type { LocalTime } from "./local_time.ts";

/** A customer as the IVR needs them. */
export interface IvrCustomer {
  id: number;
  account: string | null;
  name: string;
  vip: number;
  language: IvrLanguage;
  lastAgentId: number | null;
  lastAgentExtension: string | null;
  openCases: number;
}

/** The latest case of a customer, for self-service status. */
export interface IvrCaseSummary {
  id: number;
  subject: string;
  status: CaseStatus;
  /** ISO-8601 UTC. */
  updatedAt: string;
}

/** Finds callers in the CRM. */
export interface CustomerDirectory {
  /** By the caller's number as received (normalised to E.164 by the CRM's rules). */
  byPhone(raw: string): IvrCustomer | undefined;
  /** By the account number a caller keyed in. */
  byAccount(account: string): IvrCustomer | undefined;
  latestCase(customerId: number): IvrCaseSummary | undefined;
}

/** What callers leave behind in the IVR; each save returns the new row's id. */
export interface IvrRecords {
  saveVoicemail(v: {
    callId: string;
    flowId: number | null;
    customerId: number | null;
    caller: string;
    box: string;
    path: string | null;
    durationMs: number;
    at: number;
  }): number;
  saveCallback(c: {
    callId: string;
    customerId: number | null;
    number: string;
    queueId: number | null;
    priority: number;
    placeAt: number;
    at: number;
  }): number;
  saveSurvey(s: {
    callId: string;
    agentId: number | null;
    customerId: number | null;
    question: string;
    score: number;
    at: number;
  }): number;
}

/** Named schedules of business hours and holidays. */
export interface ScheduleBook {
  has(name: string): boolean;
  /** Whether the schedule is open at a local time; a holiday closes the whole day. */
  status(name: string, at: LocalTime): "open" | "closed" | "holiday";
}

/** One IVR step as it is appended to `call_events`. */
export interface IvrEvent {
  callId: string;
  /** Milliseconds since the epoch, from the call's clock. */
  at: number;
  type: string;
  data: Record<string, unknown>;
}

export interface IvrEventSink {
  append(event: IvrEvent): void;
}

/** Everything a running flow may use besides the call itself. */
export interface IvrServices {
  directory: CustomerDirectory;
  records: IvrRecords;
  schedules: ScheduleBook;
  /** The ACD's id for a queue name, or undefined when no such queue exists. */
  queueId(name: string): number | undefined;
  /** HTTP for webhooks; the global fetch unless a test replaces it. */
  fetch: typeof fetch;
}
