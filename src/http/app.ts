import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Context } from "hono";
import { ZodError } from "zod";
import type { AuditLog, LoginThrottle, SessionStore, UserRepository } from "../auth/mod.ts";
import { StorageError, type StorageState } from "../db/mod.ts";
import type { EventHub } from "../events/mod.ts";
import type { Logger } from "../log/mod.ts";
import { ApiError } from "./api_error.ts";
import { auditChanges } from "./audit_middleware.ts";
import { csrfProtection, identify } from "./auth_middleware.ts";
import type { AppEnv } from "./env.ts";
import { ApiDocs } from "./openapi.ts";
import type { RouteTarget } from "./route.ts";
import { mountAuditRoutes } from "./routes/audit_routes.ts";
import { mountAuthRoutes } from "./routes/auth_routes.ts";
import { mountDocsRoutes } from "./routes/docs_routes.ts";
import { EventSockets, mountEventsRoutes } from "./routes/events_routes.ts";
import { mountHealthRoutes } from "./routes/health_routes.ts";
import { mountUserRoutes } from "./routes/user_routes.ts";
import { mountUi, type UiAssets } from "./ui_routes.ts";

export const API_PREFIX = "/api/v1";
const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpDeps {
  users: UserRepository;
  sessions: SessionStore;
  throttle: LoginThrottle;
  audit: AuditLog;
  hub: EventHub;
  log: Logger;
  uptimeSeconds: () => number;
  uiAssets: UiAssets;
  /** The database's storage state, shown by `/health`; without it `/health` leaves it out. */
  storage?: { readonly state: StorageState };
}

export interface HttpApp {
  /** The whole site: API, WebSocket endpoints and UI. */
  app: Hono<AppEnv>;
  /** Where other domains mount their API routes (under `/api/v1`). */
  api: RouteTarget;
  eventSockets: EventSockets;
  /** Mounts the UI catch-all; call after every domain has mounted its routes. */
  finish(): void;
}

/** Builds the Hono application with the foundation's routes. */
export function createHttpApp(deps: HttpDeps): HttpApp {
  const { log } = deps;
  const onError = (error: Error, c: Context<AppEnv>) => {
    if (error instanceof ApiError) return c.json(error.body(), error.status);
    if (error instanceof ZodError) {
      const apiError = ApiError.fromZod(error);
      return c.json(apiError.body(), apiError.status);
    }
    // The database logged the alarm once; a line per refused request would flood the log.
    if (error instanceof StorageError) {
      const apiError = ApiError.storage(error.state);
      return c.json(apiError.body(), apiError.status);
    }
    log.error("request failed", { method: c.req.method, path: c.req.path, error: error.message });
    return c.json(
      new ApiError(
        500,
        "internal_error",
        "Something went wrong on the appliance; the error is in its log",
      ).body(),
      500,
    );
  };

  const app = new Hono<AppEnv>();
  app.onError(onError);

  const api = new Hono<AppEnv>();
  api.onError(onError);
  api.use("*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });
  api.use(
    "*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        c.json(
          new ApiError(413, "payload_too_large", `Request body is over ${MAX_BODY_BYTES} bytes`)
            .body(),
          413,
        ),
    }),
  );
  api.use("*", identify(deps.sessions));
  api.use("*", csrfProtection());
  api.use("*", auditChanges(deps.audit, API_PREFIX));

  const docs = new ApiDocs(API_PREFIX);
  const target: RouteTarget = { app: api, docs };
  const eventSockets = new EventSockets();
  mountHealthRoutes(target, deps.uptimeSeconds, deps.storage);
  mountAuthRoutes(target, deps);
  mountUserRoutes(target, deps.users);
  mountAuditRoutes(target, deps.audit);
  mountEventsRoutes(target, deps.hub, eventSockets, log);
  mountDocsRoutes(target, API_PREFIX);

  return {
    app,
    api: target,
    eventSockets,
    finish() {
      app.route(API_PREFIX, api);
      // Without this, unknown API paths would fall through to the UI's catch-all.
      app.all(
        `${API_PREFIX}/*`,
        (c) => c.json(ApiError.notFound(`Endpoint ${c.req.method} ${c.req.path}`).body(), 404),
      );
      mountUi(app, deps.uiAssets);
    },
  };
}
