import type { Hono } from "hono";
import { ApiError } from "../api_error.ts";
import type { AppEnv } from "../env.ts";

export type AcceptSipSocket = (
  socket: WebSocket,
  remote: { host: string; port: number },
  secure: boolean,
) => void;

/**
 * `GET /sip`: SIP over WebSocket for agents' browsers (RFC 7118). The browser must ask
 * for the `sip` subprotocol; who it is gets settled by the SIP REGISTER's digest, not here.
 */
export function mountSipWebSocket(app: Hono<AppEnv>, accept: AcceptSipSocket): void {
  app.get("/sip", (c) => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
      throw new ApiError(426, "upgrade_required", "This endpoint speaks SIP over WebSocket only");
    }
    const offered = (c.req.header("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim());
    if (!offered.includes("sip")) {
      throw ApiError.badRequest('Ask for the WebSocket subprotocol "sip" (RFC 7118)');
    }
    const { socket, response } = Deno.upgradeWebSocket(c.req.raw, { protocol: "sip" });
    const remote = c.env?.remoteAddr ?? { hostname: "unknown", port: 0 };
    accept(
      socket,
      { host: remote.hostname, port: remote.port },
      new URL(c.req.url).protocol === "https:",
    );
    return response;
  });
}
