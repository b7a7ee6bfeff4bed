import { DEFAULT_THRESHOLDS, type QueueThresholds } from "./thresholds.ts";

/** What an alert is about. */
export type AlertKind =
  | "service_level"
  | "long_wait"
  | "agent_state"
  | "trunk_down"
  | "standby_lost"
  | "replication_lag"
  | "case_breached"
  | "mailbox_down";

/** Seconds without a read from the standby after which it counts as lost (it reads every 2 s). */
export const STANDBY_SILENCE_LIMIT_S = 15;
/** Seconds the oldest change may wait for the standby before the lag is an alert. */
export const REPLICATION_LAG_LIMIT_S = 5;

/** One condition that needs a supervisor's eye, as long as it holds. */
export interface Alert {
  /** Stable while the condition lasts, so it is raised once and cleared once. */
  key: string;
  kind: AlertKind;
  queue_id: number | null;
  agent_id: number | null;
  trunk_id: number | null;
  /** Who or what it is about, for people: a queue, agent or trunk name. */
  subject: string;
  /** The measured value (percent or seconds) and the limit it crossed; null for a trunk. */
  value: number | null;
  limit: number | null;
  /** For agent alerts: the state they are stuck in. */
  state: string | null;
  /** For an agent not ready: the reason they gave (its name), when it has a limit of its own. */
  reason: string | null;
}

/** A queue's live figures, as far as alerts need them. */
export interface QueueFacts {
  queue_id: number;
  name: string;
  longest_wait_s: number;
  service_level: number | null;
}

/** An agent's state and since when (epoch ms), with the queues they serve. */
export interface AgentFacts {
  id: number;
  name: string;
  state: string;
  since: number;
  queue_ids: readonly number[];
  /**
   * The not-ready reason the agent gave, with its name and time limit (seconds, null for
   * none) as the admin set them; absent when not ready without a known reason.
   */
  reason?: { code: string; label: string; limit_s: number | null } | null;
}

/** A trunk and what its OPTIONS pings say. */
export interface TrunkFacts {
  id: number;
  name: string;
  enabled: boolean;
  health: "unknown" | "up" | "down";
}

/** The primary's view of its standby, from the change feed it reads. */
export interface ReplicationFacts {
  /** Who reads the feed, for people: the standby's address, or a plain word. */
  peer: string;
  /** Seconds since the standby last read; undefined when none has read yet. */
  last_contact_s: number | undefined;
  /** How long the oldest change the standby has not read yet has waited (s). */
  lag_s: number;
}

/** An open case past its SLA due time. */
export interface BreachedCaseFacts {
  case_id: number;
  subject: string;
  owner_id: number | null;
  /** Seconds past the due time. */
  overdue_s: number;
}

/** Everything the rules look at, taken at one moment. */
export interface AlertFacts {
  now: number;
  queues: readonly QueueFacts[];
  agents: readonly AgentFacts[];
  trunks: readonly TrunkFacts[];
  thresholds: (queueId: number) => QueueThresholds;
  /** Absent on a box that serves no standby. */
  replication?: ReplicationFacts;
  /** Cases past their SLA due time; absent where the CRM is not asked. */
  breached_cases?: readonly BreachedCaseFacts[];
  /** Mailboxes whose last fetch failed; absent where e-mail is not read. */
  mailboxes?: readonly MailboxFacts[];
}

/** A mailbox that could not be read (server away, password refused), and why. */
export interface MailboxFacts {
  id: number;
  name: string;
  /** Failed fetches in a row. */
  failures: number;
  error: string;
}

const STATE_LIMITED = ["not_ready", "wrap_up", "on_call"] as const;
type LimitedState = typeof STATE_LIMITED[number];

function isLimited(state: string): state is LimitedState {
  return (STATE_LIMITED as readonly string[]).includes(state);
}

/**
 * The alerts that hold for `facts`: a queue's service level under its target, a caller
 * waiting past the queue's alarm limit, an agent in one state longer than the strictest
 * limit among their queues (not ready for a reason with a time limit of its own: longer
 * than that limit, so a lunch hour is not flagged at a queue's ten minutes), an enabled
 * trunk that stopped answering, a standby that stopped reading or fell behind, and a case
 * past its SLA due time. Pure: the same facts give the same alerts, in queue, agent,
 * trunk, replication, case order.
 */
