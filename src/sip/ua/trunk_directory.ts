import { z } from "zod";
import type { Clock } from "../../clock/mod.ts";
import { type Database, isoTime } from "../../db/mod.ts";
import { type Cidr, cidrContains, parseCidr } from "./cidr.ts";

const cidrText = z.string().trim().refine((value) => {
  try {
    parseCidr(value);
    return true;
  } catch {
    return false;
  }
}, "must be an IP address or CIDR block such as 192.0.2.0/24");

/**
 * How numbers go out on a trunk: the format the PBX expects (E.164 with `+`, its digits
 * only, or national for the trunk's own country and `00` international for others), then
 * a prefix stripped and one added; the numbers allowed (E.164 prefixes, none: all); and
 * how many calls out it may carry at once (none: as many as `max_calls`).
 */
export const TrunkDialPlanSchema = z.object({
  format: z.enum(["e164", "digits", "national"]).default("e164"),
  strip_prefix: z.string().regex(/^[\d+*#]*$/, "must be digits").max(16).default(""),
  add_prefix: z.string().regex(/^[\d+*#]*$/, "must be digits").max(16).default(""),
  allowed_prefixes: z.array(z.string().regex(/^\+\d{1,15}$/, "must be an E.164 prefix such as +86"))
    .max(100).default([]),
  max_outbound: z.number().int().min(1).max(10_000).nullable().default(null),
}).strict();
export type TrunkDialPlan = z.infer<typeof TrunkDialPlanSchema>;
const NO_DIAL_PLAN: TrunkDialPlan = TrunkDialPlanSchema.parse({});

/** A trunk as the admin API accepts it. */
export const TrunkInputSchema = z.object({
  name: z.string().trim().min(1).max(80),
  host: z.string().trim().min(1).max(255).regex(/^[\w.:-]+$/, "must be a host name or IP address"),
  port: z.number().int().min(1).max(65535).default(5060),
  transport: z.enum(["udp", "tcp"]).default("udp"),
  allow_cidrs: z.array(cidrText).max(64).default([]),
  username: z.string().min(1).max(64).nullable().optional(),
  password: z.string().min(1).max(128).nullable().optional(),
  register: z.boolean().default(false),
  default_country: z.string().regex(/^\d{1,3}$/, "must be a country calling code such as 86")
    .default("86"),
  max_calls: z.number().int().min(1).max(10_000).default(30),
  options_interval_s: z.number().int().min(0).max(3600).default(30),
  enabled: z.boolean().default(true),
  dial_plan: TrunkDialPlanSchema.default(NO_DIAL_PLAN),
}).refine((t) => t.allow_cidrs.length > 0 || (t.username && t.password), {
  message:
    "a trunk needs source addresses (allow_cidrs) or digest credentials, or anyone could use it",
  path: ["allow_cidrs"],
});
export type TrunkInput = z.infer<typeof TrunkInputSchema>;

export type TrunkHealth = "unknown" | "up" | "down";

/** A trunk as the SIP layer uses it. */
export interface Trunk {
  id: number;
  name: string;
  host: string;
  port: number;
  transport: "udp" | "tcp";
  allowCidrs: string[];
  username: string | null;
  hasPassword: boolean;
  register: boolean;
  defaultCountry: string;
  maxCalls: number;
  optionsIntervalS: number;
  enabled: boolean;
  /** How numbers go out on it; absent: E.164, any number, no limit of its own. */
  dialPlan?: TrunkDialPlan;
}

interface TrunkRow {
  id: number;
  name: string;
  host: string;
  port: number;
  transport: "udp" | "tcp";
  allow_cidrs: string;
  username: string | null;
  password: string | null;
  register: number;
  default_country: string;
  max_calls: number;
  options_interval_s: number;
  enabled: number;
  dial_plan: string | null;
}

/**
 * A trunk the appliance registers to sends its calls from the registrar's address, so
 * that address is admitted even when the allowlist is empty (an IP literal only: a name
 * would need a lookup on every call).
 */
function registrarAddress(trunk: Trunk): string[] {
  if (!trunk.register || !trunk.username) return [];
  try {
    parseCidr(trunk.host);
    return [trunk.host];
  } catch {
    return [];
  }
}

function toTrunk(row: TrunkRow): Trunk {
  return {
    id: row.id,
    name: row.name,
    host: row.host,
    port: row.port,
    transport: row.transport,
    allowCidrs: JSON.parse(row.allow_cidrs),
    username: row.username,
    hasPassword: Boolean(row.password),
    register: row.register === 1,
    defaultCountry: row.default_country,
    maxCalls: row.max_calls,
    optionsIntervalS: row.options_interval_s,
    enabled: row.enabled === 1,
    dialPlan: TrunkDialPlanSchema.parse(JSON.parse(row.dial_plan ?? "{}")),
  };
}

/**
 * The PBX trunks: stored in the database, cached in memory for the per-INVITE source
 * match, with live concurrent-call counts and OPTIONS health.
 */
export class TrunkDirectory {
  #trunks: { trunk: Trunk; cidrs: Cidr[] }[] = [];
  #active = new Map<number, number>();
  #health = new Map<number, TrunkHealth>();
  /** Calls refused because a trunk was at its limit, per trunk id. */
  blocked = new Map<number, number>();
  #changeListeners: (() => void)[] = [];

  constructor(private readonly db: Database, private readonly clock: Clock) {
    this.reload();
  }

  reload(): void {
    this.#trunks = this.db.all<TrunkRow>("SELECT * FROM trunks ORDER BY id").map(toTrunk)
      .map((trunk) => ({
        trunk,
        cidrs: [...trunk.allowCidrs, ...registrarAddress(trunk)].map(parseCidr),
      }));
    for (const listener of this.#changeListeners) listener();
  }

  /** Called after every change to the trunk list (so health checks follow it). */
  onChange(listener: () => void): void {
    this.#changeListeners.push(listener);
  }

  list(): (Trunk & { active_calls: number; health: TrunkHealth })[] {
    return this.#trunks.map(({ trunk }) => ({
      ...trunk,
      active_calls: this.#active.get(trunk.id) ?? 0,
      health: this.#health.get(trunk.id) ?? "unknown",
    }));
  }

  /** The trunk's digest password, for the appliance registering to the PBX; never shown. */
  secretOf(id: number): string | null {
    return this.db.get<{ password: string | null }>("SELECT password FROM trunks WHERE id = ?", id)
      ?.password ?? null;
  }

  byId(id: number): Trunk | undefined {
    return this.#trunks.find((t) => t.trunk.id === id)?.trunk;
  }

  /** The enabled trunk whose allowlist contains `address`. */
  matchSource(address: string): Trunk | undefined {
    return this.#trunks.find(({ trunk, cidrs }) =>
      trunk.enabled && cidrs.some((c) => cidrContains(c, address))
    )
      ?.trunk;
  }

  /** Takes one of the trunk's call slots; false when it is full (the caller answers 503). */
  acquire(trunk: Trunk): boolean {
    const active = this.#active.get(trunk.id) ?? 0;
    if (active >= trunk.maxCalls) {
      this.blocked.set(trunk.id, (this.blocked.get(trunk.id) ?? 0) + 1);
      return false;
    }
    this.#active.set(trunk.id, active + 1);
    return true;
  }

  release(trunk: Trunk): void {
    this.#active.set(trunk.id, Math.max(0, (this.#active.get(trunk.id) ?? 0) - 1));
  }

  /** Records an OPTIONS result; returns true when the health changed. */
  setHealth(trunkId: number, health: TrunkHealth): boolean {
    const before = this.#health.get(trunkId) ?? "unknown";
    this.#health.set(trunkId, health);
    return before !== health;
  }

  create(input: TrunkInput): Trunk {
    const now = isoTime(this.clock.now());
    const { lastInsertRowid } = this.db.run(
      `INSERT INTO trunks (name, host, port, transport, allow_cidrs, username, password, register,
         default_country, max_calls, options_interval_s, enabled, dial_plan, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ...this.#params(input),
      now,
      now,
    );
    this.reload();
    return this.byId(lastInsertRowid)!;
  }

  update(id: number, input: TrunkInput): Trunk | undefined {
    const { changes } = this.db.run(
      `UPDATE trunks SET name = ?, host = ?, port = ?, transport = ?, allow_cidrs = ?, username = ?,
         password = ?, register = ?, default_country = ?, max_calls = ?, options_interval_s = ?,
         enabled = ?, dial_plan = ?, updated_at = ? WHERE id = ?`,
      ...this.#params(input),
      isoTime(this.clock.now()),
      id,
    );
    this.reload();
    return changes ? this.byId(id) : undefined;
  }

  remove(id: number): boolean {
    const { changes } = this.db.run("DELETE FROM trunks WHERE id = ?", id);
    this.reload();
    return changes === 1;
  }

  #params(t: TrunkInput): (string | number | null)[] {
    return [
      t.name,
      t.host,
      t.port,
      t.transport,
      JSON.stringify(t.allow_cidrs),
      t.username ?? null,
      t.password ?? null,
      t.register ? 1 : 0,
      t.default_country,
      t.max_calls,
      t.options_interval_s,
      t.enabled ? 1 : 0,
      JSON.stringify(t.dial_plan ?? NO_DIAL_PLAN),
    ];
  }
}
