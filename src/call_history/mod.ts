/**
 * Call history: the `calls` table (one row per call, its state and how it ended) and the
 * append-only `call_events` (every change, in order), which reports, the wallboard, the
 * CRM timeline and replication read. {@link CallJournal} is their one writer: it shares
 * commits between a call's many events (decision 012), keeps the ends a full disk refused
 * and writes them once it can, and ends the calls a previous process left open
 * (decision 020). {@link countIvrStep} keeps hourly counts of the IVR's steps, which
 * {@link flowTraffic} reads for the flow editor.
 *
 * @module
 */
export { CallJournal, END_RETRY_MS, RESTART_CAUSE } from "./call_journal.ts";
export type { CallEventRow } from "./call_journal.ts";
export { CallListQuerySchema, getCall, listCalls } from "./call_queries.ts";
export type { CallListQuery, CallRow } from "./call_queries.ts";
export { countIvrStep, flowTraffic, nodeCalls } from "./ivr_traffic.ts";
export type {
  ExitTraffic,
  FlowTraffic,
  IvrStep,
  NodeCall,
  NodeTraffic,
  TrafficPeriod,
} from "./ivr_traffic.ts";
