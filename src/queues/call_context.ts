import type { Crm, ScreenPop } from "../crm/mod.ts";
import type { Database } from "../db/mod.ts";
import type { CallJournal } from "../call_history/mod.ts";
import { getCall } from "../call_history/mod.ts";
import type { QueueDesk } from "./queue_desk.ts";

/** Everything the agent desktop shows when a call rings: the screen pop. */
export interface CallContext {
  call: {
    id: string;
    state: string;
    caller: string | null;
    did: string | null;
    started_at: string;
    answered_at: string | null;
  };
  /** The CRM's answer for the caller (the customer, open cases, timeline) or a stranger. */
  customer: ScreenPop;
  ivr: {
    /** Nodes the caller went through, in order. */
    path: string[];
    /** What the caller keyed in, in order (masked where the flow says so). */
    digits: string[];
    language: string | null;
  };
  queue: {
    id: number;
    name: string;
    entered_at: string;
    /** Seconds waited in queues until an agent answered (or until now). */
    wait_s: number;
    priority: number | null;
    position: number | null;
  } | null;
  /** Set when the call came by transfer: who sent it, the case they were on, their note. */
  transfer: {
    from_agent: string | null;
    /** The sending agent's display name. */
    from_name: string | null;
    mode: string;
    case_id: number | null;
    note: string | null;
  } | null;
}

/** Builds the screen pop of a call from its row, its events, the CRM and the live ACD. */
export function callContext(
  deps: { db: Database; crm: Crm; journal: CallJournal; desk: QueueDesk; now: number },
  callId: string,
): CallContext | undefined {
  const row = getCall(deps.db, callId);
  if (!row) return undefined;
  const events = deps.journal.events(callId);
  const path: string[] = [];
  const digits: string[] = [];
  let language: string | null = null;
  let entered: { at: string; queueId: number } | undefined;
  let answeredAt: string | undefined;
  let transfer: CallContext["transfer"] = null;
  for (const e of events) {
    if (e.type === "ivr.node_entered" && typeof e.data.node === "string") path.push(e.data.node);
    if (e.type === "ivr.digits" && typeof e.data.digits === "string" && e.data.digits) {
      digits.push(e.data.digits);
    }
    if (e.type === "ivr.language" && typeof e.data.language === "string") {
      language = e.data.language;
    }
    if (e.type === "queue.entered" && e.queue_id !== null) {
      entered ??= { at: e.at, queueId: e.queue_id };
    }
    if (e.type === "queue.answered") answeredAt ??= e.at;
    if (e.type === "transfer.handover") {
      transfer = {
        from_agent: typeof e.data.from_agent === "string" ? e.data.from_agent : null,
        from_name: typeof e.data.from_name === "string" ? e.data.from_name : null,
        mode: typeof e.data.mode === "string" ? e.data.mode : "consult",
        case_id: typeof e.data.case_id === "number" ? e.data.case_id : null,
        note: typeof e.data.note === "string" ? e.data.note : null,
      };
    }
  }
  let customer: ScreenPop;
  const match = row.customer_id !== null ? deps.crm.screenPop(row.customer_id) : null;
  if (match) customer = { phone: row.caller, match };
  else customer = deps.crm.lookupByPhone(row.caller ?? "");
  const live = deps.desk.engine.call(callId);
  const queueId = live ? Number(live.queueId) : row.queue_id ?? entered?.queueId;
  const queue = queueId !== undefined ? deps.desk.setup.queues.get(String(queueId)) : undefined;
  const enteredAt = entered?.at;
  const until = answeredAt ? Date.parse(answeredAt) : deps.now;
  return {
    call: {
      id: row.id,
      state: row.state,
      caller: row.caller,
      did: row.did,
      started_at: row.started_at,
      answered_at: row.answered_at,
    },
    customer,
    ivr: { path, digits, language },
    queue: queue && enteredAt
      ? {
        id: queue.id,
        name: queue.name,
        entered_at: enteredAt,
        wait_s: Math.max(0, Math.round((until - Date.parse(enteredAt)) / 1000)),
        priority: live?.priority ?? null,
        position: live && live.state === "waiting" ? live.position : null,
      }
      : null,
    transfer,
  };
}
