import { Appliance } from "../../src/appliance.ts";
import { loadConfig } from "../../src/config/mod.ts";
import { createLogger } from "../../src/log/mod.ts";

export const LIVE_DEMO_PASSWORD = "demo-pass";
export const LIVE_ADMIN_PASSWORD = "admin-secret-1";
const API_TIMEOUT_MS = 15_000;

export interface LiveAppliance {
  appliance: Appliance;
  dir: string;
  sipPort: number;
  httpPort: number;
  logs: string[];
  /** Calls the HTTP API as `username` (a signed-in session with its CSRF token). */
  api(username?: string): Promise<LiveClient>;
  stop(): Promise<void>;
}

export interface LiveClient {
  get(path: string): Promise<Response>;
  send(method: string, path: string, body?: unknown): Promise<Response>;
}

/**
 * A real appliance on loopback with the demo center (or, with `demo: false`, an empty
 * database as a new center starts): real sockets, real SQLite, system clock.
 */
export async function startLiveAppliance(
  options: {
    logLevel?: "debug" | "info" | "warn";
    /** False for an empty center (no `--demo`); true by default. */
    demo?: boolean;
    /** More settings by flag name (`{ "media-timeout": "3" }`). */
    flags?: Record<string, string>;
  } = {},
): Promise<LiveAppliance> {
  const dir = await Deno.makeTempDir({ prefix: "cc-live-" });
  // A private slice of the RTP range per appliance, so test files can run side by side.
  const base = 20000 + Math.floor(Math.random() * 400) * 100;
  const logs: string[] = [];
  const config = loadConfig({
    data: dir,
    bind: "127.0.0.1",
    "http-port": "0",
    "https-port": "0",
    "sip-port": "0",
    "rtp-ports": `${base}-${base + 99}`,
    demo: options.demo ?? true,
    "admin-password": LIVE_ADMIN_PASSWORD,
    "demo-password": LIVE_DEMO_PASSWORD,
    ...options.flags,
  }, {});
  const appliance = await Appliance.start({
    config,
    log: createLogger("live", {
      level: options.logLevel ?? "info",
      sink: (line) => logs.push(line),
    }),
    announce: () => {},
  });
  const httpPort = appliance.httpPort;
  return {
    appliance,
    dir,
    sipPort: appliance.parts.sip.port,
    httpPort,
    logs,
    async api(username = "admin") {
      const password = username === "admin" ? LIVE_ADMIN_PASSWORD : LIVE_DEMO_PASSWORD;
      const login = await fetch(`http://127.0.0.1:${httpPort}/api/v1/auth/login`, {
        signal: AbortSignal.timeout(API_TIMEOUT_MS),
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password }),
      });
      if (!login.ok) throw new Error(`Login as ${username} failed: ${login.status}`);
      const cookie = login.headers.get("set-cookie")!.split(";")[0];
      const { csrf_token } = await login.json();
      const call = async (method: string, path: string, body?: unknown) => {
        // A request the appliance never answers must fail the test, not stall the run.
        try {
          return await fetch(`http://127.0.0.1:${httpPort}/api/v1${path}`, {
            method,
            headers: { cookie, "x-csrf-token": csrf_token, "content-type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
            signal: AbortSignal.timeout(API_TIMEOUT_MS),
          });
        } catch (error) {
          throw new Error(
            `${method} ${path} as ${username} got no answer: ${error}\n${
              logs.slice(-30).join("\n")
            }`,
          );
        }
      };
      return { get: (path) => call("GET", path), send: call };
    },
    async stop() {
      // A stop that hangs must fail the test, not stall the whole run.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        appliance.stop(),
        new Promise((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new Error(`The appliance did not stop within 20 s:\n${logs.slice(-20).join("\n")}`),
              ),
            20_000,
          );
        }),
      ]).finally(() => clearTimeout(timer));
      await Deno.remove(dir, { recursive: true });
    },
  };
}
