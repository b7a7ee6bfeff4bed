import type { Context } from "hono";
import { z } from "zod";
import { ROLE_GROUPS, type UserRepository } from "../../auth/mod.ts";
import type { Clock } from "../../clock/mod.ts";
import type { Crm } from "../../crm/mod.ts";
import type { Database } from "../../db/mod.ts";
import {
  abandonedCall,
  LIST_KINDS,
  listCsv,
  type ListKind,
  listSheet,
  pickColumns,
  reportList,
  type SavedReport,
  type SavedReports,
  XLSX_TYPE,
  xlsxWorkbook,
} from "../../reports/mod.ts";
import { ApiError } from "../api_error.ts";
import { route, type RouteTarget } from "../route.ts";
import { idParam, readJson, readQuery } from "../validate.ts";

export interface ReportListRouteDeps {
  db: Database;
  crm: Crm;
  savedReports: SavedReports;
  clock: Clock;
  /** Whether a queue is there, for the queue a saved report filters on or is about. */
  hasQueue: (queueId: number) => boolean;
  /** Whether a team is there, for the team a saved report is about. */
  hasTeam: (teamId: number) => boolean;
  /** The users, for whether the agent a report is saved about is there and still works here. */
  users: UserRepository;
}

/** The longest period a list report reads (it reads the logs, not the rollups). */
export const MAX_LIST_DAYS = 93;

const isoInstant = z.string().refine((s) => Number.isFinite(Date.parse(s)), {
  message: "must be an ISO-8601 date and time",
});

export const ListQuerySchema = z.object({
  from: isoInstant.describe("start of the period (ISO-8601)"),
  to: isoInstant.describe("end of the period (ISO-8601, not included)"),
  queue_id: z.coerce.number().int().positive().optional().describe(
    "one queue (abandoned calls, dispositions)",
  ),
  columns: z.string().regex(/^[a-z_]+(,[a-z_]+)*$/).optional().describe(
    "column ids to keep, in order, comma-separated",
  ),
  format: z.enum(["json", "csv", "xlsx"]).default("json"),
}).strict().refine((q) => Date.parse(q.to) > Date.parse(q.from), {
  message: "to must be after from",
  path: ["to"],
}).refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_LIST_DAYS * 86_400_000, {
  message: `the period may be at most ${MAX_LIST_DAYS} days`,
  path: ["to"],
});

/** What a saved report keeps: which view, its period shape, scope, filters and columns. */
export const SavedDefinitionSchema = z.object({
  view: z.enum(["figures", "channels", "staffing", ...LIST_KINDS]),
  days: z.number().int().min(1).max(366),
  interval: z.enum(["15m", "30m", "60m", "day", "week", "month"]).optional(),
  scope: z.enum(["center", "queue", "team", "agent"]).optional(),
  id: z.number().int().positive().nullable().optional(),
  queue_id: z.number().int().positive().nullable().optional(),
  columns: z.array(z.string().regex(/^[a-z_]+$/).max(64)).max(64).optional(),
}).strict();

export const SaveReportSchema = z.object({
  name: z.string().trim().min(1).max(80),
  definition: SavedDefinitionSchema,
}).strict();

/**
 * A saved report about, or filtered on, a queue, team or agent that is not there is
 * refused at that field: opening it later could only fail. So is one newly about a
 * deactivated agent, who takes no more calls; a report saved before they left still
 * opens on their history, since it is checked only here.
 */
function assertSubjects(
  definition: z.infer<typeof SavedDefinitionSchema>,
  deps: ReportListRouteDeps,
): void {
  const refused: { path: string; message: string; code: string }[] = [];
  const { scope, id, queue_id } = definition;
  if (scope !== undefined && scope !== "center" && id != null) {
    const hasAgent = (userId: number) => deps.users.byId(userId) !== undefined;
    const exists = { queue: deps.hasQueue, team: deps.hasTeam, agent: hasAgent }[scope];
    if (!exists(id)) {
      refused.push({
        path: "definition.id",
        message: `there is no ${scope} ${id}`,
        code: `unknown_${scope}`,
      });
    } else if (scope === "agent" && deps.users.byId(id)?.active === false) {
      refused.push({
        path: "definition.id",
        message: `Agent ${id} is deactivated; choose another`,
        code: "agent_deactivated",
      });
    }
  }
  if (queue_id != null && !deps.hasQueue(queue_id)) {
    refused.push({
      path: "definition.queue_id",
      message: `there is no queue ${queue_id}`,
      code: "unknown_queue",
    });
  }
  if (refused.length > 0) throw ApiError.unknownReferences(refused);
}

