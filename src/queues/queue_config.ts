import { z } from "zod";
import { type AcdConfig, AcdConfigError, type AcdConfigInput, parseAcdConfig } from "../acd/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";

/**
 * Where a call goes when its queue is full or it waited too long, as stored and as the
 * API takes it (`queue_id` is a database id; the engine's ids are derived from it).
 */
export const OverflowTargetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("queue"), queue_id: z.number().int().positive() }),
  z.object({ kind: z.literal("voicemail"), mailbox: z.string().min(1).max(64).optional() }),
  z.object({ kind: z.literal("callback") }),
  z.object({ kind: z.literal("external"), number: z.string().min(1).max(32) }),
], { error: "overflow target kind must be queue, voicemail, callback or external" });
export type OverflowTargetInput = z.infer<typeof OverflowTargetSchema>;

/**
 * A queue's timers and rules (the `queues.options` JSON column). Ranges are left to the
 * ACD engine's own validation so there is one place that says what cannot work.
 */
export const QueueOptionsSchema = z.object({
  ring_timeout_s: z.number().optional().describe("seconds an agent's phone rings before RONA"),
  wrap_up_s: z.number().optional().describe(`automatic wrap-up after each call; default 30`),
  max_wrap_up_s: z.number().optional().describe("longest wrap-up an agent can extend to"),
  max_waiting_calls: z.number().int().optional().describe("calls beyond this are blocked"),
  when_full: OverflowTargetSchema.optional(),
  max_wait: z.object({ seconds: z.number(), target: OverflowTargetSchema }).strict().optional(),
  expert_first: z.object({ seconds: z.number(), level: z.number().int().optional() }).strict()
    .optional(),
  sticky_s: z.number().optional().describe("seconds a call waits for the customer's last agent"),
  priority_ageing_s: z.number().optional().describe("priority +1 per this many seconds waited"),
  vip_priority_boost: z.number().int().optional(),
  announcements: z.object({
    every_s: z.number(),
    first_after_s: z.number().optional(),
  }).strict().optional(),
  default_handle_s: z.number().optional().describe("handle time assumed for wait estimates"),
  music_on_hold: z.string().min(1).max(100).optional().describe("prompt name; tones otherwise"),
  disposition_required: z.boolean().optional().describe("wrap-up needs a disposition"),
  recording_retention_days: z.number().int().min(1).max(36500).optional().describe(
    "recordings of this queue's calls are deleted after this many days, unless under legal hold",
  ),
  outbound_caller_id: z.string().trim().regex(/^\+?\d{3,20}$/).optional().describe(
    "the number customers see when agents call out for this queue",
  ),
  survey_flow_id: z.number().int().positive().optional().describe(
    "IVR flow the caller is handed to when the agent hangs up first (a post-call survey)",
  ),
  channel: z.enum(["voice", "chat"]).optional().describe(
    "what the queue carries: voice calls (the default) or web chats",
  ),
  chat_bot: z.boolean().optional().describe(
    "a chat queue's visitors are answered by the knowledge-base bot before a person",
  ),
}).strict();
export type QueueOptions = z.infer<typeof QueueOptionsSchema>;

/** A queue as the API creates or replaces it. */
export const QueueInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  strategy: z.string().min(1).max(40).default("longest_idle"),
  service_level_s: z.number().int().default(20),
  short_abandon_s: z.number().int().default(20),
  skills: z.array(
    z.object({
      skill: z.string().min(1).max(64),
      min_level: z.number().int().default(1),
    }).strict(),
  ).default([]),
  members: z.array(
    z.object({
      user_id: z.number().int().positive(),
      penalty: z.number().int().default(0),
    }).strict(),
  ).default([]),
  options: QueueOptionsSchema.default({}),
}).strict();
export type QueueInput = z.infer<typeof QueueInputSchema>;

/** A stored queue with what it requires and who serves it. */
export interface QueueDefinition extends QueueInput {
  id: number;
  /** Goes up with every save; absent on a queue not saved yet. */
  version?: number;
  updated_at?: string;
  updated_by?: string | null;
}

/** Facts about an agent the desk needs beyond what the engine knows. */
export interface AgentInfo {
  userId: number;
  username: string;
  name: string;
  role: string;
  extension: string | null;
  teamId: number | null;
  /** The team's name, for the supervisors' board. */
  teamName: string | null;
}

/** The engine configuration built from the database, with the ids mapped both ways. */
export interface AcdSetup {
  config: AcdConfig;
  queues: Map<string, QueueDefinition>;
  agents: Map<string, AgentInfo>;
}

/** Wrap-up when a queue names none: the handbook norm of ACW is 30–60 s. */
export const DEFAULT_WRAP_UP_S = 30;

/** Engine ids are the database ids as text; these keep the two apart in code. */
export const queueKey = (id: number): string => String(id);
export const agentKey = (userId: number): string => String(userId);

