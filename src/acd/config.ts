import { z } from "zod";

/** Ways a queue chooses among the ready agents that may take a call. */
export const STRATEGIES = [
  "longest_idle",
  "least_calls",
  "fewest_handle_seconds",
  "round_robin",
  "ring_all",
  "skills_weighted",
] as const;
export type Strategy = typeof STRATEGIES[number];

/**
 * Media a queue carries; an agent's capacity is counted per channel. E-mail queues are
 * not offered through the engine: agents pick e-mails from the e-mail work list
 * (`src/email`), aged against each mailbox's service level.
 */
export const CHANNELS = ["voice", "chat", "email"] as const;
export type Channel = typeof CHANNELS[number];

/** Not-ready reasons the engine itself uses; they are always allowed. */
export const SYSTEM_NOT_READY_REASONS = ["login", "rona", "supervisor"] as const;

/** Reasons offered to agents when the configuration names none. */
export const DEFAULT_NOT_READY_REASONS = ["break", "lunch", "training", "meeting"] as const;

const MAX_LEVEL = 10;

const id = z.string().regex(
  /^[A-Za-z0-9_.:-]{1,64}$/,
  "ids are 1 to 64 letters, digits or _ . : -",
);

function seconds(what: string, min: number, max: number) {
  const low = min === 0 ? `${what} cannot be negative` : `${what} must be at least ${min} s`;
  return z.number({ error: `${what} must be a number of seconds` })
    .refine(Number.isFinite, `${what} must be finite`)
    .refine((v) => v >= min, low)
    .refine((v) => v <= max, `${what} of more than ${max} s cannot be meant`);
}

const level = z.number().int("skill levels are whole numbers").min(1, "skill levels run from 1")
  .max(MAX_LEVEL, `skill levels run up to ${MAX_LEVEL}`);

/** A skill a queue (or a single call) needs, with the lowest acceptable level. */
export const skillRequirementSchema = z.object({
  skill: id,
  minLevel: level.default(1),
  /** Weight of this skill's level in the skills-weighted score. */
  weight: z.number().min(0).max(100).default(1),
});
export type SkillRequirement = z.output<typeof skillRequirementSchema>;

/** Where a call goes when it waited too long or found its queue full. */
export const overflowTargetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("queue"), queueId: id }),
  z.object({ kind: z.literal("voicemail"), mailbox: z.string().min(1).optional() }),
  z.object({ kind: z.literal("callback") }),
  z.object({
    kind: z.literal("external"),
    number: z.string().regex(/^\+?[0-9]{2,20}$/, "external numbers are 2 to 20 digits"),
  }),
], { error: "overflow target kind must be queue, voicemail, callback or external" });
export type OverflowTarget = z.output<typeof overflowTargetSchema>;

export const queueConfigSchema = z.object({
  id,
  name: z.string().max(200).optional(),
  channel: z.enum(CHANNELS).default("voice"),
  strategy: z.enum(STRATEGIES, {
    error: (issue) =>
      `unknown strategy ${JSON.stringify(issue.input)}; use one of ${STRATEGIES.join(", ")}`,
  }),
  skills: z.array(skillRequirementSchema).default([]),
  ringTimeoutSeconds: seconds("ring timeout", 1, 600).default(20),
  wrapUpSeconds: seconds("wrap-up time", 0, 3600).default(0),
  /** Longest wrap-up an agent can reach by extending it. */
  maxWrapUpSeconds: seconds("maximum wrap-up time", 0, 3600).default(600),
  serviceLevelSeconds: seconds("service level threshold", 1, 3600).default(20),
  shortAbandonSeconds: seconds("short-abandon threshold", 0, 600).default(20),
  /** Calls in the queue (waiting or ringing) beyond which new calls are blocked. */
  maxWaitingCalls: z.number().int().min(1, "maximum waiting calls must be at least 1")
    .max(100_000).optional(),
  whenFull: overflowTargetSchema.optional(),
  maxWait: z.object({
    seconds: seconds("maximum wait", 1, 86_400),
    target: overflowTargetSchema,
  }).optional(),
  expertFirst: z.object({
    seconds: seconds("expert-first time", 1, 3600),
    /** Lowest level counted as expert; by default the best level among logged-in members. */
    level: level.optional(),
  }).optional(),
  /** How long a call waits for the customer's last agent when that agent is logged in. */
  stickySeconds: seconds("sticky wait", 0, 600).default(0),
  /** A waiting call's priority rises by 1 for every this many seconds of waiting. */
  priorityAgeingSeconds: seconds("priority ageing step", 1, 3600).optional(),
  vipPriorityBoost: z.number().int().min(0).max(100).default(10),
  announcements: z.object({
    everySeconds: seconds("announcement interval", 10, 3600),
    firstAfterSeconds: seconds("first announcement", 0, 3600).optional(),
  }).optional(),
  /** Handle time assumed for wait estimates until the queue has handled calls. */
  defaultHandleSeconds: seconds("default handle time", 1, 7200).default(180),
  musicOnHold: z.string().min(1).optional(),
});
export type QueueConfig = z.output<typeof queueConfigSchema>;