export function evaluateAlerts(facts: AlertFacts): Alert[] {
  const alerts: Alert[] = [];
  const none = { agent_id: null, trunk_id: null, state: null, reason: null };
  for (const q of facts.queues) {
    const limits = facts.thresholds(q.queue_id);
    if (q.service_level !== null && q.service_level < limits.service_level.target) {
      alerts.push({
        key: `service_level:${q.queue_id}`,
        kind: "service_level",
        queue_id: q.queue_id,
        subject: q.name,
        value: q.service_level,
        limit: limits.service_level.target,
        ...none,
      });
    }
    if (q.longest_wait_s >= limits.longest_wait_s.alarm) {
      alerts.push({
        key: `long_wait:${q.queue_id}`,
        kind: "long_wait",
        queue_id: q.queue_id,
        subject: q.name,
        value: q.longest_wait_s,
        limit: limits.longest_wait_s.alarm,
        ...none,
      });
    }
  }
  for (const a of facts.agents) {
    if (!isLimited(a.state)) continue;
    const reason = a.state === "not_ready" && a.reason?.limit_s ? a.reason : null;
    const limit = reason?.limit_s ?? agentLimit(a, a.state, facts.thresholds);
    if (limit === 0) continue;
    const inState = Math.floor((facts.now - a.since) / 1000);
    if (inState < limit) continue;
    alerts.push({
      key: `agent_state:${a.id}:${a.state}${reason ? `:${reason.code}` : ""}`,
      kind: "agent_state",
      queue_id: null,
      agent_id: a.id,
      trunk_id: null,
      subject: a.name,
      value: inState,
      limit,
      state: a.state,
      reason: reason?.label ?? null,
    });
  }
  for (const t of facts.trunks) {
    if (!t.enabled || t.health !== "down") continue;
    alerts.push({
      key: `trunk_down:${t.id}`,
      kind: "trunk_down",
      queue_id: null,
      agent_id: null,
      trunk_id: t.id,
      subject: t.name,
      value: null,
      limit: null,
      state: null,
      reason: null,
    });
  }
  const replication = facts.replication ? replicationAlert(facts.replication) : undefined;
  if (replication) alerts.push(replication);
  for (const c of facts.breached_cases ?? []) {
    // Keyed by case alone: the overdue time grows, but it is one breach until resolved.
    alerts.push({
      key: `case_breached:${c.case_id}`,
      kind: "case_breached",
      queue_id: null,
      agent_id: c.owner_id,
      trunk_id: null,
      subject: `#${c.case_id} ${c.subject}`,
      value: c.overdue_s,
      limit: 0,
      state: null,
      reason: null,
    });
  }
  for (const m of facts.mailboxes ?? []) {
    // One alert while the mailbox stays unreadable, however many retries fail meanwhile.
    alerts.push({
      key: `mailbox_down:${m.id}`,
      kind: "mailbox_down",
      queue_id: null,
      agent_id: null,
      trunk_id: null,
      subject: m.name,
      value: m.failures,
      limit: null,
      state: null,
      reason: m.error,
    });
  }
  return alerts;
}

/**
 * A standby that has read the feed once and then fell silent is lost; one that reads but
 * lags is behind. Lost wins: a silent standby's lag grows too. A standby that never read
 * raises nothing (none was paired, or it is still taking its first copy).
 */
function replicationAlert(facts: ReplicationFacts): Alert | undefined {
  const base = { queue_id: null, agent_id: null, trunk_id: null, state: null, reason: null };
  const silent = facts.last_contact_s;
  if (silent === undefined) return undefined;
  if (silent >= STANDBY_SILENCE_LIMIT_S) {
    return {
      key: "standby_lost",
      kind: "standby_lost",
      subject: facts.peer,
      value: Math.floor(silent),
      limit: STANDBY_SILENCE_LIMIT_S,
      ...base,
    };
  }
  if (facts.lag_s >= REPLICATION_LAG_LIMIT_S) {
    return {
      key: "replication_lag",
      kind: "replication_lag",
      subject: facts.peer,
      value: Math.floor(facts.lag_s),
      limit: REPLICATION_LAG_LIMIT_S,
      ...base,
    };
  }
  return undefined;
}

/** The strictest non-zero limit among the agent's queues (0 when none sets one). */
function agentLimit(
  agent: AgentFacts,
  state: LimitedState,
  thresholds: (queueId: number) => QueueThresholds,
): number {
  const limits =
    (agent.queue_ids.length > 0
      ? agent.queue_ids.map((id) => thresholds(id))
      : [DEFAULT_THRESHOLDS]).map((t) => t.agent_state_s[state]).filter((s) => s > 0);
  return limits.length === 0 ? 0 : Math.min(...limits);
}

/** What changed between two evaluations: alerts that began and ones that ended. */
export function diffAlerts(
  before: ReadonlyMap<string, Alert>,
  now: readonly Alert[],
): { raised: Alert[]; cleared: Alert[] } {
  const keys = new Set(now.map((a) => a.key));
  return {
    raised: now.filter((a) => !before.has(a.key)),
    cleared: [...before.values()].filter((a) => !keys.has(a.key)),
  };
}
