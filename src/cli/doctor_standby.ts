import type { Config } from "../config/mod.ts";
import { loadPairing, pinnedFetch } from "../replication/mod.ts";
import type { Check } from "./doctor_check.ts";

/**
 * What `doctor` tells of a replicating standby: whether it is paired with the primary it
 * is told to follow, and whether that primary answers over the pinned link (its role and
 * epoch). Nothing for a box that follows no primary.
 */
export async function standbyCheck(config: Config): Promise<Check | undefined> {
  if (config.role !== "standby" || !config.standbyOf) return undefined;
  const name = "standby of";
  const pairing = await loadPairing(config.dataDir).catch(() => undefined);
  if (!pairing || pairing.primary !== config.standbyOf) {
    return {
      name,
      ok: Boolean(config.pairToken),
      level: "required",
      detail: config.pairToken
        ? `not paired with ${config.standbyOf} yet; start pairs with the token given`
        : `not paired with ${config.standbyOf}; give the token the primary showed with --pair-token`,
    };
  }
  try {
    const response = await pinnedFetch(pairing)("/api/v1/health", {
      signal: AbortSignal.timeout(3000),
    });
    const health = await response.json() as { role?: string; replication?: { epoch?: number } };
    return {
      name,
      ok: response.ok,
      level: "required",
      detail:
        `${pairing.primary} answers over the pinned link: ${health.role ?? "unknown role"}, ` +
        `epoch ${health.replication?.epoch ?? "unknown"}`,
    };
  } catch (error) {
    return {
      name,
      ok: false,
      level: "required",
      detail: `${pairing.primary} does not answer over the pinned link (${
        error instanceof Error ? error.message : String(error)
      }); a standby that starts now takes over after its silence`,
    };
  }
}
