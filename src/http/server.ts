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
  /** Stops accepting connections and resolves when in-flight requests have finished. */
  shutdown(): Promise<void>;
}

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
  if (options.tls) {
    const https = Deno.serve({
      hostname: options.bind,
      port: options.httpsPort,
      cert: options.tls.cert,
      key: options.tls.key,
      onListen: () => {},
    }, handler);
    servers.push(https);
    httpsPort = https.addr.port;
  }
  log.info("listening", { bind: options.bind, http: http.addr.port, https: httpsPort });
  await Promise.resolve();
  return {
    httpPort: http.addr.port,
    httpsPort,
    async shutdown() {
      await Promise.all(servers.map((s) => s.shutdown()));
    },
  };
}
