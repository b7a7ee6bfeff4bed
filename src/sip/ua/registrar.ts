import type { Clock } from "../../clock/mod.ts";
import type { Logger } from "../../log/mod.ts";
import {
  callIdOf,
  createResponse,
  cseqOf,
  type Destination,
  type DigestAuthenticator,
  type DigestCredentials,
  formatUri,
  parseDigestCredentials,
  parseNameAddr,
  type ServerTransaction,
  SipParseError,
  type SipRequest,
  toOf,
} from "../core/mod.ts";
import { ExtensionGuard } from "./extension_guard.ts";
import type { Binding, LocationService } from "./location_service.ts";
import type { SourceGuard } from "./source_guard.ts";

/** HA1 values of an extension, per digest algorithm (RFC 7616 §3.4.2). */
export interface ExtensionCredentials {
  md5: string;
  sha256: string;
}

export interface RegistrarOptions {
  clock: Clock;
  log: Logger;
  authenticator: DigestAuthenticator;
  /** Every secret the extension may register with (its own, plus browsers' one-time ones). */
  credentials: (extension: string) => ExtensionCredentials[];
  location: LocationService;
  guard: SourceGuard;
  /** Failed answers per extension, from any address. Default: {@link ExtensionGuard}'s limits. */
  extensionGuard?: ExtensionGuard;
  onChange: (type: "registered" | "unregistered", binding: Binding) => void;
  minExpires?: number;
  maxExpires?: number;
  defaultExpires?: number;
}

/**
 * The registrar for agents' phones and browsers (RFC 3261 §10.3) with digest
 * authentication (MD5 and SHA-256, RFC 8760): 401 with fresh challenges, stale=true for
 * an expired nonce, 403 for wrong credentials (counted towards blocking the address and
 * towards locking the extension).
 */
export class Registrar {
  readonly #o: Required<RegistrarOptions>;
  /** `locked`: answers refused unchecked because their extension was locked. */
  counters = { ok: 0, challenged: 0, refused: 0, locked: 0 };

