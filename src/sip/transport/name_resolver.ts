import { ipBytes } from "../ua/cidr.ts";

/** How long a name may take to resolve before the message is dropped. */
const RESOLVE_TIMEOUT_MS = 2000;
const RESOLVED_TTL_MS = 60_000;
// Names arrive in untrusted messages (Via, Contact). The system resolver runs on the
// runtime's blocking pool, which file I/O and password hashing share, so we use Deno's
// own resolver, allow only a couple of lookups at once, and remember failures.
const MAX_PENDING_LOOKUPS = 2;

/**
 * Turns the host of a destination into an IP address for the transports. IP literals
 * pass straight through; names are resolved on the side with a small cache.
 */
export class NameResolver {
  #cache = new Map<string, { address: string | undefined; until: number }>();
  #pending = 0;

  /** The address now, if known without a lookup; `null` when it is known to be unreachable. */
  cached(host: string): string | null | undefined {
    const bare = host.replace(/^\[|\]$/g, "");
    if (ipBytes(bare)) return bare;
    const hit = this.#cache.get(bare.toLowerCase());
    if (!hit || hit.until <= Date.now()) return undefined;
    return hit.address ?? null;
  }

  /** Resolves `host`; undefined when it cannot be resolved (or too many lookups are running). */
  async resolve(host: string): Promise<string | undefined> {
    const known = this.cached(host);
    if (known !== undefined) return known ?? undefined;
    const name = host.toLowerCase();
    if (this.#pending >= MAX_PENDING_LOOKUPS || !/^[a-z0-9.-]{1,253}$/.test(name)) return undefined;
    this.#pending++;
    try {
      const addresses = await Deno.resolveDns(name, "A", {
        signal: AbortSignal.timeout(RESOLVE_TIMEOUT_MS),
      });
      const address = addresses[0];
      this.#cache.set(name, { address, until: Date.now() + RESOLVED_TTL_MS });
      return address;
    } catch {
      this.#cache.set(name, { address: undefined, until: Date.now() + RESOLVED_TTL_MS });
      return undefined;
    } finally {
      this.#pending--;
    }
  }
}