export const agentConfigSchema = z.object({
  id,
  name: z.string().max(200).optional(),
  /** Skill name → level 1..10. */
  skills: z.record(id, level).default({}),
  queues: z.array(z.object({
    queueId: id,
    /** Lower penalties are offered calls first. */
    penalty: z.number().int().min(0, "penalties cannot be negative").max(100).default(0),
  })).default([]),
  capacity: z.object({
    voice: z.literal(1, { error: "an agent takes exactly one voice call at a time" }).default(1),
    chat: z.number().int().min(0).max(20).default(0),
  }).default({ voice: 1, chat: 0 }),
});
export type AgentConfig = z.output<typeof agentConfigSchema>;

const reason = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, "reason codes are lower_snake_case");

export const acdConfigSchema = z.object({
  queues: z.array(queueConfigSchema),
  agents: z.array(agentConfigSchema).default([]),
  notReadyReasons: z.array(reason).default([...DEFAULT_NOT_READY_REASONS]),
  /** Local time offset used to decide when "today" starts for the daily figures. */
  dayStartOffsetMinutes: z.number().int().min(-720).max(840).default(0),
}).superRefine((config, ctx) => {
  for (const message of crossCheck(config)) ctx.addIssue({ code: "custom", message });
});
export type AcdConfig = z.output<typeof acdConfigSchema>;
export type AcdConfigInput = z.input<typeof acdConfigSchema>;

/** A configuration that cannot work; `problems` lists every reason, one sentence each. */
export class AcdConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The ACD configuration cannot work: ${problems.join("; ")}`);
    this.name = "AcdConfigError";
  }
}

/** Validates a configuration and fills in defaults, or throws {@link AcdConfigError}. */
export function parseAcdConfig(input: unknown): AcdConfig {
  const result = acdConfigSchema.safeParse(input);
  if (result.success) return result.data;
  throw new AcdConfigError(result.error.issues.map((issue) => describe(issue, input)));
}

function describe(issue: z.core.$ZodIssue, input: unknown): string {
  const path = issue.path;
  if (path.length === 0) return issue.message;
  const root = input as Record<string, Array<{ id?: unknown }> | undefined>;
  let where = path.join(".");
  if ((path[0] === "queues" || path[0] === "agents") && typeof path[1] === "number") {
    const entry = root?.[path[0]]?.[path[1]];
    const name = typeof entry?.id === "string" ? `"${entry.id}"` : `#${path[1] + 1}`;
    const rest = path.slice(2).join(".");
    where = `${path[0] === "queues" ? "queue" : "agent"} ${name}${rest ? ` ${rest}` : ""}`;
  }
  return `${where}: ${issue.message}`;
}

