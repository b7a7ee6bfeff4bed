import { compose, type Composition, openStorage, prepareStorage } from "../../src/app.ts";
import { VirtualClock } from "../../src/clock/mod.ts";
import { loadConfig } from "../../src/config/mod.ts";
import { createLogger, RecentLines } from "../../src/log/mod.ts";
import { copyOfPrepared } from "./data_template.ts";

export const ADMIN_PASSWORD = "admin-secret-1";
export const DEMO_PASSWORD = "demo-pass";

export const FAKE_UI = {
  "/index.html": {
    contentType: "text/html; charset=utf-8",
    body: "<!doctype html><title>test shell</title>",
  },
  "/assets/app.js": { contentType: "text/javascript; charset=utf-8", body: "console.log('app')" },
};

export interface TestAppliance extends Composition {
  dir: string;
  clock: VirtualClock;
  logs: string[];
  /** A client with its own cookie jar, calling from `ip`. */
  client(ip?: string): TestClient;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * An in-process primary on a real SQLite file in a temporary directory and a virtual
 * clock: storage prepared as at start, no SIP or HTTP socket opened.
 */
export async function testAppliance(
  options: { demo?: boolean; dir?: string } = {},
): Promise<TestAppliance> {
  const demo = options.demo ?? false;
  // A given data directory is used as it is (a restored backup, for instance); otherwise
  // storage prepared once per test file (data_template.ts) is copied.
  const dir = options.dir ?? await copyOfPrepared(`test:${demo}`, async (template) => {
    const first = await openPrimary(template, demo, () => {});
    first.parts.db.close();
  }, "cc-test-");
  const logs: string[] = [];
  const { parts, clock } = await openPrimary(dir, demo, (line) => logs.push(line));
  return {
    ...parts,
    clock,
    dir,
    logs,
    client: (ip = "192.0.2.10") => new TestClient(parts, ip),
    async [Symbol.asyncDispose]() {
      parts.db.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** What a primary does at start, without its sockets, threads and timers. */
async function openPrimary(
  dir: string,
  demo: boolean,
  sink: (line: string) => void,
): Promise<{ parts: Composition; clock: VirtualClock }> {
  const clock = new VirtualClock(Date.UTC(2026, 4, 1, 2, 0, 0));
  const recentLog = new RecentLines();
  const log = createLogger("test", {
    recent: recentLog,
    sink,
    now: () => clock.now(),
    level: "debug",
  });
  const config = loadConfig({
    data: dir,
    "admin-password": ADMIN_PASSWORD,
    "demo-password": DEMO_PASSWORD,
    demo,
  }, {});
  const db = openStorage(config, log);
  const parts = await compose({
    config,
    db,
    clock,
    log,
    role: () => "primary",
    uiAssets: FAKE_UI,
    recentLog,
  });
  await prepareStorage(parts, () => {});
  return { parts, clock };
}

/** Calls the Hono app in-process like a browser would: cookies kept, CSRF header on writes. */
export class TestClient {
  cookie = "";
  csrfToken = "";
  bearer = "";

  constructor(private readonly parts: Composition, readonly ip: string) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    if (this.csrfToken && method !== "GET" && !("x-csrf-token" in h)) {
      h["x-csrf-token"] = this.csrfToken;
    }
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === "string" ? body : JSON.stringify(body);
      h["content-type"] ??= "application/json";
    }
    const response = await this.parts.http.app.request(
      `http://appliance.test${path}`,
      { method, headers: h, body: payload },
      { remoteAddr: { hostname: this.ip, port: 40000 } },
    );
    const setCookie = response.headers.get("set-cookie");
    if (setCookie) {
      const pair = setCookie.split(";")[0];
      this.cookie = pair.endsWith("=") ? "" : pair;
    }
    return response;
  }

  get(path: string): Promise<Response> {
    return this.request("GET", path);
  }

  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Response> {
    return this.request("POST", path, body, headers);
  }

  async login(username: string, password: string): Promise<Response> {
    const response = await this.post("/api/v1/auth/login", { username, password });
    if (response.ok) {
      const body = await response.clone().json();
      this.csrfToken = body.csrf_token;
    }
    return response;
  }
}
