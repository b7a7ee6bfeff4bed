import { type Database, isoTime } from "../db/mod.ts";

/**
 * Which team each agent belonged to, and since when: reports count an agent's work for
 * the team of that moment, so moving an agent does not move their history. Agents with
 * no recorded change count for the team their user account names.
 */
export class TeamHistory {
  #changes = new Map<number, { sinceMs: number; teamId: number }[]>();
  #current = new Map<number, number>();

  constructor(private readonly db: Database) {}

  /** Records that `userId` is in `teamId` (null: none) from `atMs` on. */
  record(userId: number, teamId: number | null, atMs: number): void {
    this.db.run(
      "INSERT INTO team_memberships (user_id, team_id, since) VALUES (?, ?, ?)",
      userId,
      teamId,
      isoTime(atMs),
    );
  }

  /** Reads the history again (before each pass over the logs). */
  load(): void {
    this.#changes.clear();
    for (
      const r of this.db.all<{ user_id: number; team_id: number | null; since: string }>(
        "SELECT user_id, team_id, since FROM team_memberships ORDER BY since, id",
      )
    ) {
      const list = this.#changes.get(r.user_id) ?? [];
      list.push({ sinceMs: Date.parse(r.since), teamId: r.team_id ?? 0 });
      this.#changes.set(r.user_id, list);
    }
    this.#current = new Map(
      this.db.all<{ id: number; team_id: number | null }>("SELECT id, team_id FROM users")
        .map((u) => [u.id, u.team_id ?? 0]),
    );
  }

  /** The agent's team at `atMs`; 0 for none. */
  teamAt(userId: number, atMs: number): number {
    const list = this.#changes.get(userId);
    if (list) {
      let team: number | undefined;
      for (const c of list) {
        if (c.sinceMs > atMs) break;
        team = c.teamId;
      }
      // Before the first recorded move the agent was in the team that move left; it is
      // not known, so the first recorded team stands for it.
      return team ?? list[0].teamId;
    }
    return this.#current.get(userId) ?? 0;
  }
}
