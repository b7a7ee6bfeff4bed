import type { Hono } from "hono";
import {
  type ChatDesk,
  FloodLimit,
  MAX_VISITOR_FRAME,
  type VisitorLimits,
  VisitorSession,
} from "../../chat/mod.ts";
import type { Clock } from "../../clock/mod.ts";
import type { Logger } from "../../log/mod.ts";
import { ApiError } from "../api_error.ts";
import type { AppEnv } from "../env.ts";
import type { ServedFile } from "../served_file.ts";
import { fileResponse } from "./chat_routes.ts";

export interface ChatWidgetDeps {
  chats: ChatDesk;
  clock: Clock;
  log: Logger;
  /** The bundled widget script, or undefined when the UI was not bundled. */
  script: ServedFile | undefined;
  /** Chat messages one address may send in 10 s (60 unless configured). */
  addressLimit?: number;
}

/**
 * Flood rules: what one visitor, one address, and new chats from one address may send.
 * Visitors behind one company's NAT share an address, hence the higher address limit.
 */
export function visitorLimits(clock: Clock, addressLimit = 60): VisitorLimits {
  return {
    perVisitor: new FloodLimit(clock, { limit: 10, windowMs: 10_000 }),
    perAddress: new FloodLimit(clock, { limit: addressLimit, windowMs: 10_000 }),
    startsPerAddress: new FloodLimit(clock, {
      limit: Math.max(20, Math.ceil(addressLimit / 3)),
      windowMs: 60_000,
    }),
  };
}

/**
 * The visitor's side of web chat, served beside the API (the widget runs on the center's
 * own site, so it has no session): `GET /widget.js`, the widget's WebSocket
 * `GET /widget/socket`, and files sent in a chat at `GET /widget/files/:token/:id`, which
 * only the holder of the chat's token can fetch.
 */
export function mountChatWidget(app: Hono<AppEnv>, deps: ChatWidgetDeps): void {
  const limits = visitorLimits(deps.clock, deps.addressLimit);

  app.get("/widget.js", (c) => {
    if (!deps.script) return c.text("The UI was not bundled; run `deno task bundle`", 503);
    return deps.script.respond(c.req.raw.headers, {
      "Cache-Control": "public, max-age=300",
      "Cross-Origin-Resource-Policy": "cross-origin",
      "Access-Control-Allow-Origin": "*",
    });
  });

  app.get("/widget/socket", (c) => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      throw new ApiError(426, "upgrade_required", "This endpoint speaks WebSocket only");
    }
    const { socket, response } = Deno.upgradeWebSocket(c.req.raw, {
      idleTimeout: 60,
    });
    const remote = c.env?.remoteAddr?.hostname ?? "unknown";
    const session = new VisitorSession(deps.chats, limits, remote, {
      send: (message) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
      },
    });
    socket.onmessage = (event) => {
      if (typeof event.data !== "string" || event.data.length > MAX_VISITOR_FRAME) {
        socket.close(1009, "message too large");
        return;
      }
      try {
        session.handle(event.data);
      } catch (error) {
        deps.log.warn("a chat widget's message failed", { error, remote });
      }
    };
    socket.onclose = () => session.closed();
    socket.onerror = () => session.closed();
    return response;
  });

  app.get("/widget/files/:token/:fileId", (c) => {
    const chat = deps.chats.store.byToken(c.req.param("token"));
    const id = Number(c.req.param("fileId"));
    const file = chat && Number.isSafeInteger(id) ? deps.chats.store.file(chat.id, id) : undefined;
    if (!file) throw ApiError.notFound("File");
    c.header("Cross-Origin-Resource-Policy", "cross-origin");
    return fileResponse(c, file);
  });
}
