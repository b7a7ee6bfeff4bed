import { createHash } from "node:crypto";

/** SHA-256 of a PEM certificate's DER bytes, base64url: what a pair token carries. */
export function certificateFingerprint(pem: string): string {
  const base64 = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  const der = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return createHash("sha256").update(der).digest("base64url");
}

/**
 * Fetches the primary's certificate before it can be trusted: over TLS that does not
 * check the certificate, which is safe only because the caller compares the result with
 * the fingerprint in the pair token (a trust-on-first-use pin made safe by the token).
 * `node:https` (and the Node HTTP, TLS and stream layers under it) loads here, when a
 * standby pairs, not on every start (decision 052).
 */
export async function fetchUnverifiedCertificate(primaryUrl: string): Promise<string> {
  const { request } = await import("node:https");
  return await new Promise((resolve, reject) => {
    const req = request(
      new URL("/replication/certificate", primaryUrl),
      { method: "GET", rejectUnauthorized: false, timeout: 10_000 },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => body += chunk);
        res.on("end", () => {
          if (res.statusCode === 200) resolve(body);
          else reject(new Error(`The primary answered ${res.statusCode} for its certificate`));
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error("The primary did not answer in 10 s")));
    req.on("error", reject);
    req.end();
  });
}
