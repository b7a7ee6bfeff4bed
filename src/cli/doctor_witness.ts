import type { Config } from "../config/mod.ts";
import type { Check } from "./doctor_check.ts";

/**
 * What `doctor` tells of a lease witness (decision 032): whether it answers. A box with
 * one serves as the primary only while it holds the witness's lease, so a silent witness
 * is a required failure. It only asks for health: a claim would take the lease.
 */
export async function witnessCheck(config: Config): Promise<Check | undefined> {
  if (!config.leaseWitness) return undefined;
  const name = "lease witness";
  const url = `${config.leaseWitness.replace(/\/$/, "")}/witness/health`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return {
      name,
      ok: response.ok,
      level: "required",
      detail: response.ok
        ? `${config.leaseWitness} answers`
        : `${config.leaseWitness} answers ${response.status}; is it a callcenter witness?`,
    };
  } catch (error) {
    return {
      name,
      ok: false,
      level: "required",
      detail: `${config.leaseWitness} does not answer (${
        error instanceof Error ? error.message : String(error)
      }); without it no box serves as the primary`,
    };
  }
}