/** A change to check before it is saved: one queue replaced, added or removed. */
export type QueueChange =
  | { kind: "save"; queue: QueueInput; id?: number }
  | { kind: "remove"; id: number };

/** Reads every queue with its skills and members. */
export function readQueues(db: Database): QueueDefinition[] {
  const rows = db.all<{
    id: number;
    name: string;
    strategy: string;
    options: string;
    service_level_s: number;
    short_abandon_s: number;
    version: number;
    updated_at: string;
    updated_by: string | null;
  }>(
    `SELECT id, name, strategy, options, service_level_s, short_abandon_s, version, updated_at,
       updated_by FROM queues ORDER BY id`,
  );
  const skills = db.all<{ queue_id: number; skill: string; min_level: number }>(
    `SELECT qs.queue_id, s.name AS skill, qs.min_level FROM queue_skills qs
     JOIN skills s ON s.id = qs.skill_id ORDER BY s.name`,
  );
  const members = db.all<{ queue_id: number; user_id: number; penalty: number }>(
    "SELECT queue_id, user_id, penalty FROM queue_members ORDER BY user_id",
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    strategy: row.strategy,
    service_level_s: row.service_level_s,
    short_abandon_s: row.short_abandon_s,
    skills: skills.filter((s) => s.queue_id === row.id).map((s) => ({
      skill: s.skill,
      min_level: s.min_level,
    })),
    members: members.filter((m) => m.queue_id === row.id).map((m) => ({
      user_id: m.user_id,
      penalty: m.penalty,
    })),
    options: parseStoredOptions(row.options),
    version: row.version,
    updated_at: row.updated_at,
    updated_by: row.updated_by,
  }));
}

/**
 * The not-ready reason codes the ACD offers agents, in the order the admin made them
 * (the engine's defaults when none are left, which the store does not allow).
 */
export function readReasonCodes(db: Database): string[] | undefined {
  const codes = db.all<{ code: string }>("SELECT code FROM not_ready_reasons ORDER BY id")
    .map((r) => r.code);
  return codes.length > 0 ? codes : undefined;
}

/**
 * Builds the engine configuration from the database, with `change` applied when given,
 * and validates it. Throws {@link AcdConfigError} whose problems name queues and agents
 * as people know them (names, not ids). With `now`, the day's skill levels that still
 * hold then (`day_skill_levels`) replace the standing ones; without it only the standing
 * levels count.
 */
export function readAcdSetup(db: Database, change?: QueueChange, now?: number): AcdSetup {
  let queues = readQueues(db);
  if (change?.kind === "remove") queues = queues.filter((q) => q.id !== change.id);
  if (change?.kind === "save") {
    const id = change.id ?? 0; // 0: a queue not saved yet
    const saved = { ...change.queue, id };
    queues = change.id === undefined
      ? [...queues, saved]
      : queues.map((q) => (q.id === change.id ? saved : q));
  }
  const users = db.all<{
    id: number;
    username: string;
    display_name: string;
    role: string;
    extension: string | null;
    team_id: number | null;
    team_name: string | null;
    chat_capacity: number;
  }>(
    `SELECT u.id, u.username, u.display_name, u.role, u.extension, u.team_id,
       t.name AS team_name, u.chat_capacity
     FROM users u LEFT JOIN teams t ON t.id = u.team_id
     WHERE u.active = 1
       AND (u.extension IS NOT NULL OR u.id IN (SELECT user_id FROM queue_members))
     ORDER BY u.id`,
  );
  const skillRows = db.all<{ user_id: number; skill: string; level: number }>(
    "SELECT a.user_id, s.name AS skill, a.level FROM agent_skills a JOIN skills s ON s.id = a.skill_id",
  );
  if (now !== undefined) {
    // Later rows win below: the day's level replaces the standing one; 0 takes it away.
    skillRows.push(...db.all<{ user_id: number; skill: string; level: number }>(
      `SELECT d.user_id, s.name AS skill, d.level FROM day_skill_levels d
       JOIN skills s ON s.id = d.skill_id WHERE d.expires_at > ?`,
      isoTime(now),
    ));
  }
  const queueMap = new Map(queues.map((q) => [queueKey(q.id), q]));
  const agentMap = new Map<string, AgentInfo>();
  const problems: string[] = [];
  const known = new Set(users.map((u) => u.id));
  for (const q of queues) {
    for (const m of q.members) {
      if (!known.has(m.user_id)) {
        problems.push(`queue "${q.name}" lists user ${m.user_id}, who is not an active user`);
      }
    }
  }
  const input: AcdConfigInput = {
    queues: queues.map((q) => engineQueue(q)),
    agents: users.map((u) => {
      agentMap.set(agentKey(u.id), {
        userId: u.id,
        username: u.username,
        name: u.display_name,
        role: u.role,
        extension: u.extension,
        teamId: u.team_id,
        teamName: u.team_name,
      });
      const skills: Record<string, number> = {};
      for (const s of skillRows) if (s.user_id === u.id) skills[s.skill] = s.level;
      for (const [skill, level] of Object.entries(skills)) if (level === 0) delete skills[skill];
      return {
        id: agentKey(u.id),
        name: u.display_name,
        skills,
        capacity: { voice: 1, chat: u.chat_capacity },
        queues: queues.flatMap((q) =>
          q.members.filter((m) => m.user_id === u.id).map((m) => ({
            queueId: queueKey(q.id),
            penalty: m.penalty,
          }))
        ),
      };
    }),
    notReadyReasons: readReasonCodes(db),
    dayStartOffsetMinutes: -new Date().getTimezoneOffset(),
  };
  let config: AcdConfig;
  try {
    config = parseAcdConfig(input);
  } catch (error) {
    if (!(error instanceof AcdConfigError)) throw error;
    throw new AcdConfigError([
      ...problems,
      ...error.problems.map((p) => readable(p, queueMap, agentMap)),
    ]);
  }
  if (problems.length > 0) throw new AcdConfigError(problems);
  return { config, queues: queueMap, agents: agentMap };
}

