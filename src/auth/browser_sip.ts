import { randomBytes } from "node:crypto";
import type { Clock } from "../clock/mod.ts";
import { sipHa1 } from "./users.ts";

/** Digest HA1 values a phone or browser may register an extension with. */
export interface SipSecret {
  md5: string;
  sha256: string;
}

const TTL_MS = 12 * 60 * 60 * 1000;

/**
 * One-time SIP passwords for the agent desktop. A signed-in agent's browser asks for
 * one and registers its softphone with it, so agents never type (or know) a SIP
 * password and a stolen desk-phone password is not needed in the browser. Kept in
 * memory: a restart makes browsers fetch a new one, which they do on reconnect.
 */
export class BrowserSipPasswords {
  #byExtension = new Map<string, { secret: SipSecret; expiresAt: number }[]>();

  constructor(private readonly clock: Clock) {}

  /** Issues a fresh password for `extension`, valid for a shift. */
  issue(extension: string): { password: string; expiresAt: number } {
    const password = randomBytes(18).toString("base64url");
    const expiresAt = this.clock.now() + TTL_MS;
    const live = this.#live(extension);
    // A few tabs or reloads may hold passwords at once; the oldest go first.
    live.push({
      secret: {
        md5: sipHa1("md5", extension, password),
        sha256: sipHa1("sha256", extension, password),
      },
      expiresAt,
    });
    this.#byExtension.set(extension, live.slice(-5));
    return { password, expiresAt };
  }

  secrets(extension: string): SipSecret[] {
    return this.#live(extension).map((entry) => entry.secret);
  }

  #live(extension: string) {
    const now = this.clock.now();
    return (this.#byExtension.get(extension) ?? []).filter((entry) => entry.expiresAt > now);
  }
}