/** Checks that need the whole configuration: references, loops and skill coverage. */
function crossCheck(config: {
  queues: QueueConfig[];
  agents: AgentConfig[];
}): string[] {
  const problems: string[] = [];
  const queues = new Map<string, QueueConfig>();
  for (const q of config.queues) {
    if (queues.has(q.id)) problems.push(`queue "${q.id}" is defined twice`);
    queues.set(q.id, q);
  }
  const agentIds = new Set<string>();
  for (const a of config.agents) {
    if (agentIds.has(a.id)) problems.push(`agent "${a.id}" is defined twice`);
    agentIds.add(a.id);
    const seen = new Set<string>();
    for (const m of a.queues) {
      if (!queues.has(m.queueId)) {
        problems.push(`agent "${a.id}" is a member of unknown queue "${m.queueId}"`);
      }
      if (seen.has(m.queueId)) problems.push(`agent "${a.id}" joins queue "${m.queueId}" twice`);
      seen.add(m.queueId);
    }
  }

  const edges = new Map<string, string[]>();
  for (const q of config.queues) {
    const targets = [q.maxWait?.target, q.whenFull].filter((t) => t !== undefined);
    const next: string[] = [];
    for (const t of targets) {
      if (t.kind !== "queue") continue;
      if (!queues.has(t.queueId)) {
        problems.push(`queue "${q.id}" overflows to unknown queue "${t.queueId}"`);
      } else next.push(t.queueId);
    }
    edges.set(q.id, [...(edges.get(q.id) ?? []), ...next]);
    if (q.whenFull && q.maxWaitingCalls === undefined) {
      problems.push(`queue "${q.id}" has a whenFull target but no maxWaitingCalls`);
    }
    if (q.maxWrapUpSeconds < q.wrapUpSeconds) {
      problems.push(`queue "${q.id}" allows less wrap-up in total than its automatic wrap-up`);
    }
    if (q.expertFirst && q.skills.length === 0) {
      problems.push(`queue "${q.id}" uses expert-first but requires no skills to rank experts by`);
    }
    problems.push(...coverage(q, config.agents));
  }
  const loop = findLoop(edges);
  if (loop) problems.push(`overflow loop between queues: ${loop.join(" → ")}`);
  return problems;
}

function qualifies(agent: AgentConfig, q: QueueConfig, minLevel = 0): boolean {
  return q.skills.every((s) => {
    const lvl = agent.skills[s.skill] ?? 0;
    return lvl >= s.minLevel && lvl >= minLevel;
  });
}

function coverage(q: QueueConfig, agents: AgentConfig[]): string[] {
  const needs = q.skills.map((s) => `${s.skill} ≥ ${s.minLevel}`).join(", ");
  if (q.skills.length > 0 && !agents.some((a) => qualifies(a, q))) {
    return [`queue "${q.id}" requires skills no agent has (${needs})`];
  }
  const members = agents.filter((a) => a.queues.some((m) => m.queueId === q.id));
  if (members.length > 0 && !members.some((a) => qualifies(a, q))) {
    return [
      `queue "${q.id}" requires skills none of its ${members.length} member agents has (${needs})`,
    ];
  }
  const expert = q.expertFirst?.level;
  if (expert !== undefined && members.length > 0 && !members.some((a) => qualifies(a, q, expert))) {
    return [`queue "${q.id}" waits for experts at level ${expert} but no member reaches it`];
  }
  return [];
}

/** First cycle in the overflow graph, as a path that returns to its start. */
function findLoop(edges: Map<string, string[]>): string[] | undefined {
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (node: string): string[] | undefined => {
    if (onPath.has(node)) return [...path.slice(path.indexOf(node)), node];
    if (done.has(node)) return undefined;
    onPath.add(node);
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      const loop = visit(next);
      if (loop) return loop;
    }
    path.pop();
    onPath.delete(node);
    done.add(node);
    return undefined;
  };
  for (const node of edges.keys()) {
    const loop = visit(node);
    if (loop) return loop;
  }
  return undefined;
}
