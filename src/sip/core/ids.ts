/** Random identifiers for branches, tags and Call-IDs (RFC 3261 §8.1.1.4, §8.1.1.7, §19.3). */
import { randomBytes } from "node:crypto";
import { MAGIC_COOKIE } from "./via.ts";

function randomToken(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

/** A branch that is unique across space and time, with the RFC 3261 magic cookie. */
export function generateBranch(): string {
  return MAGIC_COOKIE + randomToken(12);
}

/** RFC 3261 §19.3: at least 32 bits of randomness. */
export function generateTag(): string {
  return randomToken(8);
}

/** A globally unique Call-ID, optionally qualified with a host. */
export function generateCallId(host?: string): string {
  const id = randomToken(16);
  return host ? `${id}@${host}` : id;
}
