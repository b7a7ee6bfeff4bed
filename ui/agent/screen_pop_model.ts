/**
 * Turns `GET /api/v1/calls/:id/context` into what the screen pop shows: the
 * call (queue, wait, number dialled), the IVR path and digits, and either the
 * known customer (VIP level, open cases last touched first, recent contacts,
 * last agent) or the body that creates an unknown caller in one step.
 *
 * The reader is forgiving: fields the server leaves out become empty values
 * rather than errors, so a partial context still pops.
 *
 * @module
 */

/** One open case, as the screen pop lists it. */
export interface PopCase {
  id: number;
  subject: string;
  status: string;
  priority: string;
  category: string;
  updatedAt: string;
  dueAt: string | null;
}

/** One past contact on the timeline. */
export interface PopContact {
  id: number;
  channel: string;
  direction: string;
  startedAt: string;
  agent: string | null;
  queue: string | null;
  disposition: string | null;
  caseId: number | null;
  notes: string;
}

/** A known caller. */
export interface PopCustomer {
  id: number;
  name: string;
  company: string;
  vipLevel: number;
  language: string;
  tags: string[];
  phones: string[];
  emails: string[];
  notes: string;
  lastAgent: string | null;
}

/** Everything the screen pop renders for one call. */
export interface ScreenPopView {
  callId: string;
  caller: string;
  did: string;
  queue: string | null;
  queueId: number | null;
  waitSeconds: number | null;
  startedAt: string | null;
  ivrPath: string[];
  digits: string[];
  /** E.164 form of the caller's number when the CRM could read it. */
  phone: string | null;
  customer: PopCustomer | null;
  openCases: PopCase[];
  timeline: PopContact[];
  /** The body for `POST /api/v1/customers` that creates an unknown caller. */
  newCustomer: { name: string; phones: { number: string; label?: string }[] } | null;
  /** Whether the queue wants a disposition before the agent leaves wrap-up. */
  dispositionRequired: boolean;
  /** The call came by transfer: from whom, their note, and the case they were on. */
  transfer: { fromAgent: string | null; note: string | null; caseId: number | null } | null;
}

type Json = Record<string, unknown>;

const obj = (value: unknown): Json =>
  value && typeof value === "object" && !Array.isArray(value) ? value as Json : {};
const arr = (value: unknown): unknown[] => Array.isArray(value) ? value : [];
const str = (value: unknown, fallback = ""): string =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : fallback;
const optStr = (value: unknown): string | null =>
  typeof value === "string" && value !== "" ? value : null;
const num = (value: unknown): number | null =>
  typeof value === "number" && Number.isFinite(value) ? value : null;

/** Newest first by an ISO time; unparseable times sort last. */
function byTimeDesc<T>(pick: (item: T) => string): (a: T, b: T) => number {
  const time = (item: T) => {
    const ms = Date.parse(pick(item));
    return Number.isFinite(ms) ? ms : -Infinity;
  };
  return (a, b) => time(b) - time(a);
}

/** A phone for the customer API, which refuses empty labels. */
function phoneInput(number: string, label: string): { number: string; label?: string } {
  return label.trim() ? { number, label } : { number };
}

/** Builds the screen pop's view from a call context body. */
export function screenPopModel(context: unknown): ScreenPopView {
  const root = obj(context);
  const call = obj(root.call);
  const ivr = obj(root.ivr);
  const lookup = obj(root.customer);
  const match = root.customer && lookup.match ? obj(lookup.match) : null;

  // The queue may come beside the call as { id, name, wait_s }, or inside it as a name.
  const queueValue = root.queue ?? call.queue;
  const queueObj = obj(queueValue);
  const queue = typeof queueValue === "string" ? queueValue : optStr(queueObj.name);
  const queueId = num(queueObj.id) ?? num(call.queue_id);
  const waitSeconds = num(queueObj.wait_s) ?? num(call.wait_s);

  let customer: PopCustomer | null = null;
  let openCases: PopCase[] = [];
  let timeline: PopContact[] = [];
  if (match) {
    const c = obj(match.customer);
    const lastAgent = obj(match.last_agent);
    customer = {
      id: num(c.id) ?? 0,
      name: str(c.name),
      company: str(c.company),
      vipLevel: num(match.vip) ?? num(c.vip_level) ?? 0,
      language: str(c.language),
      tags: arr(c.tags).map((tag) => str(tag)).filter(Boolean),
      phones: arr(c.phones).map((p) => str(obj(p).e164 ?? p)).filter(Boolean),
      emails: arr(c.emails).map((e) => str(obj(e).email ?? e)).filter(Boolean),
      notes: str(c.notes),
      lastAgent: optStr(lastAgent.name),
    };
    openCases = arr(match.open_cases).map((raw): PopCase => {
      const k = obj(raw);
      return {
        id: num(k.id) ?? 0,
        subject: str(k.subject),
        status: str(k.status),
        priority: str(k.priority),
        category: str(k.category),
        updatedAt: str(k.updated_at),
        dueAt: optStr(k.due_at),
      };
    }).sort(byTimeDesc((k) => k.updatedAt));
    timeline = arr(match.interactions).map((raw): PopContact => {
      const i = obj(raw);
      return {
        id: num(i.id) ?? 0,
        channel: str(i.channel),
        direction: str(i.direction),
        startedAt: str(i.started_at),
        agent: optStr(i.agent),
        queue: optStr(i.queue),
        disposition: optStr(i.disposition_label) ?? optStr(i.disposition),
        caseId: num(i.case_id),
        notes: str(i.notes),
      };
    }).sort(byTimeDesc((i) => i.startedAt));
  }

  const caller = str(call.caller);
  const draft = obj(lookup.new_customer);
  const newCustomer = match ? null : {
    name: str(draft.name) || caller,
    phones: arr(draft.phones).length
      ? arr(draft.phones).map((p) => phoneInput(str(obj(p).number), str(obj(p).label)))
      : caller
      ? [phoneInput(optStr(lookup.phone) ?? caller, "")]
      : [],
  };

  return {
    callId: str(call.id),
    caller,
    did: str(call.did),
    queue,
    queueId,
    waitSeconds,
    startedAt: optStr(call.started_at),
    ivrPath: arr(ivr.path).map((node) => str(node)).filter(Boolean),
    digits: arr(ivr.digits).map((digit) => str(digit)).filter(Boolean),
    phone: optStr(lookup.phone),
    customer,
    openCases,
    timeline,
    newCustomer,
    dispositionRequired: queueObj.disposition_required !== false &&
      call.disposition_required !== false,
    transfer: root.transfer && typeof root.transfer === "object"
      ? {
        fromAgent: optStr(obj(root.transfer).from_name) ?? optStr(obj(root.transfer).from_agent),
        note: optStr(obj(root.transfer).note),
        caseId: num(obj(root.transfer).case_id),
      }
      : null,
  };
}

/**
 * The case the desktop preselects for notes: the one the sending agent handed over with a
 * transfer, else the most recently touched open case.
 */
export function lastCase(view: ScreenPopView): PopCase | null {
  const handed = view.transfer?.caseId;
  return view.openCases.find((c) => c.id === handed) ?? view.openCases[0] ?? null;
}
