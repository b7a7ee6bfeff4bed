/**
 * The server side of Digest: challenges whose nonces carry their own issue time and an
 * HMAC, so any instance holding the secret can check them and tell an expired nonce
 * (answer again with stale=true, RFC 2617 §3.2.1) from a forged one, with no nonce store.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Clock } from "../../clock/mod.ts";
import { formatAuthHeader } from "./auth_header.ts";
import {
  computeDigestResponse,
  computeHa1,
  type DigestAlgorithm,
  type DigestCredentials,
  parseDigestCredentials,
} from "./digest.ts";
import { SipParseError } from "./errors.ts";

export type NonceStatus = "valid" | "stale" | "invalid";

export type VerifyResult =
  | "ok"
  /** No Digest credentials (absent, or another scheme): challenge. */
  | "missing"
  /** Correct credentials with an expired nonce: challenge with stale=true. */
  | "stale"
  | "invalid";

export interface DigestAuthenticatorOptions {
  realm: string;
  /**
   * HMAC key for nonces; share it between instances that must accept each other's. A
   * function is asked once, when the key is first needed.
   */
  secret: string | Uint8Array | (() => string | Uint8Array);
  clock: Clock;
  /** How long a nonce stays fresh. Default five minutes. */
  nonceTtlMs?: number;
  /** Algorithms to offer, strongest first (RFC 8760 §2.4). Default SHA-256 then MD5. */
  algorithms?: DigestAlgorithm[];
}

/** What the server knows about a user: the password, or H(username:realm:password). */
export type StoredSecret = { password: string } | { ha1: string };

export interface VerifyRequest {
  method: string;
  /** When given, the credentials' uri must equal it (RFC 2617 §3.2.2.5). */
  uri?: string;
  body?: Uint8Array;
}

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

function fromB64url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  const binary = atob(
    text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4),
  );
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export class DigestAuthenticator {
  readonly realm: string;
  #secret: string | Uint8Array | (() => string | Uint8Array);
  #clock: Clock;
  #ttl: number;
  #algorithms: DigestAlgorithm[];

  constructor(options: DigestAuthenticatorOptions) {
    this.realm = options.realm;
    this.#secret = options.secret;
    this.#clock = options.clock;
    this.#ttl = options.nonceTtlMs ?? 300_000;
    this.#algorithms = options.algorithms ?? ["SHA-256", "MD5"];
  }

  /** A nonce: 8 bytes of issue time and 8 random bytes, then 16 bytes of their HMAC. */
  createNonce(): string {
    const payload = new Uint8Array(16);
    new DataView(payload.buffer).setFloat64(0, this.#clock.now());
    payload.set(randomBytes(8), 8);
    return `${b64url(payload)}.${b64url(this.#mac(payload))}`;
  }

  checkNonce(nonce: string): NonceStatus {
    const [payloadText, macText, extra] = nonce.split(".");
    if (extra !== undefined || !payloadText || !macText) return "invalid";
    const payload = fromB64url(payloadText);
    const mac = fromB64url(macText);
    if (!payload || !mac || payload.length !== 16 || mac.length !== 16) return "invalid";
    if (!timingSafeEqual(mac, this.#mac(payload))) return "invalid";
    const issued = new DataView(payload.buffer, payload.byteOffset).getFloat64(0);
    const age = this.#clock.now() - issued;
    if (age < 0) return "invalid";
    return age > this.#ttl ? "stale" : "valid";
  }

  /**
   * WWW-Authenticate (or Proxy-Authenticate) values, one per algorithm with the
   * strongest first, as RFC 8760 §2.4 asks.
   */
  createChallenges(options: { stale?: boolean } = {}): string[] {
    const nonce = this.createNonce();
    return this.#algorithms.map((algorithm) => {
      const params: [string, string, boolean][] = [
        ["realm", this.realm, true],
        ["nonce", nonce, true],
        ["algorithm", algorithm, false],
        ["qop", "auth", true],
      ];
      if (options.stale) params.push(["stale", "TRUE", false]);
      return formatAuthHeader("Digest", params);
    });
  }

  /**
   * Checks an Authorization value against what we know of the user. `lookup` receives the
   * username and returns the stored secret, or undefined for an unknown user.
   */
  verify(
    authorization: string | DigestCredentials | undefined,
    request: VerifyRequest,
    lookup: (username: string) => StoredSecret | undefined,
  ): VerifyResult {
    let credentials: DigestCredentials | undefined;
    try {
      credentials = typeof authorization === "string"
        ? parseDigestCredentials(authorization)
        : authorization;
    } catch (cause) {
      if (cause instanceof SipParseError) return "invalid";
      throw cause;
    }
    if (!credentials || credentials.realm !== this.realm) return "missing";
    if (!this.#algorithms.includes(credentials.algorithm)) return "invalid";
    if (request.uri !== undefined && credentials.uri !== request.uri) return "invalid";
    if (
      credentials.qop !== undefined && credentials.qop !== "auth" && credentials.qop !== "auth-int"
    ) return "invalid";
    if (credentials.qop !== undefined && (!credentials.nc || !credentials.cnonce)) return "invalid";
    const nonceStatus = this.checkNonce(credentials.nonce);
    if (nonceStatus === "invalid") return "invalid";
    const secret = lookup(credentials.username);
    if (!secret) return "invalid";
    const ha1 = "ha1" in secret
      ? secret.ha1
      : computeHa1(credentials.algorithm, credentials.username, this.realm, secret.password);
    const expected = computeDigestResponse({
      algorithm: credentials.algorithm,
      ha1,
      method: request.method,
      uri: credentials.uri,
      nonce: credentials.nonce,
      qop: credentials.qop,
      nc: credentials.nc,
      cnonce: credentials.cnonce,
      body: request.body,
    });
    const given = new TextEncoder().encode(credentials.response);
    const wanted = new TextEncoder().encode(expected);
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return "invalid";
    // Only a correct answer earns stale=true; otherwise a guesser learns nothing new.
    return nonceStatus === "stale" ? "stale" : "ok";
  }

  #key(): string | Uint8Array {
    if (typeof this.#secret === "function") this.#secret = this.#secret();
    return this.#secret;
  }

  #mac(payload: Uint8Array): Uint8Array {
    return new Uint8Array(
      createHmac("sha256", this.#key()).update(payload).digest().subarray(0, 16),
    );
  }
}
