import { parseArgs } from "node:util";
import { randomPassword, type Role, ROLES, UserRepository } from "../auth/mod.ts";
import {
  backupPathsOf,
  inspectBackupFile,
  restoreBackupFile,
  writeBackupArchive,
} from "../backups/mod.ts";
import { SystemClock } from "../clock/mod.ts";
import { type Config, ConfigError, loadConfig, SETTINGS } from "../config/mod.ts";
import { Database, DATABASE_FILE, DatabaseFileError } from "../db/mod.ts";
import { RollupFeed } from "../reports/mod.ts";
import { VERSION } from "../version.ts";
import { runDoctor } from "./doctor.ts";
import { IMPORT_HELP, runImport } from "./import_command.ts";
import { UsageError } from "./usage_error.ts";
import { runWitness, WITNESS_HELP } from "./witness_command.ts";

type FlagSpec = Record<string, { type: "string" | "boolean"; short?: string }>;

const CONFIG_FLAGS: FlagSpec = Object.fromEntries(
  Object.values(SETTINGS).map((s) => [s.flag, { type: s.flag === "demo" ? "boolean" : "string" }]),
) as FlagSpec;

export const HELP: Record<string, string> = {
  main: `Call center appliance ${VERSION}

Usage: callcenter <command> [options]

Commands:
  start              run the appliance (HTTP/HTTPS, SIP) as primary or standby
  migrate            apply database migrations and exit
  user add|passwd|list   manage users
  backup FILE        write an online backup of the database
  restore FILE       replace the database with a backup (appliance stopped)
  doctor             check ports, data directory, TLS and optional tools
  import FILE        import customers from a CSV file
  reports rebuild    rebuild the report rollups from the call and agent-state logs
  witness            run the lease witness of a primary and its standby (a third box)

Run "callcenter <command> --help" for a command's options.`,
  start: `Usage: callcenter start [options]

Options (each also read from its environment variable):
${
    Object.values(SETTINGS).map((s) =>
      `  --${s.flag.padEnd(16)} ${s.env.padEnd(18)} ${s.help}${
        s.fallback ? ` (default ${s.fallback})` : ""
      }`
    ).join("\n")
  }`,
  migrate:
    "Usage: callcenter migrate [--data DIR]\n\nApplies pending migrations to the database in DIR.",
  user: `Usage: callcenter user add|passwd|list [options]

  callcenter user add USERNAME --role ROLE [--name NAME] [--password PW] [--extension EXT] [--data DIR]
  callcenter user passwd USERNAME [--password PW] [--data DIR]
  callcenter user list [--data DIR]

ROLE is one of: ${ROLES.join(", ")}. Without --password a random one is printed once.`,
  backup:
    "Usage: callcenter backup FILE [--data DIR]\n\nWrites a consistent copy while the appliance runs. A FILE ending in .tar holds the\ndatabase, recordings, voicemails, prompts, attachments and the recording keys (keep it\nas safe as the recordings); any other name, the database alone.",
  restore:
    "Usage: callcenter restore FILE [--data DIR]\n\nChecks FILE is a backup of this program (a database, or an archive holding the keys\nits recordings need), then replaces the current data; what it replaces is kept in\nDIR/before-restore. Stop the appliance first.",
  import: IMPORT_HELP,
  reports:
    "Usage: callcenter reports rebuild [--data DIR]\n\nEmpties the report rollups and reads the call and agent-state logs again from the\nstart. Safe while the appliance runs: reports catch up again as they are asked for.",
  witness: WITNESS_HELP,
  doctor:
    "Usage: callcenter doctor [start options]\n\nChecks what start needs and which optional tools are installed.",
};

export interface ParsedCommand {
  command: string;
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
  help: boolean;
}

export function parseCommandLine(args: string[]): ParsedCommand {
  const [command = "help", ...rest] = args;
  if (command === "--help" || command === "-h" || command === "help") {
    return { command: "help", positionals: [], values: {}, help: true };
  }
  if (command === "--version") {
    return { command: "version", positionals: [], values: {}, help: false };
  }
  if (!(command in HELP)) throw new UsageError(`Unknown command "${command}"`);
  const options: FlagSpec = {
    ...CONFIG_FLAGS,
    help: { type: "boolean", short: "h" },
    role: { type: "string" },
    name: { type: "string" },
    password: { type: "string" },
    extension: { type: "string" },
    mode: { type: "string" },
    "dry-run": { type: "boolean" },
    key: { type: "string" },
    mapping: { type: "string" },
  };
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options,
      allowPositionals: true,
      strict: true,
    });
    return {
      command,
      positionals,
      values: values as ParsedCommand["values"],
      help: Boolean(values.help),
    };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function openDatabase(config: Config): Database {
  Deno.mkdirSync(config.dataDir, { recursive: true });
  const db = new Database(`${config.dataDir}/${DATABASE_FILE}`);
  db.migrate();
  return db;
}

/** A pid file in the data directory tells restore that an appliance is using it. */
export function lockFile(config: Config): string {
  return `${config.dataDir}/appliance.pid`;
}

function applianceRunning(config: Config): number | undefined {
  try {
    const pid = Number(Deno.readTextFileSync(lockFile(config)).trim());
    if (pid > 0 && pid !== Deno.pid && Deno.statSync(`/proc/${pid}`).isDirectory) return pid;
  } catch {
    // No pid file, or the process is gone.
  }
  return undefined;
}

