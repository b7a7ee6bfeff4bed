/**
 * Appliance configuration: command-line flags over `CC_*` environment variables over
 * defaults, validated with zod. A bad value stops start-up with one line naming the
 * setting, because a half-configured call center is worse than one that does not start.
 *
 * @module
 */
import { z } from "zod";
import { LOG_LEVELS } from "../log/mod.ts";
import { THREAD_PRIORITIES, type ThreadPriority } from "../threads/mod.ts";

const port = z.coerce.number().int().min(0).max(65535);

/**
 * What an appliance does when it starts: a primary serves calls; a standby binds no SIP
 * or media socket, leaves its database untouched and serves health until it is promoted.
 */
export const APPLIANCE_ROLES = ["primary", "standby"] as const;
export type ApplianceRole = typeof APPLIANCE_ROLES[number];

const flag = z.union([z.boolean(), z.string()]).transform((v, ctx) => {
  if (typeof v === "boolean") return v;
  const s = v.trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(s)) return true;
  if (["0", "false", "no", "off", ""].includes(s)) return false;
  ctx.addIssue({ code: "custom", message: `expected true or false, got "${v}"` });
  return z.NEVER;
});

export const ConfigSchema = z.object({
  role: z.enum(APPLIANCE_ROLES),
  dataDir: z.string().min(1),
  keyDir: z.string().min(1).optional(),
  sealRecordings: flag,
  bind: z.string().min(1).refine(
    (v) => /^[\w.:-]+$/.test(v),
    "expected an IP address or host name",
  ),
  httpPort: port,
  httpsPort: port,
  sipPort: port,
  rtpPorts: z.string().regex(/^\d{1,5}-\d{1,5}$/, "expected a range such as 20000-29999").transform(
    (v, ctx) => {
      const [min, max] = v.split("-").map(Number);
      if (min < 1024 || max > 65535 || max - min < 10) {
        ctx.addIssue({
          code: "custom",
          message: "expected at least 10 ports between 1024 and 65535",
        });
        return z.NEVER;
      }
      return { min, max };
    },
  ),
  mediaTimeoutS: z.coerce.number().int("expected whole seconds").min(0).max(86_400),
  chatAddressLimit: z.coerce.number().int("expected a whole number").min(1).max(1_000_000),
  publicAddress: z.string().regex(/^[\w.:-]+$/, "expected an IP address or host name").optional(),
  demo: flag,
  logLevel: z.enum(LOG_LEVELS),
  threadPriority: z.enum(THREAD_PRIORITIES as [ThreadPriority, ...ThreadPriority[]]),
  adminPassword: z.string().min(8, "must be at least 8 characters").optional(),
  demoPassword: z.string().min(8, "must be at least 8 characters").optional(),
  tlsCert: z.string().min(1).optional(),
  tlsKey: z.string().min(1).optional(),
  standbyOf: z.string().url("expected the primary's address, such as https://10.0.0.2:8443")
    .startsWith("https://", "expected an https:// address").optional(),
  pairToken: z.string().min(10, "expected the token the primary showed").optional(),
  takeoverAfterS: z.coerce.number().min(1).max(3600),
  witness: z.string().regex(/^[\w.:-]+:\d{1,5}$/, "expected host:port").optional(),
  leaseWitness: z.string().url("expected the witness's address, such as http://10.0.0.9:7450")
    .regex(/^https?:\/\/[^/]+\/?$/, "expected http://host:port with no path").optional(),
  witnessToken: z.string().min(16, "must be at least 16 characters").optional(),
}).refine((c) => (c.tlsCert === undefined) === (c.tlsKey === undefined), {
  message: "give both a certificate and a key, or neither",
  path: ["tlsCert"],
}).refine((c) => c.leaseWitness === undefined || c.witnessToken !== undefined, {
  message: "a lease witness needs its token (--witness-token)",
  path: ["witnessToken"],
});

export type Config = z.infer<typeof ConfigSchema>;

/** Each setting's flag, environment variable and default; the single source for help text. */
export const SETTINGS: Record<
  keyof Config,
  { flag: string; env: string; fallback?: string; help: string }
