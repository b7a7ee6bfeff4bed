import { Buffer } from "node:buffer";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Clock } from "../clock/mod.ts";
import type { Settings } from "../db/mod.ts";
import { certificateFingerprint } from "./certificate_pin.ts";

/** How long a pair token may wait to be used. */
export const PAIR_TOKEN_TTL_MS = 15 * 60_000;

/** The `settings` key of the hash of the secret a paired standby reads the feed with. */
export const STANDBY_SECRET_KEY = "replication.standby_secret_sha256";

/** A pair token that is wrong, used already or too old. */
export class PairingRefused extends Error {
  override name = "PairingRefused";
}

/**
 * The primary's side of pairing. A pair token (shown once to the admin) is a one-time
 * secret followed by the fingerprint of the primary's certificate, so the standby can pin
 * the certificate it is about to trust. Exchanged once, it yields the standby's lasting
 * secret, of which only a hash is kept, in the replicated `settings`: after a takeover
 * the new primary knows the secret its old peer uses.
 */
export class Pairing {
  readonly #settings: Settings;
  readonly #clock: Clock;
  readonly #certificate: string;
  /** Hashes of tokens not used yet, with when they expire. */
  readonly #open = new Map<string, number>();

  constructor(settings: Settings, clock: Clock, certificatePem: string) {
    this.#settings = settings;
    this.#clock = clock;
    this.#certificate = certificatePem;
  }

  /** A new pair token; it is not kept, only its hash. */
  issueToken(): string {
    let secret = randomBytes(24).toString("base64url");
    // A token that starts with "-" reads as an option after --pair-token on a command line.
    while (secret.startsWith("-")) secret = randomBytes(24).toString("base64url");
    this.#open.set(sha256(secret), this.#clock.now() + PAIR_TOKEN_TTL_MS);
    return `${secret}.${certificateFingerprint(this.#certificate)}`;
  }

  /** Trades a pair token for the standby's lasting secret; a token works once. */
  exchange(token: string): string {
    const [secret] = token.split(".");
    const hash = sha256(secret ?? "");
    const expires = this.#open.get(hash);
    this.#open.delete(hash);
    if (expires === undefined || expires < this.#clock.now()) {
      throw new PairingRefused("The pair token is wrong, used already or expired");
    }
    const standbySecret = randomBytes(32).toString("base64url");
    this.#settings.set(STANDBY_SECRET_KEY, sha256(standbySecret));
    return standbySecret;
  }

  /** Whether `secret` is the paired standby's (read from the replicated settings). */
  isStandby(secret: string): boolean {
    const stored = this.#settings.get(STANDBY_SECRET_KEY);
    if (!stored) return false;
    const given = Buffer.from(sha256(secret));
    const kept = Buffer.from(stored);
    return given.length === kept.length && timingSafeEqual(given, kept);
  }
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
