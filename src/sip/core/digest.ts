/**
 * HTTP Digest as used by SIP (RFC 3261 §22.4, RFC 2617 §3.2, RFC 7616 §3.4) with the
 * SHA-256 algorithms that RFC 8760 brings to SIP.
 */
import { createHash, randomBytes } from "node:crypto";
import { formatAuthHeader, parseAuthHeader } from "./auth_header.ts";
import { SipParseError } from "./errors.ts";

export type DigestAlgorithm = "MD5" | "MD5-sess" | "SHA-256" | "SHA-256-sess";
const ALGORITHMS: readonly DigestAlgorithm[] = ["MD5", "MD5-sess", "SHA-256", "SHA-256-sess"];

export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque?: string;
  algorithm: DigestAlgorithm;
  /** Offered qop values; empty for a legacy RFC 2069 challenge. */
  qop: string[];
  stale: boolean;
}

export interface DigestCredentials {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  algorithm: DigestAlgorithm;
  cnonce?: string;
  nc?: string;
  qop?: string;
  opaque?: string;
}

function toAlgorithm(value: string | undefined): DigestAlgorithm {
  if (value === undefined) return "MD5";
  const found = ALGORITHMS.find((a) => a.toLowerCase() === value.toLowerCase());
  if (!found) throw new SipParseError(`Digest algorithm ${value} is not supported`);
  return found;
}

export function hashHex(algorithm: DigestAlgorithm, text: string | Uint8Array): string {
  return createHash(algorithm.startsWith("SHA-256") ? "sha256" : "md5").update(text).digest("hex");
}

/** Parses a Digest WWW-Authenticate or Proxy-Authenticate value. */
export function parseDigestChallenge(value: string): DigestChallenge {
  const header = parseAuthHeader(value);
  if (header.scheme.toLowerCase() !== "digest") throw new SipParseError("Challenge is not Digest");
  const realm = header.params.get("realm");
  const nonce = header.params.get("nonce");
  if (realm === undefined || nonce === undefined) {
    throw new SipParseError("Digest challenge lacks realm or nonce");
  }
  const qop = header.params.get("qop");
  return {
    realm,
    nonce,
    opaque: header.params.get("opaque"),
    algorithm: toAlgorithm(header.params.get("algorithm")),
    qop: qop === undefined ? [] : qop.split(",").map((q) => q.trim()).filter((q) => q !== ""),
    stale: header.params.get("stale")?.toLowerCase() === "true",
  };
}

/**
 * Parses a Digest Authorization or Proxy-Authorization value. Returns undefined for
 * another scheme, which a server must treat as no credentials at all (RFC 4475 §3.3.7).
 */
export function parseDigestCredentials(value: string): DigestCredentials | undefined {
  const header = parseAuthHeader(value);
  if (header.scheme.toLowerCase() !== "digest") return undefined;
  const p = header.params;
  const required = ["username", "realm", "nonce", "uri", "response"].map((n) => p.get(n));
  if (required.some((v) => v === undefined)) {
    throw new SipParseError("Digest credentials are incomplete");
  }
  const [username, realm, nonce, uri, response] = required as string[];
  return {
    username,
    realm,
    nonce,
    uri,
    response: response.toLowerCase(),
    algorithm: toAlgorithm(p.get("algorithm")),
    cnonce: p.get("cnonce"),
    nc: p.get("nc"),
    qop: p.get("qop"),
    opaque: p.get("opaque"),
  };
}

/** H(username:realm:password), the value a server may store instead of the password. */
export function computeHa1(
  algorithm: DigestAlgorithm,
  username: string,
  realm: string,
  password: string,
): string {
  return hashHex(algorithm, `${username}:${realm}:${password}`);
}

export interface DigestResponseInput {
  algorithm: DigestAlgorithm;
  /** H(username:realm:password), before any -sess step. */
  ha1: string;
  method: string;
  uri: string;
  nonce: string;
  qop?: string;
  nc?: string;
  cnonce?: string;
  body?: Uint8Array;
}

/** The `response` value (RFC 2617 §3.2.2.1, RFC 7616 §3.4.1). */
export function computeDigestResponse(input: DigestResponseInput): string {
  const { algorithm, method, uri, nonce, qop, nc, cnonce } = input;
  const h = (text: string) => hashHex(algorithm, text);
  const ha1 = algorithm.endsWith("-sess") ? h(`${input.ha1}:${nonce}:${cnonce ?? ""}`) : input.ha1;
  const ha2 = qop === "auth-int"
    ? h(`${method}:${uri}:${hashHex(algorithm, input.body ?? new Uint8Array(0))}`)
    : h(`${method}:${uri}`);
  if (qop === undefined) return h(`${ha1}:${nonce}:${ha2}`);
  return h(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`);
}

export interface AnswerOptions {
  username: string;
  password: string;
  method: string;
  uri: string;
  body?: Uint8Array;
  /** Count of requests sent with this nonce (1 for the first). */
  nonceCount?: number;
  cnonce?: string;
}

/** Builds the Authorization (or Proxy-Authorization) value answering a challenge. */
export function answerDigestChallenge(challenge: DigestChallenge, options: AnswerOptions): string {
  const qop = challenge.qop.includes("auth")
    ? "auth"
    : challenge.qop.includes("auth-int")
    ? "auth-int"
    : undefined;
  const cnonce = options.cnonce ?? randomBytes(12).toString("hex");
  const nc = (options.nonceCount ?? 1).toString(16).padStart(8, "0");
  const response = computeDigestResponse({
    algorithm: challenge.algorithm,
    ha1: computeHa1(challenge.algorithm, options.username, challenge.realm, options.password),
    method: options.method,
    uri: options.uri,
    nonce: challenge.nonce,
    qop,
    nc,
    cnonce,
    body: options.body,
  });
  const params: [string, string, boolean][] = [
    ["username", options.username, true],
    ["realm", challenge.realm, true],
    ["nonce", challenge.nonce, true],
    ["uri", options.uri, true],
    ["response", response, true],
    ["algorithm", challenge.algorithm, false],
  ];
  if (qop) params.push(["qop", qop, false], ["nc", nc, false], ["cnonce", cnonce, true]);
  if (challenge.opaque !== undefined) params.push(["opaque", challenge.opaque, true]);
  return formatAuthHeader("Digest", params);
}
