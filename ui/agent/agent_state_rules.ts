/**
 * What the state bar lets an agent do in each state, mirroring the ACD's
 * rules: ringing and talking agents can only ask for a state that applies
 * after the call, and leaving wrap-up needs a disposition when the queue asks
 * for one.
 *
 * @module
 */

import type { MessageKey } from "../common/i18n.ts";

/** Agent states as the ACD reports them. */
export const AGENT_STATES = [
  "logged_out",
  "ready",
  "not_ready",
  "ringing",
  "on_call",
  "wrap_up",
] as const;

/** One of {@linkcode AGENT_STATES}. */
export type AgentState = typeof AGENT_STATES[number];

/** Reasons an agent may give for not being ready. */
export const NOT_READY_REASONS = ["break", "lunch", "training", "meeting"] as const;

/** One of {@linkcode NOT_READY_REASONS}. */
export type NotReadyReason = typeof NOT_READY_REASONS[number];

/** Today's own figures, as `/agents/me` reports them. */
export interface AgentToday {
  calls: number;
  aht_s: number;
  acw_s: number;
}

/** The signed-in agent as `GET /api/v1/agents/me` describes them. */
export interface AgentSnapshot {
  id: string | number;
  state: AgentState;
  reason: string | null;
  /** When the agent entered the state (ISO-8601). */
  since: string | null;
  /** The not-ready reason's time limit in seconds, as the admin set it; null for none. */
  reason_limit_s: number | null;
  wrap_up_ends_at: string | null;
  today: AgentToday;
}

/** Whether an action is offered, and when it takes effect. */
export interface ActionRule {
  enabled: boolean;
  /** True when the change waits for the current call (and its wrap-up) to finish. */
  deferred: boolean;
  /** Why the action is disabled, when it is. */
  hint: MessageKey | null;
}

/** The state bar's actions for one moment. */
export interface StateActions {
  ready: ActionRule;
  notReady: ActionRule;
  logout: ActionRule;
  extendWrapUp: boolean;
}

/** What {@linkcode stateActions} needs to know besides the state. */
export interface StateActionInput {
  state: AgentState;
  /** The queue wants a disposition before the agent leaves wrap-up. */
  dispositionRequired: boolean;
  /** The disposition for the last call has been saved. */
  dispositionSaved: boolean;
}

const allow = (deferred = false): ActionRule => ({ enabled: true, deferred, hint: null });
const deny = (hint: MessageKey): ActionRule => ({ enabled: false, deferred: false, hint });

/** The actions the state bar offers in `input.state`. */
export function stateActions(input: StateActionInput): StateActions {
  const { state } = input;
  switch (state) {
    case "logged_out":
      return {
        ready: allow(),
        notReady: allow(),
        logout: deny("stateBar.hint.alreadyLoggedOut"),
        extendWrapUp: false,
      };
    case "ready":
      return {
        ready: deny("stateBar.hint.alreadyReady"),
        notReady: allow(),
        logout: allow(),
        extendWrapUp: false,
      };
    case "not_ready":
      return { ready: allow(), notReady: allow(), logout: allow(), extendWrapUp: false };
    case "ringing":
    case "on_call":
      return {
        ready: deny("stateBar.hint.onCall"),
        notReady: allow(true),
        logout: allow(true),
        extendWrapUp: false,
      };
    case "wrap_up": {
      const blocked = input.dispositionRequired && !input.dispositionSaved;
      const leave = blocked ? deny("stateBar.hint.dispositionFirst") : allow();
      return { ready: leave, notReady: leave, logout: leave, extendWrapUp: true };
    }
  }
}

/** Whole seconds left until `endsAt` (an ISO time), never negative; null without an end. */
export function secondsLeft(endsAt: string | null, nowMs: number): number | null {
  if (!endsAt) return null;
  const end = Date.parse(endsAt);
  if (!Number.isFinite(end)) return null;
  return Math.max(0, Math.ceil((end - nowMs) / 1000));
}

/**
 * Seconds an agent has stayed not ready past their reason's time limit, or null while
 * within it (or with no limit, or in another state). Supervisors get an alert at the
 * same moment.
 */
export function reasonOverrun(
  agent: Pick<AgentSnapshot, "state" | "since" | "reason_limit_s">,
  nowMs: number,
): number | null {
  if (agent.state !== "not_ready" || !agent.reason_limit_s || !agent.since) return null;
  const since = Date.parse(agent.since);
  if (!Number.isFinite(since)) return null;
  const over = Math.floor((nowMs - since) / 1000) - agent.reason_limit_s;
  return over > 0 ? over : null;
}

/** `m:ss` (or `h:mm:ss` past an hour) for a number of seconds. */
export function formatClock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, "0");
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}`
    : `${minutes}:${seconds}`;
}

/** Whether `value` is one of {@linkcode AGENT_STATES}. */
export function isAgentState(value: unknown): value is AgentState {
  return typeof value === "string" && (AGENT_STATES as readonly string[]).includes(value);
}

/** Reads `/agents/me`'s body defensively; null when it does not look like an agent. */
export function parseAgentSnapshot(body: unknown): AgentSnapshot | null {
  const agent = (body as { agent?: Record<string, unknown> } | null)?.agent;
  if (!agent || !isAgentState(agent.state)) return null;
  const id = agent.id;
  if (typeof id !== "string" && typeof id !== "number") return null;
  const today = (agent.today ?? {}) as Record<string, unknown>;
  const num = (value: unknown) => typeof value === "number" && Number.isFinite(value) ? value : 0;
  return {
    id,
    state: agent.state,
    reason: typeof agent.reason === "string" ? agent.reason : null,
    since: typeof agent.since === "string" ? agent.since : null,
    reason_limit_s: typeof agent.reason_limit_s === "number" && agent.reason_limit_s > 0
      ? agent.reason_limit_s
      : null,
    wrap_up_ends_at: typeof agent.wrap_up_ends_at === "string" ? agent.wrap_up_ends_at : null,
    today: { calls: num(today.calls), aht_s: num(today.aht_s), acw_s: num(today.acw_s) },
  };
}
