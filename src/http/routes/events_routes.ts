import { upgradeWebSocket } from "hono/deno";
import type { WSContext } from "hono/ws";
import type { User } from "../../auth/mod.ts";
import type { EventHub, HubEvent } from "../../events/mod.ts";
import type { Logger } from "../../log/mod.ts";
import { VERSION } from "../../version.ts";
import { ApiError } from "../api_error.ts";
import type { RouteTarget } from "../route.ts";

// A browser that stops reading must not make the appliance buffer without bound.
const MAX_BUFFERED_BYTES = 1024 * 1024;

/** Open event sockets, so shutdown can close them instead of waiting on them. */
export class EventSockets {
  #open = new Set<WSContext>();

  add(ws: WSContext): void {
    this.#open.add(ws);
  }

  delete(ws: WSContext): void {
    this.#open.delete(ws);
  }

  get size(): number {
    return this.#open.size;
  }

  closeAll(): void {
    for (const ws of this.#open) ws.close(1001, "server shutting down");
    this.#open.clear();
  }
}

/** Whether `user` may see `event`; every event when left out. */
export type EventVisibility = (user: User, event: HubEvent) => boolean;

/** `GET /events`: the authenticated WebSocket that streams hub events to the browser. */
export function mountEventsRoutes(
  target: RouteTarget,
  hub: EventHub,
  sockets: EventSockets,
  log: Logger,
  visible: EventVisibility = () => true,
): void {
  target.docs.add({
    method: "get",
    path: "/events",
    summary: "WebSocket of live events ({ type, at, data } JSON messages); first message is hello",
    tag: "events",
    access: ["agent", "team_lead", "supervisor", "qa", "admin"],
  });
  target.app.get(
    "/events",
    async (c, next) => {
      if (!c.get("user")) throw ApiError.unauthorized();
      if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
        throw ApiError.badRequest("This endpoint speaks WebSocket only");
      }
      await next();
    },
    upgradeWebSocket((c) => {
      const user = c.get("user")!;
      let unsubscribe = () => {};
      return {
        onOpen(_event, ws) {
          sockets.add(ws);
          ws.send(JSON.stringify({
            type: "hello",
            at: new Date().toISOString(),
            data: { user: user.username, role: user.role, version: VERSION },
          }));
          unsubscribe = hub.subscribe((event) => {
            if (!visible(user, event)) return;
            const raw = ws.raw as WebSocket | undefined;
            if (raw && raw.bufferedAmount > MAX_BUFFERED_BYTES) {
              log.warn("closing a slow event socket", {
                user: user.username,
                buffered: raw.bufferedAmount,
              });
              ws.close(1013, "too slow");
              return;
            }
            ws.send(JSON.stringify(event));
          });
        },
        onClose(_event, ws) {
          unsubscribe();
          sockets.delete(ws);
        },
        onError(_event, ws) {
          unsubscribe();
          sockets.delete(ws);
        },
      };
    }),
  );
}
