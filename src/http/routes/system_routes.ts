import { statfs } from "node:fs/promises";
import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import type { RecentLines } from "../../log/mod.ts";
import { grantedThreadPriority, type ThreadPriority } from "../../threads/mod.ts";
import { VERSION } from "../../version.ts";
import { ApiError } from "../api_error.ts";
import { route, type RouteTarget } from "../route.ts";
import { CertificateError, type TlsCertificate } from "../tls_certificate.ts";
import { readJson } from "../validate.ts";

/** What the system routes serve from. */
export interface SystemRouteDeps {
  dataDir: string;
  /** The priority asked for with --thread-priority. */
  wantedThreadPriority: ThreadPriority;
  certificate: TlsCertificate;
  recentLog: RecentLines;
  uptimeSeconds: () => number;
}

const PEM_MAX = 64 * 1024;

export const CertificateUploadSchema = z.object({
  cert: z.string().min(1, "paste or choose the certificate").max(PEM_MAX)
    .describe("PEM certificate; intermediates may follow the server's own"),
  key: z.string().min(1, "paste or choose the private key").max(PEM_MAX)
    .describe("PEM private key, not protected by a passphrase"),
}).strict();

/** Low disk space, as the page warns of it: under 10 % or 2 GB available. */
const LOW_SPACE_SHARE = 0.1;
const LOW_SPACE_BYTES = 2 * 1024 ** 3;

/** The appliance's own figures for the admin: disk, thread priority, certificate, warnings. */
export function mountSystemRoutes(target: RouteTarget, deps: SystemRouteDeps): void {
  route(target, {
    method: "get",
    path: "/system",
    summary:
      "Version, uptime, the data disk's space, the thread priority granted, the HTTPS certificate and the latest warnings and errors from the log",
    tag: "system",
    access: ROLE_GROUPS.admins,
  }, async (c) => {
    const granted = grantedThreadPriority();
    return c.json({
      version: VERSION,
      uptime_s: Math.round(deps.uptimeSeconds()),
      disk: await diskSpace(deps.dataDir),
      thread_priority: {
        wanted: deps.wantedThreadPriority,
        granted,
        short: granted !== deps.wantedThreadPriority,
      },
      certificate: deps.certificate.info() ?? null,
      certificate_configured: deps.certificate.configured,
      warnings: deps.recentLog.lines().map(({ level, line }) => ({ level, line })),
    });
  });

  route(target, {
    method: "put",
    path: "/system/certificate",
    summary:
      "Install an HTTPS certificate and its private key (PEM): refused unless they match and the certificate is valid now; HTTPS uses it at once",
    tag: "system",
    access: ROLE_GROUPS.admins,
    body: CertificateUploadSchema,
  }, async (c) => {
    const { cert, key } = await readJson(c, CertificateUploadSchema);
    let certificate;
    try {
      certificate = deps.certificate.install(cert, key);
    } catch (error) {
      if (!(error instanceof CertificateError)) throw error;
      // Shaped like a validation failure, so the page shows it under the field.
      throw ApiError.badRequest(`Invalid request body: ${error.field}: ${error.message}`, {
        issues: [{
          path: error.field,
          message: error.message,
          code: "custom",
          reason: error.reason,
        }],
      });
    }
    c.set("audit", {
      entity: "certificate",
      details: { subject: certificate.subject, valid_to: certificate.valid_to },
    });
    return c.json({ certificate });
  });
}

async function diskSpace(dir: string) {
  try {
    const s = await statfs(dir);
    const total = s.blocks * s.bsize;
    const available = s.bavail * s.bsize;
    return {
      path: dir,
      total_bytes: total,
      free_bytes: s.bfree * s.bsize,
      available_bytes: available,
      low: available < LOW_SPACE_BYTES || available < total * LOW_SPACE_SHARE,
    };
  } catch (error) {
    return { path: dir, error: (error as Error).message };
  }
}