function savedJson(s: SavedReport) {
  return {
    id: s.id,
    name: s.name,
    definition: s.definition,
    created_at: new Date(s.createdMs).toISOString(),
    updated_at: new Date(s.updatedMs).toISOString(),
  };
}

function listKind(c: Context): ListKind {
  const kind = c.req.param("kind") ?? "";
  if (!(LIST_KINDS as readonly string[]).includes(kind)) {
    throw ApiError.notFound(`Report "${kind}" (one of ${LIST_KINDS.join(", ")})`);
  }
  return kind as ListKind;
}

/**
 * The list reports (IVR, where callers hang up, abandoned calls, trunk usage,
 * dispositions) as JSON, CSV or XLSX; a callback for an abandoned caller; and each user's
 * saved report definitions.
 */
export function mountReportListRoutes(target: RouteTarget, deps: ReportListRouteDeps): void {
  route(target, {
    method: "get",
    path: "/reports/lists/:kind",
    summary: "A list report for a period: ivr, ivr-hangups, abandoned, trunks or dispositions",
    tag: "reports",
    access: ROLE_GROUPS.supervisors,
    query: ListQuerySchema,
  }, (c) => {
    const kind = listKind(c);
    const q = readQuery(c, ListQuerySchema);
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    const list = pickColumns(
      reportList(deps.db, kind, { fromMs: from, toMs: to, queueId: q.queue_id }),
      q.columns?.split(","),
    );
    const file = `report-${kind}-${new Date(from).toISOString().slice(0, 10)}`;
    if (q.format === "csv") {
      return c.body(listCsv(list), 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${file}.csv"`,
      });
    }
    if (q.format === "xlsx") {
      return c.body(xlsxWorkbook([listSheet(list)]), 200, {
        "Content-Type": XLSX_TYPE,
        "Content-Disposition": `attachment; filename="${file}.xlsx"`,
      });
    }
    return c.json({
      period: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
      kind: list.kind,
      columns: list.columns,
      rows: list.rows,
    });
  });

  route(target, {
    method: "post",
    path: "/reports/lists/abandoned/:callId/callback",
    summary: "Leaves a callback request for the caller of an abandoned call",
    tag: "reports",
    access: ROLE_GROUPS.supervisors,
    status: 201,
  }, (c) => {
    const callId = c.req.param("callId") ?? "";
    const call = abandonedCall(deps.db, callId);
    if (!call) throw ApiError.notFound(`Abandoned call ${callId} with a caller number`);
    const pending = deps.db.get<{ id: number }>(
      "SELECT id FROM callbacks WHERE call_id = ? AND status IN ('pending', 'dialing')",
      callId,
    );
    if (pending) throw ApiError.conflict(`Call ${callId} already has a callback waiting`);
    const id = deps.crm.callbacks.request({
      callId,
      customerId: call.customerId,
      number: call.number,
      queueId: call.queueId,
      priority: 0,
      placeAt: deps.clock.now(),
    });
    c.set("audit", { entity: "callbacks", entityId: id, details: { call_id: callId } });
    return c.json({ callback: { id, call_id: callId, number: call.number } }, 201);
  });

  route(target, {
    method: "get",
    path: "/reports/saved",
    summary: "The signed-in user's saved reports",
    tag: "reports",
    access: ROLE_GROUPS.supervisors,
  }, (c) => c.json({ saved: deps.savedReports.list(c.get("user")!.id).map(savedJson) }));

  route(target, {
    method: "post",
    path: "/reports/saved",
    summary: "Saves a report's filters and columns under a name (the same name replaces it)",
    tag: "reports",
    access: ROLE_GROUPS.supervisors,
    body: SaveReportSchema,
    status: 201,
  }, async (c) => {
    const body = await readJson(c, SaveReportSchema);
    assertSubjects(body.definition, deps);
    const saved = deps.savedReports.save(c.get("user")!.id, body.name, body.definition);
    return c.json({ saved: savedJson(saved) }, 201);
  });

  route(target, {
    method: "delete",
    path: "/reports/saved/:id",
    summary: "Deletes one of the signed-in user's saved reports",
    tag: "reports",
    access: ROLE_GROUPS.supervisors,
  }, (c) => {
    const id = idParam(c, "id", "Saved report");
    if (!deps.savedReports.remove(c.get("user")!.id, id)) {
      throw ApiError.notFound(`Saved report ${id}`);
    }
    return c.body(null, 204);
  });
}
