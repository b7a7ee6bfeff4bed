import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { BACKUP_UPLOAD_PATH } from "./routes/backup_routes.ts";
import type { Context } from "hono";
import { ZodError } from "zod";
import { StorageError } from "../db/mod.ts";
import type { Logger } from "../log/mod.ts";
import { ApiError } from "./api_error.ts";
import { auditChanges } from "./audit_middleware.ts";
import { csrfProtection, identify } from "./auth_middleware.ts";
import type { AppEnv } from "./env.ts";
import { mountRoutes, type RouteHandles } from "./mount_routes.ts";
import { ApiDocs } from "./openapi.ts";
import type { RouteTarget } from "./route.ts";
import { securityHeaders } from "./security_headers.ts";
import { EventSockets } from "./routes/events_routes.ts";
import { standbyGuard, standbyReaders } from "./standby_guard.ts";
import { staleEditAnswer, StaleEditError } from "./versions.ts";
import { mountUi, type UiAssets } from "./ui_routes.ts";
import { ServedFile } from "./served_file.ts";
import { mountChatWidget } from "./routes/chat_widget_routes.ts";

export const API_PREFIX = "/api/v1";
const MAX_BODY_BYTES = 1024 * 1024;
/**
 * Audio uploads (prompts) are larger: a minute of CD-quality stereo WAV is 10 MB. The
 * converter refuses what lasts too long; this only bounds what is read to find out.
 */
const MAX_AUDIO_BODY_BYTES = 32 * 1024 * 1024;
const AUDIO_UPLOAD_PATHS = new Set([`${API_PREFIX}/ivr/prompts`]);

export interface HttpDeps extends RouteHandles {
  log: Logger;
  uiAssets: UiAssets;
  /** Chat messages one address may send in 10 s (the widget's flood limit). */
  chatAddressLimit?: number;
  /** Routes served beside the API, outside its session and audit layers (the replication link). */
  siteRoutes?: Hono[];
}

export interface HttpApp {
  /** The whole site: API, WebSocket endpoints and UI. */
  app: Hono<AppEnv>;
  eventSockets: EventSockets;
}

/** Builds the whole site: the API with every domain's routes, the WebSockets and the UI. */
export function createHttpApp(deps: HttpDeps): HttpApp {
  const { log } = deps;
  const onError = (error: Error, c: Context<AppEnv>) => {
    if (error instanceof ApiError) return c.json(error.body(), error.status);
    if (error instanceof StaleEditError) {
      const apiError = staleEditAnswer(error);
      return c.json(apiError.body(), apiError.status);
    }
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
  app.use("*", securityHeaders());

  const api = new Hono<AppEnv>();
  api.onError(onError);
  api.use("*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });
  const limitBody = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: (c) =>
        c.json(
          new ApiError(413, "payload_too_large", `Request body is over ${maxSize} bytes`, {
            max_bytes: maxSize,
          }).body(),
          413,
        ),
    });
  const bodyLimits = { general: limitBody(MAX_BODY_BYTES), audio: limitBody(MAX_AUDIO_BODY_BYTES) };
  // A backup being restored is as large as the center's recordings; its route streams it
  // to disk, and only an admin gets that far.
  api.use(
    "*",
    (c, next) =>
      c.req.path === `${API_PREFIX}${BACKUP_UPLOAD_PATH}`
        ? next()
        : (AUDIO_UPLOAD_PATHS.has(c.req.path) ? bodyLimits.audio : bodyLimits.general)(c, next),
  );
  const primaryAddress = () => deps.replication?.()?.peer;
  api.use("*", standbyGuard(deps.role, API_PREFIX, primaryAddress));
  api.use("*", identify(deps.sessions));
  api.use("*", standbyReaders(deps.role, API_PREFIX, primaryAddress));
  api.use("*", csrfProtection());
  api.use("*", auditChanges(deps.audit, API_PREFIX));

  const docs = new ApiDocs(API_PREFIX);
  const target: RouteTarget = { app: api, docs };
  const eventSockets = new EventSockets();
  mountRoutes({ app, api: target, prefix: API_PREFIX, eventSockets }, deps);
  app.route(API_PREFIX, api);
  // The chat widget runs on the center's own site: no session, its own limits.
  const widget = deps.uiAssets["/assets/widget.js"];
  mountChatWidget(app, {
    chats: deps.chats,
    clock: deps.clock,
    log: log.child("chat"),
    script: widget && new ServedFile(widget),
    addressLimit: deps.chatAddressLimit,
  });
  for (const routes of deps.siteRoutes ?? []) app.route("/", routes);
  // Without this, unknown API paths would fall through to the UI's catch-all.
  app.all(
    `${API_PREFIX}/*`,
    (c) => c.json(ApiError.notFound(`Endpoint ${c.req.method} ${c.req.path}`).body(), 404),
  );
  mountUi(app, deps.uiAssets);
  return { app, eventSockets };
}
