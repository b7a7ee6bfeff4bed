/**
 * The HTTP face of the appliance: the JSON API under `/api/v1` (Hono on Deno.serve,
 * zod-validated, one error shape, OpenAPI generated from the same schemas), the
 * WebSocket event hub, and the embedded UI. {@link createHttpApp} builds it all from the
 * domains' handles: one function (`mountRoutes`) mounts every route group, each of which
 * declares its routes through {@link route}. A standby answers health alone.
 *
 * @module
 */
export { ApiError, ErrorBodySchema } from "./api_error.ts";
export { API_PREFIX, createHttpApp } from "./app.ts";
export type { HttpApp, HttpDeps } from "./app.ts";
export type { RouteHandles } from "./mount_routes.ts";
export type { ReplicationHealth } from "./routes/health_routes.ts";
export { SESSION_COOKIE } from "./auth_middleware.ts";
export type { AppEnv } from "./env.ts";
export { ApiDocs } from "./openapi.ts";
export type { RouteDoc } from "./openapi.ts";
export { route } from "./route.ts";
export type { RouteTarget } from "./route.ts";
export { listen } from "./server.ts";
export type { RunningServers } from "./server.ts";
export { ensureCertificate } from "./tls.ts";
export {
  CertificateError,
  type CertificateInfo,
  checkCertificatePair,
  TlsCertificate,
} from "./tls_certificate.ts";
export type { UiAssets } from "./ui_routes.ts";
export { idParam, readJson, readQuery } from "./validate.ts";
