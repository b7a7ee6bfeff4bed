import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import {
  ManagerInputError,
  type ManagerInputs,
  proposeShifts,
  type ScheduleBlock,
  type ScheduleStore,
} from "../../reports/mod.ts";
import { ApiError } from "../api_error.ts";
import { refusalDetails } from "../refusal_details.ts";
import { route, type RouteTarget } from "../route.ts";
import { idParam, readJson, readQuery } from "../validate.ts";

export interface ScheduleRouteDeps {
  schedules: ScheduleStore;
  managerInputs: ManagerInputs;
}

const isoInstant = z.string().refine((s) => Number.isFinite(Date.parse(s)), {
  message: "must be an ISO-8601 date and time",
});

export const ScheduleQuerySchema = z.object({
  from: isoInstant,
  to: isoInstant,
  user_id: z.coerce.number().int().positive().optional(),
}).strict();

export const ScheduleBlockSchema = z.object({
  user_id: z.number().int().positive(),
  kind: z.enum(["shift", "break"]),
  starts_at: isoInstant,
  ends_at: isoInstant,
}).strict();

export const ProposalSchema = z.object({
  starts_at: isoInstant.describe("start of the first interval of `need`"),
  interval_minutes: z.union([z.literal(15), z.literal(30), z.literal(60)]).default(30),
  need: z.array(z.number().min(0).max(10_000)).min(1).max(7 * 96)
    .describe("agents needed per interval (from the staffing or forecast answers)"),
  shift_hours: z.array(z.number().gt(0).max(16)).min(1).max(10).default([8]),
  earliest_start: z.number().int().min(0).optional().describe("first interval a shift may start"),
  latest_end: z.number().int().min(1).optional().describe("interval after a shift's last"),
}).strict();

export const CostSchema = z.object({
  starts_at: isoInstant,
  ends_at: isoInstant,
  amount: z.number().min(0).max(1e12),
  note: z.string().max(200).default(""),
}).strict();

export const TenureSchema = z.object({
  started_on: isoInstant,
  left_on: isoInstant.nullable().default(null),
}).strict();

function blockJson(b: ScheduleBlock) {
  return {
    id: b.id,
    user_id: b.userId,
    kind: b.kind,
    starts_at: new Date(b.startsMs).toISOString(),
    ends_at: new Date(b.endsMs).toISOString(),
  };
}

function refused(error: unknown): never {
  if (error instanceof ManagerInputError) {
    throw ApiError.badRequest(error.message, refusalDetails(error.message, error.about));
  }
  if (error instanceof RangeError) throw ApiError.badRequest(error.message);
  throw error;
}

/** Schedules (managers plan, agents read their own) and the manager's cost and tenure entries. */
export function mountScheduleRoutes(target: RouteTarget, deps: ScheduleRouteDeps): void {
  route(target, {
    method: "get",
    path: "/schedules",
    summary: "Shifts and breaks that overlap a period",
    tag: "reports",
    access: ROLE_GROUPS.supervisors,
    query: ScheduleQuerySchema,
  }, (c) => {
    const q = readQuery(c, ScheduleQuerySchema);
    return c.json({
      blocks: deps.schedules.list(Date.parse(q.from), Date.parse(q.to), q.user_id).map(blockJson),
    });
  });

  route(target, {
    method: "get",
    path: "/schedules/mine",
    summary: "The signed-in agent's own shifts and breaks in a period",
    tag: "reports",
    access: ROLE_GROUPS.anyone,
    query: ScheduleQuerySchema.omit({ user_id: true }),
  }, (c) => {
    const q = readQuery(c, ScheduleQuerySchema.omit({ user_id: true }));
    const me = c.get("user")!.id;
    return c.json({
      blocks: deps.schedules.list(Date.parse(q.from), Date.parse(q.to), me).map(blockJson),
    });
  });

  route(target, {
    method: "post",
    path: "/schedules",
    summary: "Plans a shift, or a break inside one",
    tag: "reports",
    access: ROLE_GROUPS.supervisors,
    body: ScheduleBlockSchema,
    status: 201,
  }, async (c) => {
    const b = await readJson(c, ScheduleBlockSchema);
    try {
      const block = deps.schedules.add({
        userId: b.user_id,
        kind: b.kind,
        startsMs: Date.parse(b.starts_at),
        endsMs: Date.parse(b.ends_at),
      });
      return c.json({ block: blockJson(block) }, 201);
    } catch (error) {
      refused(error);
    }
  });

  route(target, {
    method: "delete",
    path: "/schedules/:id",
    summary: "Removes a shift (with its breaks) or a break",
    tag: "reports",
    access: ROLE_GROUPS.supervisors,
  }, (c) => {
    const id = idParam(c, "id", "Schedule block");
    if (!deps.schedules.remove(id)) throw ApiError.notFound(`Schedule block ${id}`);
    return c.body(null, 204);
  });

  route(target, {
    method: "post",
    path: "/schedules/proposal",
    summary: "Proposes shifts covering each interval's need with few agent-hours (not saved)",
    tag: "reports",
    access: ROLE_GROUPS.supervisors,
    body: ProposalSchema,
  }, async (c) => {
    const b = await readJson(c, ProposalSchema);
    const intervalMs = b.interval_minutes * 60_000;
    const lengths = b.shift_hours.map((h) => Math.round(h * 60 / b.interval_minutes));
    try {
      const p = proposeShifts(b.need, {
        lengths,
        earliestStart: b.earliest_start,
        latestEnd: b.latest_end,
      });
      const first = Date.parse(b.starts_at);
      return c.json({
        shifts: p.shifts.map((s) => ({
          starts_at: new Date(first + s.start * intervalMs).toISOString(),
          ends_at: new Date(first + (s.start + s.length) * intervalMs).toISOString(),
        })),
        agent_hours: p.agentIntervals * b.interval_minutes / 60,
        needed_agent_hours: b.need.reduce((a, n) => a + Math.ceil(n), 0) * b.interval_minutes / 60,
        coverage: p.coverage,
      });
    } catch (error) {
      refused(error);
    }
  });

  route(target, {
    method: "post",
    path: "/reports/costs",
    summary: "Enters what the center cost over a stretch of time (for cost per call)",
    tag: "reports",
    access: ROLE_GROUPS.admins,
    body: CostSchema,
    status: 201,
  }, async (c) => {
    const b = await readJson(c, CostSchema);
    try {
      const cost = deps.managerInputs.addCost({
        startsMs: Date.parse(b.starts_at),
        endsMs: Date.parse(b.ends_at),
        amount: b.amount,
        note: b.note,
      });
      return c.json({ id: cost.id }, 201);
    } catch (error) {
      refused(error);
    }
  });

  route(target, {
    method: "put",
    path: "/reports/tenure/:id",
    summary: "Sets when an agent joined and left (for turnover)",
    tag: "reports",
    access: ROLE_GROUPS.admins,
    body: TenureSchema,
  }, async (c) => {
    const id = idParam(c, "id", "User");
    const b = await readJson(c, TenureSchema);
    let found: boolean;
    try {
      found = deps.managerInputs.setTenure(
        id,
        Date.parse(b.started_on),
        b.left_on === null ? null : Date.parse(b.left_on),
      );
    } catch (error) {
      refused(error);
    }
    if (!found) throw ApiError.notFound(`User ${id}`);
    return c.body(null, 204);
  });
}
