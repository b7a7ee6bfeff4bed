import assert from "node:assert/strict";
import dgram from "node:dgram";
import { Appliance } from "../src/appliance.ts";
import { loadConfig } from "../src/config/mod.ts";
import { DATABASE_FILE, DatabaseFileError } from "../src/db/mod.ts";
import { createLogger } from "../src/log/mod.ts";
import { createRequest } from "../src/sip/core/mod.ts";
import { SipUdpClient } from "./support/sip_udp_client.ts";

const ADMIN_PASSWORD = "admin-secret-1";

function start(
  dir: string,
  role: "primary" | "standby",
  logs: string[] = [],
  sipPort = 0,
): Promise<Appliance> {
  // A private slice of the RTP range, so test files can run side by side.
  const base = 20000 + Math.floor(Math.random() * 400) * 100;
  const config = loadConfig({
    data: dir,
    role,
    bind: "127.0.0.1",
    "http-port": "0",
    "https-port": "0",
    "sip-port": String(sipPort),
    "rtp-ports": `${base}-${base + 99}`,
    "admin-password": ADMIN_PASSWORD,
  }, {});
  return Appliance.start({
    config,
    log: createLogger("app", { level: "debug", sink: (line) => logs.push(line) }),
    uiAssets: {},
    announce: () => {},
  });
}

/** A data directory with the database a primary left behind when it stopped. */
async function primaryLeftBehind(
  prepare: (primary: Appliance) => Promise<void> = async () => {},
): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "cc-role-" });
  const primary = await start(dir, "primary");
  await prepare(primary);
  await primary.stop();
  return dir;
}

/** A port nothing listens on right now, over UDP or TCP. */
function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** Whether this process can take `port` itself, over both SIP transports. */
async function portIsFree(port: number): Promise<boolean> {
  try {
    Deno.listen({ hostname: "127.0.0.1", port }).close();
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) return false;
    throw error;
  }
  const socket = dgram.createSocket("udp4");
  const bound = await new Promise<boolean>((resolve) => {
    socket.once("error", () => resolve(false));
    socket.bind(port, "127.0.0.1", () => resolve(true));
  });
  socket.close();
  return bound;
}

