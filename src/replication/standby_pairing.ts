import { certificateFingerprint, fetchUnverifiedCertificate } from "./certificate_pin.ts";
import type { PrimaryFetch } from "./standby_link.ts";

/** A standby that cannot pair or reach its primary at start: one line for the admin. */
export class StandbyStartError extends Error {
  override name = "StandbyStartError";
}

/** What a standby keeps of its pairing, in the data directory (not in the replicated database). */
export interface StandbyPairing {
  /** The primary's HTTPS base URL. */
  primary: string;
  /** The primary's certificate, pinned at pairing: the only one the link trusts. */
  certificate: string;
  /** The lasting secret the standby reads the feed with. */
  secret: string;
}

/** The pairing file's name inside the data directory. */
export const PAIRING_FILE = "standby_pairing.json";

/**
 * Pairs this box with a primary: fetches its certificate, checks it against the
 * fingerprint in the pair token, then trades the token (over TLS pinned to that
 * certificate) for the lasting secret.
 */
export async function pairWithPrimary(
  primaryUrl: string,
  token: string,
): Promise<StandbyPairing> {
  const fingerprint = token.split(".")[1];
  if (!fingerprint) throw new StandbyStartError("The pair token is not one a primary shows");
  const certificate = await fetchUnverifiedCertificate(primaryUrl).catch((error) => {
    throw new StandbyStartError(`The primary at ${primaryUrl} does not answer: ${error.message}`);
  });
  if (certificateFingerprint(certificate) !== fingerprint) {
    throw new StandbyStartError(
      "The primary's certificate does not match the pair token; someone may be in between",
    );
  }
  const fetch = pinnedFetch({ primary: primaryUrl, certificate, secret: "" });
  const response = await fetch("/replication/pair", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token }),
  });
  const body = await response.json() as { secret?: string; message?: string };
  if (!response.ok || !body.secret) {
    throw new StandbyStartError(`The primary refused pairing: ${body.message ?? response.status}`);
  }
  return { primary: primaryUrl, certificate, secret: body.secret };
}

/** Requests to the paired primary, trusting only its pinned certificate. */
export function pinnedFetch(pairing: StandbyPairing): PrimaryFetch {
  const client = Deno.createHttpClient({ caCerts: [pairing.certificate] });
  return (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (pairing.secret) headers.set("authorization", `Bearer ${pairing.secret}`);
    return fetch(new URL(path, pairing.primary), { ...init, headers, client });
  };
}

export async function loadPairing(dataDir: string): Promise<StandbyPairing | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(`${dataDir}/${PAIRING_FILE}`)) as StandbyPairing;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

export async function savePairing(dataDir: string, pairing: StandbyPairing): Promise<void> {
  await Deno.mkdir(dataDir, { recursive: true });
  await Deno.writeTextFile(`${dataDir}/${PAIRING_FILE}`, JSON.stringify(pairing, null, 2), {
    mode: 0o600,
  });
}
