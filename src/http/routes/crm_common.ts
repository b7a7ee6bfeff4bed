import type { Context, Handler } from "hono";
import type { AuditLog } from "../../auth/mod.ts";
import {
  allowedMoves,
  type Crm,
  CrmValidationError,
  CsvFileError,
  DuplicateContactError,
  IllegalTransitionError,
  InvalidPhoneError,
  NotFoundError,
} from "../../crm/mod.ts";
import { ApiError } from "../api_error.ts";
import type { AppEnv } from "../env.ts";
import type { RouteDoc } from "../openapi.ts";
import { route, type RouteTarget } from "../route.ts";

/** What every CRM route file is mounted with. */
export interface CrmRouteDeps {
  crm: Crm;
  audit: AuditLog;
}

/** The CRM's conditions as API answers: 400 with issues, 404, or 409 naming the owner. */
export function toApiError(error: unknown): unknown {
  if (error instanceof CrmValidationError) {
    return ApiError.badRequest(error.message, { issues: error.issues });
  }
  if (error instanceof InvalidPhoneError) {
    return ApiError.badRequest(error.message, {
      issues: [{ path: "phone", message: error.reason }],
    });
  }
  if (error instanceof NotFoundError) return ApiError.notFound(error.what);
  if (error instanceof DuplicateContactError) {
    return new ApiError(409, "conflict", error.message, {
      field: error.field,
      value: error.value,
      customer_id: error.customerId,
      customer_name: error.customerName,
    });
  }
  if (error instanceof IllegalTransitionError) {
    return new ApiError(409, "illegal_transition", error.message, {
      from: error.from,
      to: error.to,
      allowed: allowedMoves(error.from),
    });
  }
  if (error instanceof CsvFileError) return new ApiError(400, "bad_csv", error.message);
  return error;
}

/** {@link route} with the CRM's errors translated. */
export function crmRoute(target: RouteTarget, spec: RouteDoc, handler: Handler<AppEnv>): void {
  route(target, spec, async (c, next) => {
    try {
      return await handler(c, next);
    } catch (error) {
      throw toApiError(error);
    }
  });
}

/** The signed-in user's id (every CRM route requires one). */
export function actorId(c: Context<AppEnv>): number {
  return c.get("user")!.id;
}

/** Agents see masked numbers when the admin says so; leads and above see them whole. */
export function masksPhones(c: Context<AppEnv>, crm: Crm): boolean {
  return c.get("user")?.role === "agent" && crm.settings.get().mask_phones_for_agents;
}

/**
 * A person (signed in through the browser) read a whole customer record: that read is
 * logged, as privacy rules ask. Integrations with tokens are logged per token elsewhere.
 */
export function auditRead(
  c: Context<AppEnv>,
  audit: AuditLog,
  customerId: number,
  action: "read" | "export" = "read",
  details?: unknown,
): void {
  if (c.get("authKind") !== "session" && action === "read") return;
  const user = c.get("user");
  audit.append({
    actorUserId: user?.id ?? null,
    actor: user?.username ?? "anonymous",
    action,
    entity: "customers",
    entityId: customerId,
    details,
    ip: c.get("clientIp"),
  });
}

/** Reads a raw request body with the route's own size limit. */
export async function readBytes(c: Context<AppEnv>, limit: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length > limit) {
    throw new ApiError(413, "payload_too_large", `Request body is over ${limit} bytes`);
  }
  return bytes;
}
