import type { Session, User } from "../auth/mod.ts";

/** What Deno.serve hands every request besides the request itself. */
export interface ServeBindings {
  remoteAddr?: { hostname: string; port: number };
}

/** Values middleware puts on the context for handlers. */
export interface RequestVariables {
  user: User | undefined;
  session: Session | undefined;
  authKind: "session" | "token" | undefined;
  clientIp: string;
  /** Set by a handler to name the entity id and details of a change for the audit row. */
  audit: { entity?: string; entityId?: string | number; details?: unknown } | undefined;
}

export interface AppEnv {
  Bindings: ServeBindings;
  Variables: RequestVariables;
}
