import type { Context } from "hono";
import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import { ApiError } from "../api_error.ts";
import type { AppEnv } from "../env.ts";
import type { RouteTarget } from "../route.ts";
import { readQuery } from "../validate.ts";
import { crmRoute, type CrmRouteDeps, readBytes } from "./crm_common.ts";

/**
 * The API takes what fits the appliance's request limit (1 MiB, about 10,000 rows);
 * bigger files go through `callcenter import FILE`, which streams from disk.
 */
const MAX_IMPORT_BYTES = 1024 * 1024;

const ImportQuery = z.object({
  mode: z.enum(["strict", "lenient"]).default("strict"),
  dry_run: z.enum(["1", "0", "true", "false"]).optional(),
  key: z.enum(["phone", "external_id"]).default("phone"),
  /** JSON object: CSV header → field (name, phone, email, custom.<key>, "" to skip). */
  mapping: z.string().max(10_000).optional(),
});
const PeriodQuery = z.object({
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
});

/** CSV import of customers and CSV exports of customers, cases and interactions. */
export function mountCrmCsvRoutes(target: RouteTarget, { crm, audit }: CrmRouteDeps): void {
  crmRoute(target, {
    method: "post",
    path: "/customers/import",
    summary:
      "Import customers from the CSV body (UTF-8, BOM or GBK); strict or lenient, dry_run=1 to check",
    tag: "crm",
    access: ROLE_GROUPS.supervisors,
    query: ImportQuery,
  }, async (c) => {
    const q = readQuery(c, ImportQuery);
    let mapping: Record<string, string> | undefined;
    if (q.mapping) {
      const parsed = z.record(z.string(), z.string()).safeParse(safeJson(q.mapping));
      if (!parsed.success) {
        throw ApiError.badRequest(
          'mapping must be a JSON object such as {"手机":"phone","姓名":"name"}',
        );
      }
      mapping = parsed.data;
    }
    const bytes = await readBytes(c, MAX_IMPORT_BYTES);
    const report = crm.importCustomers([bytes], {
      mode: q.mode,
      dryRun: q.dry_run === "1" || q.dry_run === "true",
      key: q.key,
      mapping,
    });
    c.set("audit", {
      entity: "customers",
      details: {
        import: { mode: report.mode, dry_run: report.dry_run, rows: report.rows },
        created: report.created,
        updated: report.updated,
        rejected: report.rejected_count,
        committed: report.committed,
      },
    });
    // A strict import with bad rows wrote nothing: that is a refusal, not a success.
    const status = report.mode === "strict" && report.rejected_count > 0 ? 422 : 200;
    return c.json({ report }, status);
  });

  const csv = (c: Context<AppEnv>, name: string, body: ReadableStream<Uint8Array>) => {
    const user = c.get("user")!;
    audit.append({
      actorUserId: user.id,
      actor: user.username,
      action: "export",
      entity: name,
      ip: c.get("clientIp"),
    });
    return c.body(body, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}.csv"`,
    });
  };

  crmRoute(target, {
    method: "get",
    path: "/customers/export",
    summary: "All customers as CSV (UTF-8 with BOM, opens in Excel)",
    tag: "crm",
    access: ROLE_GROUPS.supervisors,
  }, (c) => csv(c, "customers", crm.exports.customers()));

  crmRoute(target, {
    method: "get",
    path: "/cases/export",
    summary: "All cases as CSV",
    tag: "crm",
    access: ROLE_GROUPS.supervisors,
  }, (c) => csv(c, "cases", crm.exports.cases()));

  crmRoute(target, {
    method: "get",
    path: "/interactions/export",
    summary: "Contacts as CSV, optionally for a period (?from=&to=)",
    tag: "crm",
    access: ROLE_GROUPS.supervisors,
    query: PeriodQuery,
  }, (c) => {
    const { from, to } = readQuery(c, PeriodQuery);
    return csv(c, "interactions", crm.exports.interactions({ from, to }));
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
