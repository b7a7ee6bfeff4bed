import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { type MessageKey, t } from "../common/i18n.ts";
import { issuesByField } from "./issues_by_field.ts";

/** The HTTPS certificate as `/system` describes it. */
export interface CertificateInfo {
  subject: string;
  issuer: string;
  valid_from: string;
  valid_to: string;
  fingerprint_sha256: string;
  hostnames: string[];
  source: "uploaded" | "configured" | "generated";
}

/** `/system`: the appliance's own figures. */
export interface SystemFigures {
  disk: {
    path: string;
    total_bytes?: number;
    available_bytes?: number;
    low?: boolean;
    error?: string;
  };
  thread_priority: { wanted: string; granted: string; short: boolean };
  certificate: CertificateInfo | null;
  certificate_configured: boolean;
  warnings: { level: "warn" | "error"; line: string }[];
}

/** The parts of `/media/stats` the page shows. */
export interface MediaFigures {
  live_calls: number;
  pacing: { p99Ms: number };
  event_loop_lag: { p99Ms: number };
  rtp: { lost: number };
}

/** The parts of `/sip/stats` the page shows. */
export interface SipFigures {
  live_legs: number;
  blocked_addresses: unknown[] | number;
}

const CERT_REASONS = new Set([
  "not_pem_cert",
  "not_pem_key",
  "mismatch",
  "expired",
  "not_yet_valid",
  "configured",
]);

/**
 * The System page's figures — disk, thread priority, certificate, warnings, media and SIP —
 * each loaded on its own so one that fails leaves the others shown; and the certificate
 * upload.
 */
export class SystemFiguresController implements ReactiveController {
  system: SystemFigures | null = null;
  media: MediaFigures | null = null;
  sip: SipFigures | null = null;
  error: string | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly api: Pick<ApiClient, "request">,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  async load(): Promise<void> {
    const [system, media, sip] = await Promise.allSettled([
      this.api.request<SystemFigures>("GET", "/system"),
      this.api.request<MediaFigures>("GET", "/media/stats"),
      this.api.request<SipFigures>("GET", "/sip/stats"),
    ]);
    this.system = system.status === "fulfilled" ? system.value : this.system;
    this.error = system.status === "rejected" ? (system.reason as Error).message : null;
    this.media = media.status === "fulfilled" ? media.value : null;
    this.sip = sip.status === "fulfilled" ? sip.value : null;
    this.host.requestUpdate();
  }

  /**
   * Installs a certificate and key; refusals come back by field (`cert`, `key`) in the
   * admin's language.
   */
  async installCertificate(
    cert: string,
    key: string,
  ): Promise<{ installed: CertificateInfo } | { errors: Record<string, string> }> {
    try {
      const { certificate } = await this.api.request<{ certificate: CertificateInfo }>(
        "PUT",
        "/system/certificate",
        { cert, key },
      );
      if (this.system) this.system = { ...this.system, certificate };
      this.host.requestUpdate();
      return { installed: certificate };
    } catch (error) {
      return {
        errors: issuesByField(
          error,
          "cert",
          (issue) =>
            issue.reason && CERT_REASONS.has(issue.reason)
              ? t(`admsys.cert.err.${issue.reason}` as MessageKey)
              : undefined,
        ),
      };
    }
  }
}