/** Runs every command except start; returns the process exit code. */
export async function runCommand(
  parsed: ParsedCommand,
  out: (line: string) => void,
): Promise<number> {
  // Here `--role` is a user's (`user add`); the appliance's role matters to start alone.
  const config = loadConfig({ ...parsed.values, role: undefined });
  const { positionals } = parsed;
  switch (parsed.command) {
    case "migrate": {
      const db = new Database(`${config.dataDir}/${DATABASE_FILE}`);
      Deno.mkdirSync(config.dataDir, { recursive: true });
      const applied = db.migrate();
      out(
        applied.length
          ? `Applied migrations ${applied.join(", ")}`
          : `Schema is current (version ${db.schemaVersion()})`,
      );
      db.close();
      return 0;
    }
    case "backup": {
      const file = positionals[0];
      if (!file) throw new UsageError("backup needs a FILE");
      const db = openDatabase(config);
      try {
        if (file.endsWith(".tar")) {
          await writeBackupArchive(db, backupPathsOf(config), file, Date.now());
        } else db.backupTo(file);
      } finally {
        db.close();
      }
      const paths = backupPathsOf(config);
      const summary = await inspectBackupFile(file, `${paths.backupDir}/.scratch`);
      out(
        `Backup written to ${file} (schema version ${summary.schema_version}, ` +
          `${Deno.statSync(file).size} bytes` +
          (summary.kind === "archive"
            ? `, ${summary.files} files, ${summary.keys.length} recording keys)`
            : ")"),
      );
      return 0;
    }
    case "restore": {
      const file = positionals[0];
      if (!file) throw new UsageError("restore needs a FILE");
      const pid = applianceRunning(config);
      if (pid) {
        out(`The appliance is running (pid ${pid}) on ${config.dataDir}; stop it before restoring`);
        return 1;
      }
      Deno.mkdirSync(config.dataDir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
      const result = await restoreBackupFile(file, backupPathsOf(config), stamp);
      const { summary } = result;
      out(
        `Restored ${file} into ${config.dataDir} (schema version ${result.schema_version}` +
          (summary.kind === "archive"
            ? `, ${summary.files} files of which ${summary.sealed} sealed, ${summary.keys.length} recording keys)` +
              `; what it replaced is in ${result.set_aside}`
            : ")"),
      );
      return 0;
    }
    case "user":
      return await userCommand(config, parsed, out);
    case "import":
      return runImport(config, positionals[0], parsed.values, out);
    case "reports": {
      if (positionals[0] !== "rebuild") throw new UsageError("reports needs rebuild");
      const db = openDatabase(config);
      try {
        const started = performance.now();
        const rows = new RollupFeed(db, new SystemClock()).rebuild();
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        out(`Rebuilt the report rollups from ${rows} log rows in ${seconds} s`);
      } finally {
        db.close();
      }
      return 0;
    }
    case "doctor": {
      const checks = await runDoctor(config);
      for (const c of checks) {
        out(
          `${c.ok ? "ok  " : c.level === "required" ? "FAIL" : "warn"}  ${
            c.name.padEnd(16)
          } ${c.detail}`,
        );
      }
      return checks.some((c) => !c.ok && c.level === "required") ? 1 : 0;
    }
    case "witness":
      return await runWitness(config, out);
    default:
      throw new UsageError(`Unknown command "${parsed.command}"`);
  }
}

async function userCommand(
  config: Config,
  parsed: ParsedCommand,
  out: (line: string) => void,
): Promise<number> {
  const [action, username] = parsed.positionals;
  const db = openDatabase(config);
  const users = new UserRepository(db, new SystemClock());
  try {
    switch (action) {
      case "list":
        for (const u of users.list()) {
          out(
            `${String(u.id).padStart(4)}  ${u.username.padEnd(16)} ${u.role.padEnd(11)} ${
              u.extension ?? "-"
            }  ${u.display_name}${u.active ? "" : " (inactive)"}`,
          );
        }
        return 0;
      case "add": {
        if (!username) throw new UsageError("user add needs a USERNAME");
        const role = String(parsed.values.role ?? "");
        if (!ROLES.includes(role as Role)) {
          throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
        }
        const password = typeof parsed.values.password === "string"
          ? parsed.values.password
          : randomPassword();
        const user = await users.create({
          username,
          role: role as Role,
          password,
          display_name: typeof parsed.values.name === "string" ? parsed.values.name : undefined,
          extension: typeof parsed.values.extension === "string"
            ? parsed.values.extension
            : undefined,
        });
        out(
          `Created ${user.username} (${user.role})${
            parsed.values.password ? "" : ` with password "${password}" (shown once)`
          }`,
        );
        return 0;
      }
      case "passwd": {
        if (!username) throw new UsageError("user passwd needs a USERNAME");
        const user = users.byUsername(username);
        if (!user) {
          out(`No user named "${username}"`);
          return 1;
        }
        const password = typeof parsed.values.password === "string"
          ? parsed.values.password
          : randomPassword();
        await users.setPassword(user.id, password);
        out(
          `Password changed for ${username}${
            parsed.values.password ? "" : `: "${password}" (shown once)`
          }`,
        );
        return 0;
      }
      default:
        throw new UsageError(`user needs add, passwd or list`);
    }
  } finally {
    db.close();
  }
}

export { ConfigError, DatabaseFileError, UsageError };
