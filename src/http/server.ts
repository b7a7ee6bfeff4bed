import type { Hono } from "hono";
import type { Logger } from "../log/mod.ts";
import type { AppEnv } from "./env.ts";

export interface ListenOptions {
  bind: string;
  httpPort: number;
  httpsPort: number;
  tls?: { cert: string; key: string };
}

export interface RunningServers {
  httpPort: number;
  httpsPort: number | undefined;
  /**
   * Serves HTTPS with another certificate from now on, on the same port: the old
   * listener stops accepting, its requests and sockets finish on the old certificate.
   */
  replaceCertificate(tls: { cert: string; key: string }): Promise<void>;
  /** Stops accepting connections and resolves when in-flight requests have finished. */
  shutdown(): Promise<void>;
}

// Real time, not the injected clock: this waits for the operating system to free a port.
const REBIND_ATTEMPTS = 50;
const REBIND_WAIT_MS = 20;

/** Serves the app over HTTP and, with a certificate, HTTPS. Port 0 picks a free port. */
export async function listen(
  app: Hono<AppEnv>,
  options: ListenOptions,
  log: Logger,
): Promise<RunningServers> {
  const handler = (request: Request, info: Deno.ServeHandlerInfo<Deno.NetAddr>) =>
    app.fetch(request, { remoteAddr: info.remoteAddr });
  const servers: Deno.HttpServer<Deno.NetAddr>[] = [];
  const http = Deno.serve(
    { hostname: options.bind, port: options.httpPort, onListen: () => {} },
    handler,
  );
  servers.push(http);
  let httpsPort: number | undefined;
  let https: Deno.HttpServer<Deno.NetAddr> | undefined;
  const serveHttps = (tls: { cert: string; key: string }, port: number) =>
    Deno.serve({
      hostname: options.bind,
      port,
      cert: tls.cert,
      key: tls.key,
      onListen: () => {},
    }, handler);
  if (options.tls) {
    https = serveHttps(options.tls, options.httpsPort);
    servers.push(https);
    httpsPort = https.addr.port;
  }
  // Old HTTPS listeners finishing their requests after a certificate change.
  const retiring: Promise<void>[] = [];
  log.info("listening", { bind: options.bind, http: http.addr.port, https: httpsPort });
  await Promise.resolve();
  return {
    httpPort: http.addr.port,
    httpsPort,
    async replaceCertificate(tls) {
      if (!https || httpsPort === undefined) return;
      const old = https;
      // Shutting down closes the old listener at once, though the port is free only a
      // moment later; its requests and WebSockets finish on the old certificate.
      retiring.push(old.shutdown());
      for (let attempt = 1;; attempt++) {
        try {
          https = serveHttps(tls, httpsPort);
          break;
        } catch (error) {
          if (!(error instanceof Deno.errors.AddrInUse) || attempt >= REBIND_ATTEMPTS) {
            log.error("HTTPS could not listen again with the new certificate", { error });
            throw error;
          }
          await new Promise((resolve) => setTimeout(resolve, REBIND_WAIT_MS));
        }
      }
      servers.splice(servers.indexOf(old), 1, https);
      log.info("serving HTTPS with a new certificate", { https: httpsPort });
    },
    async shutdown() {
      await Promise.all([...servers.map((s) => s.shutdown()), ...retiring]);
    },
  };
}
