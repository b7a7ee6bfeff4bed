import { type Database, isoTime } from "../db/mod.ts";

/**
 * Which team each agent belonged to, and since when: reports count an agent's work for
 * the team of that moment, so moving an agent does not move their history. Moves are
 * recorded with {@link TeamHistory.record}, or noticed on the users by
 * {@link TeamHistory.syncWithUsers}; agents with nothing recorded count for the team their
 * user account names.
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

  /**
   * Notes team moves made on the users themselves since the last look: a user whose team
   * differs from the last one recorded moved at `nowMs`; a user never recorded has been in
   * their team since their account was made. Returns how many moves it recorded.
   */
  syncWithUsers(nowMs: number): number {
    const moved = this.db.all<
      {
        id: number;
        team_id: number | null;
        created_at: string;
        recorded: number;
        last_team: number | null;
      }
    >(
      `SELECT u.id, u.team_id, u.created_at,
         (SELECT count(*) FROM team_memberships m WHERE m.user_id = u.id) AS recorded,
         (SELECT m.team_id FROM team_memberships m WHERE m.user_id = u.id
           ORDER BY m.since DESC, m.id DESC LIMIT 1) AS last_team
       FROM users u`,
    ).filter((u) => u.recorded === 0 || u.last_team !== u.team_id);
    for (const u of moved) {
      this.db.run(
        "INSERT INTO team_memberships (user_id, team_id, since) VALUES (?, ?, ?)",
        u.id,
        u.team_id,
        u.recorded === 0 ? u.created_at : isoTime(nowMs),
      );
    }
    return moved.length;
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