function engineQueue(q: QueueDefinition): AcdConfigInput["queues"][number] {
  const o = q.options;
  return {
    id: queueKey(q.id),
    name: q.name,
    channel: o.channel,
    strategy: q.strategy as AcdConfigInput["queues"][number]["strategy"],
    skills: q.skills.map((s) => ({ skill: s.skill, minLevel: s.min_level })),
    ringTimeoutSeconds: o.ring_timeout_s,
    wrapUpSeconds: o.wrap_up_s ?? DEFAULT_WRAP_UP_S,
    maxWrapUpSeconds: o.max_wrap_up_s,
    serviceLevelSeconds: q.service_level_s,
    shortAbandonSeconds: q.short_abandon_s,
    maxWaitingCalls: o.max_waiting_calls,
    whenFull: o.when_full && engineTarget(o.when_full),
    maxWait: o.max_wait && { seconds: o.max_wait.seconds, target: engineTarget(o.max_wait.target) },
    expertFirst: o.expert_first,
    stickySeconds: o.sticky_s,
    priorityAgeingSeconds: o.priority_ageing_s,
    vipPriorityBoost: o.vip_priority_boost,
    announcements: o.announcements && {
      everySeconds: o.announcements.every_s,
      firstAfterSeconds: o.announcements.first_after_s,
    },
    defaultHandleSeconds: o.default_handle_s,
    musicOnHold: o.music_on_hold,
  };
}

function engineTarget(t: OverflowTargetInput) {
  return t.kind === "queue" ? { kind: "queue" as const, queueId: queueKey(t.queue_id) } : t;
}

/** The engine names queues and agents by id; people know them by name. */
function readable(
  problem: string,
  queues: Map<string, QueueDefinition>,
  agents: Map<string, AgentInfo>,
): string {
  return problem
    .replace(/queue "(\d+)"/g, (all, id) => {
      const q = queues.get(id);
      return q ? `queue "${q.name}"` : all;
    })
    .replace(
      /(queues: )([\d →]+)$/,
      (_all, head: string, path: string) =>
        head + path.split(" → ").map((id) => queues.get(id)?.name ?? id).join(" → "),
    )
    .replace(/agent "(\d+)"/g, (all, id) => {
      const a = agents.get(id);
      return a ? `agent "${a.username}"` : all;
    })
    .replace(
      /^(queue "[^"]*" )([\w.]+):/,
      (_all, head: string, path: string) => `${head}${apiField(path)}:`,
    );
}

const API_FIELDS: Record<string, string> = {
  ringTimeoutSeconds: "options.ring_timeout_s",
  wrapUpSeconds: "options.wrap_up_s",
  maxWrapUpSeconds: "options.max_wrap_up_s",
  serviceLevelSeconds: "service_level_s",
  shortAbandonSeconds: "short_abandon_s",
  maxWaitingCalls: "options.max_waiting_calls",
  whenFull: "options.when_full",
  maxWait: "options.max_wait",
  expertFirst: "options.expert_first",
  stickySeconds: "options.sticky_s",
  priorityAgeingSeconds: "options.priority_ageing_s",
  vipPriorityBoost: "options.vip_priority_boost",
  announcements: "options.announcements",
  everySeconds: "every_s",
  firstAfterSeconds: "first_after_s",
  defaultHandleSeconds: "options.default_handle_s",
  minLevel: "min_level",
  queueId: "queue_id",
};

/** An engine field path (`maxWait.seconds`) as the API spells it (`options.max_wait.seconds`). */
function apiField(path: string): string {
  return path.split(".").map((part) => API_FIELDS[part] ?? part).join(".");
}

function parseStoredOptions(text: string): QueueOptions {
  try {
    const parsed = QueueOptionsSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: a hand-edited column should not stop calls from being routed
  }
  return {};
}
