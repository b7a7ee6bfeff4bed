/**
 * The center's people as the reports name them: the accounts of `GET /users`, each by
 * the name a person reads (the display name, else the username), so a shift says who
 * works it rather than a user id.
 *
 * @module
 */

/** An account as `GET /users` gives it, reduced to what naming and planning read. */
export interface UserJson {
  id: number;
  username: string;
  display_name: string;
  role: string;
  active: boolean;
}

/** A person by name. */
export interface NamedAgent {
  id: number;
  name: string;
}

type Request = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** Every account of the center, whatever its role and whether or not it is active. */
export async function loadUsers(request: Request): Promise<UserJson[]> {
  return (await request<{ users: UserJson[] }>("GET", "/users")).users;
}

/** A person's name for an account (the username when it has no display name). */
export function namedAgent(user: Pick<UserJson, "id" | "username" | "display_name">): NamedAgent {
  return { id: user.id, name: user.display_name || user.username };
}

/** The active agents, by name: the people a shift may be given to. */
export function activeAgents(users: readonly UserJson[]): NamedAgent[] {
  return users.filter((u) => u.role === "agent" && u.active !== false)
    .map(namedAgent)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The name of `userId` among `people`; "#id" for one not among them (an account removed
 * since, or a list that could not be loaded), so the row still says whose it is.
 */
export function nameOf(people: readonly NamedAgent[], userId: number): string {
  return people.find((p) => p.id === userId)?.name ?? `#${userId}`;
}
