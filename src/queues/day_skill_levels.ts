import { z } from "zod";
import type { CancelTimer, Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import type { Logger } from "../log/mod.ts";
import { endOfLocalDay } from "./local_day.ts";
import { readAcdSetup } from "./queue_config.ts";
import { QueueChangeError } from "./queue_store.ts";
import { SkillNameSchema } from "./skill_store.ts";

export const DaySkillLevelsSchema = z.object({
  skills: z.array(
    z.object({
      skill: SkillNameSchema,
      level: z.number().int("levels are whole numbers").min(0, "levels run from 0 to 10").max(
        10,
        "levels run from 0 to 10",
      ).describe("1 (novice) to 10 (expert) for the rest of the day; 0 takes the skill away"),
    }).strict(),
  ).max(50).describe("The day's levels; skills left out keep their standing level"),
}).strict();
export type DaySkillLevelsInput = z.infer<typeof DaySkillLevelsSchema>;

/** An agent's skills as the ACD sees them today: standing levels with the day's on top. */
export interface DaySkills {
  user_id: number;
  skills: { skill: string; level: number; standing: number | null; for_today: boolean }[];
  /** When the day's levels lapse (the end of the center's day); null when none are set. */
  expires_at: string | null;
  set_by: string | null;
}

export interface DaySkillLevelsOptions {
  db: Database;
  clock: Clock;
  log: Logger;
  /** The center's IANA time zone: the day ends at its midnight. */
  timeZone: () => string;
  /** Re-reads the ACD configuration (the queue desk's reload). */
  reload: () => void;
}

/**
 * Skill levels a supervisor sets for the rest of the day: they replace an agent's
 * standing levels in the ACD until the center's midnight, then lapse by themselves on the
 * clock, and the ACD is rebuilt both times (memberships follow the levels). Refused,
 * with nothing kept, when they would leave a queue nobody can serve.
 */
export class DaySkillLevels {
  readonly #o: DaySkillLevelsOptions;
  #cancel: CancelTimer | undefined;
  #running = false;

  constructor(options: DaySkillLevelsOptions) {
    this.#o = options;
  }

  /** Starts lapsing the day's levels as they expire (a primary at start). */
  start(): void {
    this.#running = true;
    this.#lapse();
  }

  close(): void {
    this.#running = false;
    this.#cancel?.();
    this.#cancel = undefined;
  }

  /** The agent's skills today; undefined for a user who does not exist. */
  get(userId: number): DaySkills | undefined {
    const { db, clock } = this.#o;
    if (!db.get("SELECT 1 FROM users WHERE id = ?", userId)) return undefined;
    const standing = db.all<{ skill: string; level: number }>(
      `SELECT s.name AS skill, a.level FROM agent_skills a JOIN skills s ON s.id = a.skill_id
       WHERE a.user_id = ?`,
      userId,
    );
    const today = db.all<{ skill: string; level: number; expires_at: string; set_by: string }>(
      `SELECT s.name AS skill, d.level, d.expires_at, d.set_by FROM day_skill_levels d
       JOIN skills s ON s.id = d.skill_id WHERE d.user_id = ? AND d.expires_at > ?`,
      userId,
      isoTime(clock.now()),
    );
    const names = [...new Set([...standing, ...today].map((s) => s.skill))].sort((a, b) =>
      a.localeCompare(b)
    );
    return {
      user_id: userId,
      skills: names.map((skill) => {
        const base = standing.find((s) => s.skill === skill)?.level ?? null;
        const day = today.find((s) => s.skill === skill);
        return { skill, level: day?.level ?? base ?? 0, standing: base, for_today: !!day };
      }),
      expires_at: today[0]?.expires_at ?? null,
      set_by: today[0]?.set_by ?? null,
    };
  }

  /**
   * Sets the agent's levels for the rest of the day (replacing any set earlier today);
   * an empty list goes back to the standing levels. Throws {@link QueueChangeError}: 404
   * for an unknown user, 400 for an unknown or repeated skill, 422 when a queue would be
   * left without anyone to serve it.
   */
  set(userId: number, input: DaySkillLevelsInput, actor: string): DaySkills {
    const { skills } = DaySkillLevelsSchema.parse(input);
    const { db, clock } = this.#o;
    if (!db.get("SELECT 1 FROM users WHERE id = ?", userId)) {
      throw new QueueChangeError(404, `User ${userId} was not found`);
    }
    const known = new Map(
      db.all<{ id: number; name: string }>("SELECT id, name FROM skills").map((
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
      throw new QueueChangeError(400, `Skill "${twice.skill}" is listed twice; list it once`, [], {
        field: "skills",
        code: "duplicate",
      });
    }
    const now = clock.now();
    const expires = isoTime(endOfLocalDay(now, this.#o.timeZone()));
    try {
      db.transaction(() => {
        db.run("DELETE FROM day_skill_levels WHERE user_id = ?", userId);
        for (const s of skills) {
          db.run(
            `INSERT INTO day_skill_levels (user_id, skill_id, level, expires_at, set_at, set_by)
             VALUES (?, ?, ?, ?, ?, ?)`,
            userId,
            known.get(s.skill)!,
            s.level,
            expires,
            isoTime(now),
            actor,
          );
        }
        // Throws, and so rolls the change back, when the configuration cannot work.
        readAcdSetup(db, undefined, now);
      });
    } catch (error) {
      if (error instanceof Error && "problems" in error) {
        const problems = (error as { problems: string[] }).problems;
        throw new QueueChangeError(
          422,
          `These levels would leave the ACD unable to work: ${problems.join("; ")}`,
          problems,
        );
      }
      throw error;
    }
    this.#o.log.info("skill levels set for the day", {
      user_id: userId,
      by: actor,
      expires_at: expires,
    });
    this.#o.reload();
    if (this.#running) this.#arm();
    return this.get(userId)!;
  }

  /** Removes what has lapsed, rebuilding the ACD if anything did, and waits for the next. */
  #lapse(): void {
    const { db, clock, log } = this.#o;
    const now = isoTime(clock.now());
    const { changes } = db.run("DELETE FROM day_skill_levels WHERE expires_at <= ?", now);
    if (changes > 0) {
      log.info("the day's skill levels lapsed; standing levels apply again", { rows: changes });
      this.#o.reload();
    }
    this.#arm();
  }

  #arm(): void {
    this.#cancel?.();
    this.#cancel = undefined;
    if (!this.#running) return;
    const next = this.#o.db.get<{ at: string | null }>(
      "SELECT min(expires_at) AS at FROM day_skill_levels",
    )?.at;
    if (!next) return;
    this.#cancel = this.#o.clock.setTimer(
      Math.max(0, Date.parse(next) - this.#o.clock.now()),
      () => this.#lapse(),
    );
  }
}
