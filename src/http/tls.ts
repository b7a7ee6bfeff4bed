import { generateKeyPairSync, randomBytes } from "node:crypto";

export interface TlsFiles {
  cert: string;
  key: string;
  /** True when this call created a new self-signed certificate. */
  generated: boolean;
}

/**
 * Browsers grant the microphone only to secure contexts, so agents need HTTPS even
 * on a LAN. Uses the admin's certificate when given; otherwise a self-signed one made
 * once in the data directory (the key pair by node:crypto, the X.509 wrapping by forge).
 */
export async function ensureCertificate(
  dir: string,
  options: { certFile?: string; keyFile?: string; hostnames?: string[] } = {},
): Promise<TlsFiles> {
  if (options.certFile && options.keyFile) {
    return {
      cert: Deno.readTextFileSync(options.certFile),
      key: Deno.readTextFileSync(options.keyFile),
      generated: false,
    };
  }
  const certPath = `${dir}/cert.pem`;
  const keyPath = `${dir}/key.pem`;
  try {
    return {
      cert: Deno.readTextFileSync(certPath),
      key: Deno.readTextFileSync(keyPath),
      generated: false,
    };
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  Deno.mkdirSync(dir, { recursive: true });
  const { cert, key } = await selfSignedCertificate(options.hostnames ?? []);
  Deno.writeTextFileSync(keyPath, key, { mode: 0o600 });
  Deno.writeTextFileSync(certPath, cert);
  return { cert, key, generated: true };
}

/**
 * A new key pair and a self-signed certificate for this host. forge (some 3 MB of the
 * heap) is loaded here, on the one start that makes a certificate, not on every start.
 */
export async function selfSignedCertificate(
  extraHosts: string[],
): Promise<{ cert: string; key: string }> {
  const { default: forge } = await import("node-forge");
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const publicPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(publicPem);
  certificate.serialNumber = "01" + randomBytes(15).toString("hex");
  const now = new Date();
  certificate.validity.notBefore = new Date(now.getTime() - 24 * 3600 * 1000);
  certificate.validity.notAfter = new Date(now.getTime() + 825 * 24 * 3600 * 1000);
  const hostname = Deno.hostname();
  const subject = [{ name: "commonName", value: hostname }, {
    name: "organizationName",
    value: "Call center appliance",
  }];
  certificate.setSubject(subject);
  certificate.setIssuer(subject);
  const dnsNames = new Set([
    "localhost",
    hostname,
    ...extraHosts.filter((h) => !/^[\d.:]+$/.test(h)),
  ]);
  const ips = new Set([
    "127.0.0.1",
    "::1",
    ...extraHosts.filter((h) => /^[\d.:]+$/.test(h) && h !== "0.0.0.0"),
  ]);
  certificate.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
    { name: "extKeyUsage", serverAuth: true },
    {
      name: "subjectAltName",
      altNames: [
        ...[...dnsNames].map((value) => ({ type: 2, value })),
        ...[...ips].map((ip) => ({ type: 7, ip })),
      ],
    },
  ]);
  // forge wants its own key object for signing; convert via PEM.
  certificate.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(certificate), key: keyPem };
}