async function api(
  appliance: Appliance,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`http://127.0.0.1:${appliance.httpPort}/api/v1${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? JSON.parse(text) : undefined,
    cookie: response.headers.get("set-cookie")?.split(";")[0],
  };
}

async function sipOptions(port: number): Promise<number> {
  const client = await SipUdpClient.open();
  try {
    const request = createRequest({ method: "OPTIONS", uri: `sip:127.0.0.1:${port}` });
    request.headers.append(
      "Via",
      `SIP/2.0/UDP 127.0.0.1:${client.port};branch=z9hG4bK${crypto.randomUUID()}`,
    );
    request.headers.append("Max-Forwards", "70");
    request.headers.append("From", "<sip:monitor@127.0.0.1>;tag=m1");
    request.headers.append("To", "<sip:cc@127.0.0.1>");
    request.headers.append("Call-ID", crypto.randomUUID());
    request.headers.append("CSeq", "1 OPTIONS");
    client.send(request, port);
    return (await client.response("1 OPTIONS")).status;
  } finally {
    client.close();
  }
}

Deno.test("a primary answers SIP OPTIONS and reports its role at start", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cc-role-" });
  const primary = await start(dir, "primary");
  try {
    assert.equal(primary.role, "primary");
    assert.equal(await sipOptions(primary.parts.sip.port), 200);
    assert.equal(await portIsFree(primary.parts.sip.port), false);
    const health = await api(primary, "GET", "/health");
    assert.equal(health.body.role, "primary");
  } finally {
    await primary.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a standby binds no SIP port, lets an admin alone sign in to read, and leaves its database byte-identical", async () => {
  const dir = await primaryLeftBehind(async (primary) => {
    await primary.parts.users.create({
      username: "agent7",
      password: "agent-pass-7",
      role: "agent",
    });
  });
  const file = `${dir}/${DATABASE_FILE}`;
  const before = await Deno.readFile(file);
  const logs: string[] = [];
  const sipPort = freePort();
  const standby = await start(dir, "standby", logs, sipPort);
  try {
    assert.equal(standby.role, "standby");
    assert.equal(standby.parts.sip.started, false);
    assert.equal(await portIsFree(sipPort), true, "the SIP port is not bound");
    assert.equal(standby.parts.db.readOnly, true);
    const health = await api(standby, "GET", "/health");
    assert.equal(health.status, 200);
    assert.equal(health.body.role, "standby");
    // Reads need a signed-in admin: anonymous ones are refused as before.
    const anonymous = await api(standby, "GET", "/users");
    assert.equal(anonymous.status, 503);
    assert.equal(anonymous.body.error.code, "standby");
    assert.equal((await api(standby, "GET", "/openapi.json")).status, 200);
    assert.equal((await api(standby, "GET", "/auth/me")).status, 401, "nobody is signed in");

    // An agent has nothing to do on a standby and is sent to the primary.
    const agent = await api(standby, "POST", "/auth/login", {
      username: "agent7",
      password: "agent-pass-7",
    });
    assert.equal(agent.status, 503);
    assert.equal(agent.body.error.code, "standby");
    assert.match(agent.body.error.message, /admins alone/);
    assert.equal(agent.cookie, undefined, "no session for the agent");

    // An admin signs in, read-only: the session lives in memory, nothing is written.
    const login = await api(standby, "POST", "/auth/login", {
      username: "admin",
      password: ADMIN_PASSWORD,
    });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    assert.ok(login.cookie);
    const signedIn = { cookie: login.cookie!, "x-csrf-token": login.body.csrf_token };
    const me = await api(standby, "GET", "/auth/me", undefined, signedIn);
    assert.equal(me.status, 200);
    assert.equal(me.body.user.username, "admin");
    const users = await api(standby, "GET", "/users", undefined, signedIn);
    assert.equal(users.status, 200, JSON.stringify(users.body));
    assert.ok(JSON.stringify(users.body).includes("agent7"), "the primary's users are read");
    const write = await api(standby, "POST", "/customers", { name: "Not here" }, signedIn);
    assert.equal(write.status, 503, "writes are refused even to the admin");
    assert.equal(write.body.error.code, "standby");
    assert.match(write.body.error.message, /takes no changes/);
    const logout = await api(standby, "POST", "/auth/logout", undefined, signedIn);
    assert.equal(logout.status, 204);
    assert.equal((await api(standby, "GET", "/users", undefined, signedIn)).status, 503);
    assert.match(logs.join("\n"), /on the standby/, "the sign-in is in the log, not the table");
  } finally {
    await standby.stop();
  }
  assert.deepEqual(await Deno.readFile(file), before, "the database file did not change");
  assert.doesNotMatch(logs.join("\n"), /ERROR/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a promoted standby answers SIP OPTIONS, writes, and stops", async () => {
  const dir = await primaryLeftBehind();
  const standby = await start(dir, "standby");
  try {
    await standby.promote();
    assert.equal(standby.role, "primary");
    assert.equal(await sipOptions(standby.parts.sip.port), 200);
    assert.equal((await api(standby, "GET", "/health")).body.role, "primary");
    const login = await api(standby, "POST", "/auth/login", {
      username: "admin",
      password: ADMIN_PASSWORD,
    });
    assert.equal(login.status, 200);
    const sessions = standby.parts.db.get<{ n: number }>("SELECT count(*) AS n FROM sessions")!;
    assert.equal(sessions.n, 1, "the sign-in was written");
    // A second promote() changes nothing.
    await standby.promote();
    assert.equal(standby.role, "primary");
  } finally {
    await standby.stop();
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a standby without a database refuses to start and says where it looked", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cc-role-" });
  await assert.rejects(
    () => start(dir, "standby"),
    (error: Error) =>
      error instanceof DatabaseFileError && error.message.includes(`${dir}/${DATABASE_FILE}`) &&
      error.message.includes("restore"),
  );
  assert.deepEqual([...Deno.readDirSync(dir)], [], "nothing was created");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a restore asked for in the page is applied as the primary next starts, before it serves", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cc-restore-start-" });
  const first = await start(dir, "primary");
  first.parts.settings.set("center.name", "Before");
  const backup = await first.parts.backups.takeNow();
  first.parts.settings.set("center.name", "After");
  await first.parts.restores.stage(backup.name, `${dir}/backups/${backup.name}`, "admin");
  await first.stop();

  const logs: string[] = [];
  const second = await start(dir, "primary", logs);
  try {
    assert.equal(second.parts.settings.get("center.name"), "Before");
    assert.equal(second.parts.restores.pending(), null);
    assert.equal(second.parts.restores.last()?.name, backup.name);
    assert.ok(logs.some((l) => l.includes("restored a backup")));
  } finally {
    await second.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
