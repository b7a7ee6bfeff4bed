import { createPrivateKey, X509Certificate } from "node:crypto";
import type { Clock } from "../clock/mod.ts";
import { ensureCertificate, type TlsFiles } from "./tls.ts";

/** The HTTPS certificate as the admin sees it. */
export interface CertificateInfo {
  subject: string;
  issuer: string;
  valid_from: string;
  valid_to: string;
  fingerprint_sha256: string;
  hostnames: string[];
  /** uploaded in the page, configured with --tls-cert/--tls-key, or generated self-signed. */
  source: "uploaded" | "configured" | "generated";
}

/** Why a certificate was refused, for clients that say it in their own words. */
export type CertificateRefusal =
  | "not_pem_cert"
  | "not_pem_key"
  | "mismatch"
  | "expired"
  | "not_yet_valid"
  | "configured";

/** A refused certificate or key; `field` says which of the two to fix. */
export class CertificateError extends Error {
  override name = "CertificateError";
  constructor(
    readonly field: "cert" | "key",
    readonly reason: CertificateRefusal,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Checks a PEM certificate (chain allowed, the server's own first) and its PEM private
 * key: both parse, they belong together, and the certificate is valid at `nowMs`.
 */
export function checkCertificatePair(cert: string, key: string, nowMs: number): X509Certificate {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new CertificateError(
      "cert",
      "not_pem_cert",
      "This is not a PEM certificate (-----BEGIN CERTIFICATE-----)",
    );
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw new CertificateError(
      "key",
      "not_pem_key",
      "This is not a PEM private key without a passphrase (-----BEGIN PRIVATE KEY-----)",
    );
  }
  if (!x509.checkPrivateKey(privateKey)) {
    throw new CertificateError("key", "mismatch", "This key does not belong to the certificate");
  }
  if (x509.validToDate.getTime() <= nowMs) {
    throw new CertificateError(
      "cert",
      "expired",
      `The certificate expired on ${x509.validToDate.toISOString()}`,
    );
  }
  if (x509.validFromDate.getTime() > nowMs) {
    throw new CertificateError(
      "cert",
      "not_yet_valid",
      `The certificate is not valid before ${x509.validFromDate.toISOString()}`,
    );
  }
  return x509;
}

export interface TlsCertificateOptions {
  /** Where the certificate in use is kept (`<data>/tls`). */
  dir: string;
  clock: Clock;
  /** Files named on the command line; while set they win and uploads are refused. */
  certFile?: string;
  keyFile?: string;
}

/**
 * The certificate HTTPS serves: configured files, an uploaded pair, or a self-signed one
 * made on first start. An upload is checked, written over the one in `<data>/tls` and
 * handed to whoever listens (the HTTPS server, replication's pairing) at once.
 */
export class TlsCertificate {
  readonly #listeners: ((tls: { cert: string; key: string }) => void)[] = [];

  constructor(private readonly o: TlsCertificateOptions) {}

  /** True when the command line names the files, so the page cannot replace them. */
  get configured(): boolean {
    return Boolean(this.o.certFile && this.o.keyFile);
  }

  /** The certificate and key to serve with, made self-signed when there is none yet. */
  ensure(hostnames: string[]): Promise<TlsFiles> {
    return ensureCertificate(this.o.dir, {
      certFile: this.o.certFile,
      keyFile: this.o.keyFile,
      hostnames,
    });
  }

  /** The certificate in use; undefined before one exists. */
  info(): CertificateInfo | undefined {
    let pem: string;
    try {
      pem = Deno.readTextFileSync(
        this.o.certFile && this.o.keyFile ? this.o.certFile : `${this.o.dir}/cert.pem`,
      );
    } catch {
      return undefined;
    }
    const source = this.configured
      ? "configured"
      : exists(`${this.o.dir}/uploaded`)
      ? "uploaded"
      : "generated";
    return describe(new X509Certificate(pem), source);
  }

  /** Checks and installs an uploaded pair; throws {@link CertificateError} when refused. */
  install(cert: string, key: string): CertificateInfo {
    if (this.configured) {
      throw new CertificateError(
        "cert",
        "configured",
        "The certificate is set with --tls-cert and --tls-key; remove them to upload one here",
      );
    }
    const x509 = checkCertificatePair(cert, key, this.o.clock.now());
    Deno.mkdirSync(this.o.dir, { recursive: true });
    // Key first and each by rename: a crash between leaves the old pair or a matching new one.
    writeAtomic(`${this.o.dir}/key.pem`, key, 0o600);
    writeAtomic(`${this.o.dir}/cert.pem`, cert, 0o644);
    writeAtomic(`${this.o.dir}/uploaded`, new Date(this.o.clock.now()).toISOString(), 0o644);
    for (const listener of this.#listeners) listener({ cert, key });
    return describe(x509, "uploaded");
  }

  /** Called with every installed pair. */
  onInstalled(listener: (tls: { cert: string; key: string }) => void): void {
    this.#listeners.push(listener);
  }
}

function describe(x509: X509Certificate, source: CertificateInfo["source"]): CertificateInfo {
  return {
    subject: x509.subject.replaceAll("\n", ", "),
    issuer: x509.issuer.replaceAll("\n", ", "),
    valid_from: x509.validFromDate.toISOString(),
    valid_to: x509.validToDate.toISOString(),
    fingerprint_sha256: x509.fingerprint256,
    hostnames: (x509.subjectAltName ?? "").split(", ").filter(Boolean).map((n) =>
      n.replace(/^(DNS|IP Address):/, "")
    ),
    source,
  };
}

function writeAtomic(path: string, text: string, mode: number): void {
  Deno.writeTextFileSync(`${path}.tmp`, text, { mode });
  Deno.renameSync(`${path}.tmp`, path);
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}
