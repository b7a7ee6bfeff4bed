import { DatabaseSync } from "node:sqlite";
import type { Config } from "../config/mod.ts";
import type { Check } from "./doctor_check.ts";
import { standbyCheck } from "./doctor_standby.ts";
import { wakeLatencyCheck } from "./doctor_wake_latency.ts";
import { witnessCheck } from "./doctor_witness.ts";
import { priorityShortfall, raiseThreadPriority, resetThreadPriority } from "../threads/mod.ts";

async function udpPortFree(hostname: string, port: number): Promise<string | undefined> {
  const { createSocket } = await import("node:dgram");
  return await new Promise((resolve) => {
    const socket = createSocket(hostname.includes(":") ? "udp6" : "udp4");
    socket.once("error", (error) => {
      socket.close();
      resolve(error.message);
    });
    socket.bind(port, hostname, () => socket.close(() => resolve(undefined)));
  });
}

async function portFree(
  hostname: string,
  port: number,
  transport: "tcp" | "udp",
): Promise<string | undefined> {
  if (transport === "udp") return await udpPortFree(hostname, port);
  try {
    Deno.listen({ hostname, port }).close();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

async function hasCommand(command: string, args: string[]): Promise<string | undefined> {
  try {
    const out = await new Deno.Command(command, { args, stdout: "piped", stderr: "piped" })
      .output();
    const text = new TextDecoder().decode(out.stdout.length ? out.stdout : out.stderr).trim();
    return text.split("\n").find((l) => l.trim()) ?? "present";
  } catch {
    return undefined;
  }
}

/** Checks what the appliance needs before it starts, and which optional tools are there. */
export async function runDoctor(config: Config): Promise<Check[]> {
  const checks: Check[] = [];
  try {
    Deno.mkdirSync(config.dataDir, { recursive: true });
    const probe = `${config.dataDir}/.doctor-${Date.now()}`;
    Deno.writeTextFileSync(probe, "ok");
    Deno.removeSync(probe);
    checks.push({
      name: "data directory",
      ok: true,
      level: "required",
      detail: `${config.dataDir} is writable`,
    });
  } catch (error) {
    checks.push({
      name: "data directory",
      ok: false,
      level: "required",
      detail: (error as Error).message,
    });
  }
  for (
    const [name, port, transport] of [
      ["HTTP port", config.httpPort, "tcp"],
      ["HTTPS port", config.httpsPort, "tcp"],
      ["SIP port (UDP)", config.sipPort, "udp"],
      ["SIP port (TCP)", config.sipPort, "tcp"],
    ] as const
  ) {
    const problem = await portFree(config.bind, port, transport);
    checks.push({
      name,
      ok: !problem,
      level: "required",
      detail: problem
        ? `${config.bind}:${port} is not available (${problem})`
        : `${config.bind}:${port} is free`,
    });
  }
  const db = new DatabaseSync(":memory:");
  const version = (db.prepare("SELECT sqlite_version() AS v").get() as { v: string }).v;
  let fts5 = true;
  try {
    db.exec("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')");
  } catch {
    fts5 = false;
  }
  db.close();
  checks.push({
    name: "SQLite",
    ok: fts5,
    level: "required",
    detail: `version ${version}, FTS5 trigram ${fts5 ? "available" : "missing"}`,
  });
  const certFile = config.tlsCert ?? `${config.dataDir}/tls/cert.pem`;
  try {
    Deno.statSync(certFile);
    checks.push({ name: "TLS certificate", ok: true, level: "optional", detail: certFile });
  } catch {
    checks.push({
      name: "TLS certificate",
      ok: !config.tlsCert,
      level: config.tlsCert ? "required" : "optional",
      detail: config.tlsCert
        ? `${certFile} cannot be read`
        : "none yet; a self-signed one is made at first start",
    });
  }
  const standby = await standbyCheck(config);
  if (standby) checks.push(standby);
  const witness = await witnessCheck(config);
  if (witness) checks.push(witness);
  // Asked for and given back at once: whether start would get the priority it asks for.
  const priority = raiseThreadPriority(config.threadPriority);
  resetThreadPriority();
  const shortfall = priorityShortfall(priority);
  checks.push({
    name: "thread priority",
    ok: shortfall === undefined,
    level: "optional",
    detail: shortfall ?? `${priority.granted} is allowed`,
  });
  checks.push(wakeLatencyCheck(priority.granted));
  for (
    const [name, command, args, missing] of [
      [
        "espeak-ng",
        "espeak-ng",
        ["--version"],
        "not installed (prompts are spoken by the espeak-ng built into the program)",
      ],
      ["sox", "sox", ["--version"], "not installed (needed for prompt conversion)"],
      ["sipp", "sipp", ["-v"], "not installed (needed for SIP load tests)"],
    ] as const
  ) {
    const found = await hasCommand(command, [...args]);
    checks.push({
      name,
      ok: Boolean(found),
      level: "optional",
      detail: found ?? missing,
    });
  }
  return checks;
}
