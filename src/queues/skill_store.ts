import { z } from "zod";
import type { Clock } from "../clock/mod.ts";
import { assertFresh, type Database, isoTime } from "../db/mod.ts";
import { readAcdSetup } from "./queue_config.ts";
import { QueueChangeError } from "./queue_store.ts";

/** Skill names are the ACD engine's ids, so they follow its rule. */
export const SkillNameSchema = z.string().trim().regex(
  /^[A-Za-z0-9_.:-]{1,64}$/,
  "use 1 to 64 letters, digits or _ . : - (no spaces)",
);

export const SkillInputSchema = z.object({
  name: SkillNameSchema,
  description: z.string().trim().max(200).default(""),
}).strict();
export type SkillInput = z.infer<typeof SkillInputSchema>;

/** A skill with who has it and which queues need it. */
export interface Skill {
  id: number;
  name: string;
  description: string;
  agents: number;
  queues: string[];
  version: number;
  updated_at: string | null;
  updated_by: string | null;
}

export const AgentSkillsSchema = z.object({
  skills: z.array(
    z.object({
      skill: SkillNameSchema,
      level: z.number().int("levels are whole numbers").min(1, "levels run from 1 to 10").max(
        10,
        "levels run from 1 to 10",
      ),
    }).strict(),
  ).max(50),
}).strict();
export type AgentSkillsInput = z.infer<typeof AgentSkillsSchema>;

/** One skill an agent has, at a level from 1 (novice) to 10 (expert). */
export interface AgentSkill {
  skill: string;
  level: number;
}

/**
 * Skills and agents' levels in them, which queues require at a minimum level. Every
 * change is checked as part of the whole ACD configuration before it is kept (a queue
 * must keep at least one agent who can serve it), and callers reload the desk after.
 */
export class SkillStore {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  list(): Skill[] {
    const rows = this.db.all<Omit<Skill, "queues">>(
      `SELECT s.id, s.name, s.description, s.version, s.updated_at, s.updated_by,
         (SELECT count(*) FROM agent_skills a WHERE a.skill_id = s.id) AS agents
       FROM skills s ORDER BY s.name COLLATE NOCASE`,
    );
    const uses = this.db.all<{ skill_id: number; name: string }>(
      `SELECT qs.skill_id, q.name FROM queue_skills qs JOIN queues q ON q.id = qs.queue_id
       ORDER BY q.name`,
    );
    return rows.map((r) => ({
      ...r,
      queues: uses.filter((u) => u.skill_id === r.id).map((u) => u.name),
    }));
  }

  get(id: number): Skill | undefined {
    return this.list().find((s) => s.id === id);
  }

  create(input: SkillInput, actor: string): Skill {
    const data = SkillInputSchema.parse(input);
    this.#assertNameFree(data.name, 0);
    const { lastInsertRowid } = this.db.run(
      "INSERT INTO skills (name, description, updated_at, updated_by) VALUES (?, ?, ?, ?)",
      data.name,
      data.description,
      isoTime(this.clock.now()),
      actor,
    );
    return this.get(lastInsertRowid)!;
  }

  /** Renames or redescribes a skill; queues and agents keep it (they refer to its id). */
  update(id: number, input: SkillInput, actor: string, expectedVersion?: number): Skill {
    const data = SkillInputSchema.parse(input);
    const current = this.get(id);
    if (!current) throw new QueueChangeError(404, `Skill ${id} was not found`);
    assertFresh(`Skill "${current.name}"`, current, expectedVersion);
    this.#assertNameFree(data.name, id);
    this.db.run(
      `UPDATE skills SET name = ?, description = ?, version = version + 1, updated_at = ?,
         updated_by = ? WHERE id = ?`,
      data.name,
      data.description,
      isoTime(this.clock.now()),
      actor,
      id,
    );
    return this.get(id)!;
  }

  /** Removes a skill no queue requires; agents simply lose it. */
  remove(id: number): void {
    const current = this.get(id);
    if (!current) throw new QueueChangeError(404, `Skill ${id} was not found`);
    if (current.queues.length > 0) {
      throw new QueueChangeError(
        409,
        `Skill "${current.name}" is required by ${current.queues.length > 1 ? "queues" : "queue"} ${
          current.queues.map((q) => `"${q}"`).join(", ")
        }; remove it there first`,
        [],
        { inUse: { kind: "queues", names: current.queues } },
      );
    }
    this.db.run("DELETE FROM skills WHERE id = ?", id);
  }

  /** The skills an agent has, by name. */
  agentSkills(userId: number): AgentSkill[] {
    return this.db.all<AgentSkill>(
      `SELECT s.name AS skill, a.level FROM agent_skills a JOIN skills s ON s.id = a.skill_id
       WHERE a.user_id = ? ORDER BY s.name COLLATE NOCASE`,
      userId,
    ).map((r) => ({ skill: r.skill, level: r.level }));
  }

  /**
   * Replaces an agent's skills. Refused when a skill is unknown or when queues would
   * be left with nobody able to serve them; nothing is written then.
   */
  setAgentSkills(userId: number, input: AgentSkillsInput, actor: string): AgentSkill[] {
    const { skills } = AgentSkillsSchema.parse(input);
    const user = this.db.get<{ id: number }>("SELECT id FROM users WHERE id = ?", userId);
    if (!user) throw new QueueChangeError(404, `User ${userId} was not found`);
    const known = new Map(
      this.db.all<{ id: number; name: string }>("SELECT id, name FROM skills").map((
        r,
      ) => [r.name, r.id]),
    );
    const unknown = skills.filter((s) => !known.has(s.skill)).map((s) => `"${s.skill}"`);
    if (unknown.length > 0) {
      throw new QueueChangeError(400, `Unknown skill ${unknown.join(", ")}; add it first`, [], {
        field: "skills",
        code: "unknown_skill",
      });
    }
    const twice = skills.find((s, i) => skills.findIndex((o) => o.skill === s.skill) !== i);
    if (twice) {
      throw new QueueChangeError(400, `Skill "${twice.skill}" is listed twice`, [], {
        field: "skills",
        code: "duplicate",
      });
    }
    try {
      this.db.transaction(() => {
        this.db.run("DELETE FROM agent_skills WHERE user_id = ?", userId);
        for (const s of skills) {
          this.db.run(
            "INSERT INTO agent_skills (user_id, skill_id, level) VALUES (?, ?, ?)",
            userId,
            known.get(s.skill)!,
            s.level,
          );
        }
        this.db.run(
          "UPDATE users SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
          isoTime(this.clock.now()),
          actor,
          userId,
        );
        // Throws, and so rolls the change back, when the configuration cannot work.
        readAcdSetup(this.db, undefined, this.clock.now());
      });
    } catch (error) {
      if (error instanceof Error && "problems" in error) {
        const problems = (error as { problems: string[] }).problems;
        throw new QueueChangeError(
          422,
          `These skills would leave the ACD unable to work: ${problems.join("; ")}`,
          problems,
        );
      }
      throw error;
    }
    return this.agentSkills(userId);
  }

  #assertNameFree(name: string, id: number): void {
    if (this.db.get("SELECT 1 FROM skills WHERE name = ? COLLATE NOCASE AND id <> ?", name, id)) {
      throw new QueueChangeError(409, `A skill named "${name}" already exists`, [], {
        field: "name",
        code: "already_exists",
      });
    }
  }
}