> = {
  role: {
    flag: "role",
    env: "CC_ROLE",
    fallback: "primary",
    help: "primary serves calls; standby writes nothing and serves health until promoted",
  },
  dataDir: { flag: "data", env: "CC_DATA", fallback: "./data", help: "data directory" },
  keyDir: {
    flag: "key-dir",
    env: "CC_KEY_DIR",
    help: "where the keys sealing recordings and voicemails live; default <data>/keys",
  },
  sealRecordings: {
    flag: "seal-recordings",
    env: "CC_SEAL_RECORDINGS",
    fallback: "true",
    help: "encrypt new recordings and voicemails at rest; false only to measure what sealing costs",
  },
  bind: { flag: "bind", env: "CC_BIND", fallback: "0.0.0.0", help: "address to listen on" },
  httpPort: { flag: "http-port", env: "CC_HTTP_PORT", fallback: "8080", help: "HTTP port" },
  httpsPort: { flag: "https-port", env: "CC_HTTPS_PORT", fallback: "8443", help: "HTTPS port" },
  sipPort: {
    flag: "sip-port",
    env: "CC_SIP_PORT",
    fallback: "5060",
    help: "SIP port (UDP and TCP)",
  },
  rtpPorts: {
    flag: "rtp-ports",
    env: "CC_RTP_PORTS",
    fallback: "20000-29999",
    help: "RTP port range",
  },
  mediaTimeoutS: {
    flag: "media-timeout",
    env: "CC_MEDIA_TIMEOUT",
    fallback: "60",
    help:
      "seconds without audio from a caller before the call is ended (on hold: ten times it); 0: never",
  },
  chatAddressLimit: {
    flag: "chat-address-limit",
    env: "CC_CHAT_ADDRESS_LIMIT",
    fallback: "60",
    help:
      "chat messages one address may send in 10 s (new chats: a third of it a minute); raise it behind a proxy",
  },
  publicAddress: {
    flag: "public-address",
    env: "CC_PUBLIC_ADDRESS",
    help: "address peers reach this box at (SDP, Contact); default: the LAN address",
  },
  demo: {
    flag: "demo",
    env: "CC_DEMO",
    fallback: "false",
    help: "seed a demo center on a new database",
  },
  logLevel: {
    flag: "log-level",
    env: "CC_LOG_LEVEL",
    fallback: "info",
    help: "debug, info, warn or error",
  },
  threadPriority: {
    flag: "thread-priority",
    env: "CC_THREAD_PRIORITY",
    fallback: "realtime",
    help: "realtime, high or normal: how the OS schedules the appliance against other programs",
  },
  adminPassword: {
    flag: "admin-password",
    env: "CC_ADMIN_PASSWORD",
    help: "first admin's password",
  },
  demoPassword: {
    flag: "demo-password",
    env: "CC_DEMO_PASSWORD",
    help: "every demo user's password",
  },
  tlsCert: { flag: "tls-cert", env: "CC_TLS_CERT", help: "PEM certificate file for HTTPS" },
  tlsKey: { flag: "tls-key", env: "CC_TLS_KEY", help: "PEM private key file for HTTPS" },
  standbyOf: {
    flag: "standby-of",
    env: "CC_STANDBY_OF",
    help: "the primary's https:// address: this box replicates it and takes over when it dies",
  },
  pairToken: {
    flag: "pair-token",
    env: "CC_PAIR_TOKEN",
    help: "the one-time token the primary showed, to pair with it the first time",
  },
  takeoverAfterS: {
    flag: "takeover-after",
    env: "CC_TAKEOVER_AFTER",
    fallback: "10",
    help: "seconds of silence from the primary before the standby takes over",
  },
  witness: {
    flag: "witness",
    env: "CC_WITNESS",
    help: "host:port (TCP) the standby must still reach before it takes over, e.g. the PBX",
  },
  leaseWitness: {
    flag: "lease-witness",
    env: "CC_LEASE_WITNESS",
    help:
      "http://host:port of a third box running `callcenter witness`: a box serves as the primary only while it holds the witness's lease",
  },
  witnessToken: {
    flag: "witness-token",
    env: "CC_WITNESS_TOKEN",
    help: "the secret the two boxes and the lease witness share",
  },
};

/** Thrown when a setting is invalid; the message is the one line shown to the admin. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Builds the configuration from parsed flags (keyed by flag name) and the environment.
 * Throws {@link ConfigError} naming the first bad setting, its flag and its variable.
 */
export function loadConfig(
  flags: Record<string, unknown>,
  env: Record<string, string | undefined> = Deno.env.toObject(),
): Config {
  const raw: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(SETTINGS)) {
    raw[key] = flags[setting.flag] ?? env[setting.env] ?? setting.fallback;
  }
  const result = ConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = String(issue.path[0] ?? "config") as keyof Config;
  const setting = SETTINGS[key];
  const where = setting ? ` (--${setting.flag} or ${setting.env})` : "";
  const shown = setting && !/password|token/i.test(key) ? `: got "${raw[key]}"` : "";
  throw new ConfigError(`Invalid setting ${key}${where}: ${issue.message}${shown}`);
}