  constructor(options: RegistrarOptions) {
    this.#o = {
      minExpires: 60,
      maxExpires: 3600,
      defaultExpires: 600,
      extensionGuard: new ExtensionGuard(options.clock),
      ...options,
    };
  }

  handle(request: SipRequest, transaction: ServerTransaction, source: Destination): void {
    const aor = toOf(request).uri;
    const extension = aor.kind === "sip" ? aor.user : undefined;
    if (!extension) {
      this.#refuse(request, transaction, source, 404, "Not Found", false);
      return;
    }
    // A locked extension's answers are not even checked (the guesser learns nothing),
    // and are refused just like a wrong one. A request without an answer is challenged.
    const answered = request.headers.has("Authorization");
    if (answered && this.#o.extensionGuard.isLocked(extension, source.host)) {
      this.counters.locked++;
      this.#refuse(request, transaction, source, 403, "Forbidden", true);
      return;
    }
    const auth = this.#authenticate(request, extension);
    if (auth === "missing" || auth === "stale") {
      this.counters.challenged++;
      transaction.respond(createResponse(request, 401, {
        headers: this.#o.authenticator.createChallenges({ stale: auth === "stale" })
          .map((c) => ["WWW-Authenticate", c] as [string, string]),
      }));
      return;
    }
    if (auth !== "ok") {
      // Only extensions that exist are worth guarding; made-up ones would fill the table.
      if (this.#o.credentials(extension).length > 0 && this.#o.extensionGuard.failed(extension)) {
        this.#o.log.warn("locking an extension after repeated failed registrations", {
          extension,
          source: source.host,
        });
      }
      this.#refuse(request, transaction, source, 403, "Forbidden", true);
      return;
    }
    this.#o.guard.authSucceeded(source.host);
    this.#o.extensionGuard.succeeded(extension, source.host);
    this.#applyContacts(request, transaction, source, extension);
  }

  #authenticate(request: SipRequest, extension: string): "ok" | "missing" | "stale" | "invalid" {
    const header = request.headers.get("Authorization");
    if (!header) return "missing";
    let credentials: DigestCredentials | undefined;
    try {
      credentials = parseDigestCredentials(header);
    } catch (error) {
      if (error instanceof SipParseError) return "invalid";
      throw error;
    }
    if (!credentials) return "missing";
    // A phone may only register its own extension.
    if (credentials.username !== extension) return "invalid";
    const known = this.#o.credentials(extension);
    if (known.length === 0) return "invalid";
    const sha = credentials.algorithm.startsWith("SHA-256");
    let result: "ok" | "missing" | "stale" | "invalid" = "invalid";
    for (const secret of known) {
      const ha1 = sha ? secret.sha256 : secret.md5;
      result = this.#o.authenticator.verify(
        credentials,
        { method: "REGISTER", body: request.body },
        () => ({ ha1 }),
      );
      if (result === "ok" || result === "stale") return result;
    }
    return result;
  }

  #applyContacts(
    request: SipRequest,
    transaction: ServerTransaction,
    source: Destination,
    extension: string,
  ): void {
    const contacts = request.headers.getAll("Contact");
    const headerExpires = request.headers.get("Expires");
    const callId = callIdOf(request);
    const cseq = cseqOf(request).seq;
    const { location, minExpires, maxExpires, defaultExpires } = this.#o;

    if (contacts.length === 1 && contacts[0].trim() === "*") {
      // RFC 3261 §10.3 step 6: "*" only with Expires: 0, removing every binding.
      if (headerExpires?.trim() !== "0") {
        transaction.respond(
          createResponse(request, 400, { reason: "Wildcard Contact Needs Expires 0" }),
        );
        return;
      }
      for (const binding of location.removeAll(extension)) {
        this.#o.onChange("unregistered", binding);
      }
      this.#ok(request, transaction, extension);
      return;
    }

    const changes: { uri: string; expires: number }[] = [];
    for (const value of contacts) {
      let uri: string;
      let expiresParam: string | null | undefined;
      try {
        const address = parseNameAddr(value);
        uri = formatUri(address.uri);
        expiresParam = address.params.get("expires");
      } catch {
        transaction.respond(createResponse(request, 400, { reason: "Bad Contact" }));
        return;
      }
      const expires = Number(expiresParam ?? headerExpires ?? defaultExpires);
      if (!Number.isFinite(expires) || expires < 0) {
        transaction.respond(createResponse(request, 400, { reason: "Bad Expires" }));
        return;
      }
      if (expires > 0 && expires < minExpires) {
        transaction.respond(
          createResponse(request, 423, { headers: [["Min-Expires", String(minExpires)]] }),
        );
        return;
      }
      const existing = location.get(extension, uri);
      // RFC 3261 §10.3 step 7: an older request of the same Call-ID must not undo a newer one.
      if (existing && existing.callId === callId && existing.cseq >= cseq) {
        transaction.respond(createResponse(request, 500, { reason: "Out Of Order" }));
        return;
      }
      changes.push({ uri, expires: Math.min(expires, maxExpires) });
    }
    for (const change of changes) {
      if (change.expires === 0) {
        const removed = location.remove(extension, change.uri);
        if (removed) this.#o.onChange("unregistered", removed);
      } else {
        const binding = location.update({
          aor: extension,
          contact: change.uri,
          flow: source,
          callId,
          cseq,
          userAgent: request.headers.get("User-Agent"),
        }, change.expires);
        this.#o.onChange("registered", binding);
      }
    }
    this.#ok(request, transaction, extension);
  }

  #ok(request: SipRequest, transaction: ServerTransaction, extension: string): void {
    this.counters.ok++;
    const now = this.#o.clock.now();
    const headers: [string, string][] = this.#o.location.lookup(extension).map((b) => [
      "Contact",
      `<${b.contact}>;expires=${Math.max(0, Math.round((b.expiresAt - now) / 1000))}`,
    ]);
    headers.push(["Date", new Date(now).toUTCString()]);
    transaction.respond(createResponse(request, 200, { headers }));
  }

  #refuse(
    request: SipRequest,
    transaction: ServerTransaction,
    source: Destination,
    status: number,
    reason: string,
    countFailure: boolean,
  ): void {
    this.counters.refused++;
    transaction.respond(createResponse(request, status, { reason }));
    if (countFailure && this.#o.guard.authFailed(source.host)) {
      this.#o.log.warn("blocking an address after repeated failed registrations", {
        source: source.host,
      });
    }
  }
}
