/**
 * Ready → INVITE: how long after an agent becomes ready, with a call waiting, the INVITE
 * for that agent's phone leaves the appliance. The appliance runs in this process with
 * the demo center; SIPp as the PBX places one call to a number routed to the Sales
 * queue and stays on the line; the agent's "phone" is a UDP socket here whose binding
 * is installed directly, timestamping each INVITE as it arrives and refusing it with
 * 486, which makes the agent not ready (RONA) and puts the call back for the next
 * round. Two paths are timed: `POST /api/v1/agents/:id/state` over HTTP (with session,
 * CSRF and audit) and the desk's own state change. Target: p99 under 20 ms.
 *
 * Run alone: `deno run -A bench/acd_live.ts [rounds]`.
 */
import dgram from "node:dgram";
import { Appliance } from "../src/appliance.ts";
import { loadConfig } from "../src/config/mod.ts";
import { createLogger } from "../src/log/mod.ts";
import { peerPath } from "../tests/support/peers.ts";

const PASSWORD = "bench-pass-1";

export interface AcdLiveResult {
  rounds: number;
  api_ready_to_invite_ms: { p50: number; p99: number; max: number };
  desk_ready_to_invite_ms: { p50: number; p99: number; max: number };
  target_p99_ms: number;
  met: boolean;
}

function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const round = (x: number) => Math.round(x * 100) / 100;
  return { p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1]) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function benchAcdLive(rounds = 200): Promise<AcdLiveResult> {
  const dir = await Deno.makeTempDir({ prefix: "cc-bench-acd-" });
  const appliance = await Appliance.start({
    config: loadConfig({
      data: dir,
      bind: "127.0.0.1",
      "http-port": "0",
      "https-port": "0",
      "sip-port": "0",
      "rtp-ports": "41000-41999",
      demo: true,
      "admin-password": PASSWORD,
      "demo-password": PASSWORD,
    }, {}),
    log: createLogger("bench", { level: "error" }),
    announce: () => {},
  });
  const { parts } = appliance;
  const base = `http://127.0.0.1:${appliance.httpPort}/api/v1`;
  const session = async (username: string) => {
    const login = await fetch(`${base}/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    const cookie = login.headers.get("set-cookie")!.split(";")[0];
    const { csrf_token } = await login.json();
    return (method: string, path: string, body?: unknown) =>
      fetch(`${base}${path}`, {
        method,
        headers: { cookie, "x-csrf-token": csrf_token, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
  };

  const phone = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => phone.bind(0, "127.0.0.1", resolve));
  const phonePort = phone.address().port;
  let arrived: ((at: number) => void) | undefined;
  phone.on("message", (msg: Uint8Array, rinfo: dgram.RemoteInfo) => {
    const at = performance.now();
    const text = new TextDecoder().decode(msg);
    if (!text.startsWith("INVITE ")) return;
    arrived?.(at);
    const header = (name: string) =>
      text.split("\r\n").filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
    const busy = [
      "SIP/2.0 486 Busy Here",
      ...header("Via"),
      ...header("From"),
      `${header("To")[0]};tag=bench${Math.random().toString(36).slice(2)}`,
      ...header("Call-ID"),
      ...header("CSeq"),
      "Content-Length: 0",
      "",
      "",
    ].join("\r\n");
    phone.send(new TextEncoder().encode(busy), rinfo.port, rinfo.address);
  });

  const admin = await session("admin");
  const sales = (await (await admin("GET", "/queues")).json()).queues
    .find((q: { name: string }) => q.name === "Sales");
  await admin("POST", "/numbers", { number: "3001", target_type: "queue", target_id: sales.id });
  const agent = parts.users.byUsername("agent5")!;
  parts.sip.location.update({
    aor: agent.extension!,
    contact: `sip:${agent.extension}@127.0.0.1:${phonePort}`,
    flow: { transport: "udp", host: "127.0.0.1", port: phonePort },
    callId: "bench",
    cseq: 1,
  }, 3600);
  parts.queues.phoneRegistered(agent.extension!);
  const asAgent = await session("agent5");

  // The waiting caller: SIPp as the PBX, on the line for the whole run.
  const scenario = await Deno.readTextFile(
    new URL("../tests/fixtures/sipp/acd_caller.xml", import.meta.url),
  );
  await Deno.writeTextFile(
    `${dir}/caller.xml`,
    scenario.replaceAll("{{caller}}", "+8613800138000").replaceAll("{{rtp_port}}", "9"),
  );
  const sipp = new Deno.Command(peerPath("sipp"), {
    args: [
      `127.0.0.1:${parts.sip.port}`,
      "-sf",
      `${dir}/caller.xml`,
      "-s",
      "3001",
      "-i",
      "127.0.0.1",
      "-m",
      "1",
      "-d",
      "600000",
      "-nostdin",
    ],
    cwd: dir,
    stdout: "null",
    stderr: "null",
  }).spawn();

  const key = String(agent.id);
  const waitFor = async (what: string, ok: () => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await sleep(1);
    }
  };
  const api: number[] = [];
  const desk: number[] = [];
  try {
    await waitFor("the call in the queue", () => parts.queues.engine.callCount === 1);
    for (let i = 0; i < rounds * 2; i++) {
      await waitFor("the agent not ready", () => {
        const state = parts.queues.engine.agent(key).state;
        return state === "not_ready";
      });
      await sleep(2); // let the refused leg's CANCEL/ACK traffic settle
      const invite = new Promise<number>((resolve) => arrived = resolve);
      const t0 = performance.now();
      if (i % 2 === 0) {
        const response = await asAgent("POST", `/agents/${agent.id}/state`, { state: "ready" });
        if (!response.ok) throw new Error(`Going ready failed: ${await response.text()}`);
        api.push((await invite) - t0);
      } else {
        parts.queues.setAgentState(agent.id, { state: "ready" }, false);
        desk.push((await invite) - t0);
      }
    }
  } finally {
    try {
      sipp.kill("SIGTERM");
    } catch {
      // SIPp already gone
    }
    await sipp.status;
    phone.close();
    await appliance.stop(1000);
    await Deno.remove(dir, { recursive: true });
  }
  const apiFigures = percentiles(api);
  return {
    rounds,
    api_ready_to_invite_ms: apiFigures,
    desk_ready_to_invite_ms: percentiles(desk),
    target_p99_ms: 20,
    met: apiFigures.p99 < 20,
  };
}

if (import.meta.main) {
  console.log(JSON.stringify(await benchAcdLive(Number(Deno.args[0] ?? 200)), null, 2));
}
