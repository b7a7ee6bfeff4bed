import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./env.ts";

/** One year; browsers only honour it over HTTPS without certificate errors. */
const HSTS_MAX_AGE_S = 365 * 24 * 3600;

// A Host header we are willing to echo into the policy; anything else falls back to 'self'.
const HOST_RE = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The page's policy. The bundled UI is one script and one stylesheet from `/assets`;
 * Lit writes `style` attributes, so inline styles stay allowed while inline scripts do
 * not. The softphone and the event hub open WebSockets back to this host, which
 * `connect-src` names explicitly because older browsers do not let 'self' cover ws:.
 * WebRTC media is not subject to CSP. A case's PDF is previewed in a frame from a blob
 * the page made of its bytes (the download itself answers "attachment"), so frames may
 * show blobs. Nothing may frame the appliance.
 */
export function contentSecurityPolicy(host: string | undefined): string {
  const sockets = host && HOST_RE.test(host) ? ` ws://${host} wss://${host}` : "";
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "media-src 'self' blob:",
    "frame-src 'self' blob:",
    `connect-src 'self'${sockets}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Adds the browser-hardening headers to every answer — API, UI, docs and errors
 * alike: no MIME sniffing, no referrer, the CSP above (with the legacy
 * `X-Frame-Options` for browsers that predate `frame-ancestors`), and HSTS when the
 * request came over HTTPS (on plain HTTP the header would be ignored, and sending it
 * from a box that also serves HTTP would only confuse).
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    // A WebSocket handshake answer carries no document; its 101 cannot be rebuilt either.
    if (c.res.status === 101) return;
    const headers: [string, string][] = [
      ["X-Content-Type-Options", "nosniff"],
      ["Referrer-Policy", "no-referrer"],
      ["Content-Security-Policy", contentSecurityPolicy(c.req.header("host"))],
      ["X-Frame-Options", "DENY"],
    ];
    if (new URL(c.req.url).protocol === "https:") {
      headers.push(["Strict-Transport-Security", `max-age=${HSTS_MAX_AGE_S}`]);
    }
    try {
      for (const [name, value] of headers) c.res.headers.set(name, value);
    } catch (error) {
      // Some responses (Response.redirect, fetched ones) have immutable headers: copy once.
      if (!(error instanceof TypeError)) throw error;
      c.res = new Response(c.res.body, c.res);
      for (const [name, value] of headers) c.res.headers.set(name, value);
    }
  };
}
