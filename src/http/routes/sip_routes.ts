import { z } from "zod";
import { type BrowserSipPasswords, ROLE_GROUPS, SIP_REALM } from "../../auth/mod.ts";
import { type CallService } from "../../calls/mod.ts";
import { CallListQuerySchema, getCall, listCalls } from "../../call_history/mod.ts";
import type { Database } from "../../db/mod.ts";
import { type NumberDirectory, NumberInputSchema, UnknownTargetError } from "../../numbers/mod.ts";
import { trunkDialString } from "../../outbound/mod.ts";
import {
  describeBinding,
  type SipStack,
  type Trunk,
  TrunkDialPlanSchema,
  type TrunkDirectory,
  type TrunkHealth,
  TrunkInputSchema,
} from "../../sip/mod.ts";
import { ApiError } from "../api_error.ts";
import { refusalDetails } from "../refusal_details.ts";
import { route, type RouteTarget } from "../route.ts";
import { idParam, readJson, readQuery } from "../validate.ts";
import { stillInUse } from "./still_in_use.ts";

export interface SipRouteDeps {
  db: Database;
  browserSip: BrowserSipPasswords;
  sip: SipStack;
  trunks: TrunkDirectory;
  numbers: NumberDirectory;
  calls: CallService;
  /** The trunk the outbound policy dials out on (null: the first one that fits). */
  outboundTrunkId: () => number | null;
}

function uniqueViolation(error: unknown, what: string, field: string): never {
  if (error instanceof Error && /UNIQUE constraint failed/.test(error.message)) {
    const message = `${what} already exists`;
    throw new ApiError(
      409,
      "conflict",
      message,
      refusalDetails(message, { field, code: "already_exists" }),
    );
  }
  throw error;
}

/**
 * A trunk as the API shows it: the same field names a PUT takes (so a trunk read can be
 * sent back changed), the password only as whether there is one.
 */
function trunkView(trunk: Trunk & { active_calls?: number; health?: TrunkHealth }) {
  return {
    id: trunk.id,
    name: trunk.name,
    host: trunk.host,
    port: trunk.port,
    transport: trunk.transport,
    allow_cidrs: trunk.allowCidrs,
    username: trunk.username,
    has_password: trunk.hasPassword,
    register: trunk.register,
    default_country: trunk.defaultCountry,
    max_calls: trunk.maxCalls,
    options_interval_s: trunk.optionsIntervalS,
    enabled: trunk.enabled,
    dial_plan: trunk.dialPlan ?? TrunkDialPlanSchema.parse({}),
    ...(trunk.active_calls === undefined ? {} : { active_calls: trunk.active_calls }),
    ...(trunk.health === undefined ? {} : { health: trunk.health }),
  };
}

/** A sample number and a dial plan not yet saved, for the trunk editor's preview. */
const DialPreviewSchema = z.object({
  number: z.string().trim().regex(/^\+\d{4,15}$/, "must be an E.164 number such as +442079460000"),
  default_country: TrunkInputSchema.shape.default_country,
  dial_plan: TrunkDialPlanSchema,
}).strict();

/** Trunks, numbers, registrations and call records. */
export function mountSipRoutes(target: RouteTarget, deps: SipRouteDeps): void {
  const { trunks, numbers } = deps;

  route(target, {
    method: "get",
    path: "/trunks",
    summary: "PBX trunks with live call counts and OPTIONS health",
    tag: "telephony",
    access: ROLE_GROUPS.admins,
  }, (c) =>
    c.json({
      trunks: trunks.list().map((trunk) => {
        // Only a trunk that registers to its PBX has a registration to show.
        const registration = deps.sip.trunkRegistration(trunk.id);
        return registration ? { ...trunkView(trunk), registration } : trunkView(trunk);
      }),
    }));

  route(target, {
    method: "post",
    path: "/trunks",
    summary: "Add a trunk (source allowlist and/or digest credentials, call limit)",
    tag: "telephony",
    access: ROLE_GROUPS.admins,
    body: TrunkInputSchema,
    status: 201,
  }, async (c) => {
    const input = await readJson(c, TrunkInputSchema);
    let trunk;
    try {
      trunk = trunks.create(input);
    } catch (error) {
      uniqueViolation(error, `A trunk named "${input.name}"`, "name");
    }
    c.set("audit", {
      entityId: trunk.id,
      details: { ...input, password: input.password ? "***" : null },
    });
    return c.json({ trunk: trunkView(trunk) }, 201);
  });

  route(target, {
    method: "post",
    path: "/trunks/dial-preview",
    summary: "What a number becomes on a trunk with the given dial plan, or why it is refused",
    tag: "telephony",
    access: ROLE_GROUPS.admins,
    body: DialPreviewSchema,
  }, async (c) => {
    const input = await readJson(c, DialPreviewSchema);
    const dialled = trunkDialString(input.number, {
      defaultCountry: input.default_country,
      dialPlan: input.dial_plan,
    });
    return c.json(
      dialled.ok
        ? { number: input.number, dialled: dialled.number }
        : { number: input.number, refused: dialled.reason, message: dialled.message },
    );
  });

  route(target, {
    method: "put",
    path: "/trunks/:id",
    summary: "Replace a trunk's settings",
    tag: "telephony",
    access: ROLE_GROUPS.admins,
    body: TrunkInputSchema,
  }, async (c) => {
    const id = idParam(c, "id", "Trunk");
    const input = await readJson(c, TrunkInputSchema);
    let trunk;
    try {
      trunk = trunks.update(id, input);
    } catch (error) {
      uniqueViolation(error, `A trunk named "${input.name}"`, "name");
    }
    if (!trunk) throw ApiError.notFound(`Trunk ${id}`);
    c.set("audit", { details: { ...input, password: input.password ? "***" : null } });
    return c.json({ trunk: trunkView(trunk) });
  });

  route(target, {
    method: "delete",
    path: "/trunks/:id",
    summary: "Remove a trunk with no call up on it that the outbound policy does not dial out on",
    tag: "telephony",
    access: ROLE_GROUPS.admins,
    status: 204,
  }, (c) => {
    const id = idParam(c, "id", "Trunk");
    const live = trunks.list().find((t) => t.id === id)?.active_calls ?? 0;
    if (live > 0) {
      throw ApiError.conflict(
        `${live} call${live > 1 ? "s are" : " is"} up on this trunk; remove it when ${
          live > 1 ? "they have" : "it has"
        } ended`,
      );
    }
    if (deps.outboundTrunkId() === id && trunks.byId(id)) {
      throw stillInUse(
        "The outbound policy dials out on this trunk; choose another trunk for it first",
        { kind: "settings", names: ["outbound_policy"] },
      );
    }
    if (!trunks.remove(id)) throw ApiError.notFound(`Trunk ${id}`);
    return c.body(null, 204);
  });

  route(target, {
    method: "get",
    path: "/numbers",
    summary: "Dialed numbers (DIDs) and what answers each",
    tag: "telephony",
    access: ROLE_GROUPS.supervisors,
  }, (c) => c.json({ numbers: numbers.list() }));

  const saveNumber = async (c: Parameters<Parameters<typeof route>[2]>[0], id?: number) => {
    const input = await readJson(c, NumberInputSchema);
    try {
      const saved = id === undefined ? numbers.create(input) : numbers.update(id, input);
      if (!saved) throw ApiError.notFound(`Number ${id}`);
      c.set("audit", { entityId: saved.id, details: input });
      return saved;
    } catch (error) {
      if (error instanceof UnknownTargetError) throw ApiError.badRequest(error.message);
      uniqueViolation(error, `Number ${input.number}`, "number");
    }
  };

  route(target, {
    method: "post",
    path: "/numbers",
    summary: "Route a dialed number to an IVR flow, a queue or an agent",
    tag: "telephony",
    access: ROLE_GROUPS.admins,
    body: NumberInputSchema,
    status: 201,
  }, async (c) => c.json({ number: await saveNumber(c) }, 201));

  route(target, {
    method: "put",
    path: "/numbers/:id",
    summary: "Change where a dialed number goes",
    tag: "telephony",
    access: ROLE_GROUPS.admins,
    body: NumberInputSchema,
  }, async (c) => c.json({ number: await saveNumber(c, idParam(c, "id", "Number")) }));

  route(target, {
    method: "delete",
    path: "/numbers/:id",
    summary: "Remove a dialed number",
    tag: "telephony",
    access: ROLE_GROUPS.admins,
    status: 204,
  }, (c) => {
    const id = idParam(c, "id", "Number");
    if (!numbers.remove(id)) throw ApiError.notFound(`Number ${id}`);
    return c.body(null, 204);
  });

  route(target, {
    method: "post",
    path: "/auth/sip",
    summary:
      "A one-time SIP password for the signed-in agent's browser softphone (SIP over WebSocket at /sip)",
    tag: "auth",
    access: ROLE_GROUPS.anyone,
    status: 201,
  }, (c) => {
    const user = c.get("user")!;
    if (!user.extension) {
      throw ApiError.conflict(`${user.username} has no extension; an admin must assign one`);
    }
    const issued = deps.browserSip.issue(user.extension);
    c.set("audit", { entity: "sip_credentials", entityId: user.extension });
    return c.json({
      extension: user.extension,
      username: user.extension,
      password: issued.password,
      realm: SIP_REALM,
      ws_path: "/sip",
      expires_at: new Date(issued.expiresAt).toISOString(),
    }, 201);
  });

  route(target, {
    method: "get",
    path: "/registrations",
    summary: "Phones and browsers registered now, per extension",
    tag: "telephony",
    access: ROLE_GROUPS.supervisors,
  }, (c) =>
    c.json({
      registrations: deps.sip.location.all().map(describeBinding),
    }));

  route(target, {
    method: "get",
    path: "/sip/stats",
    summary: "SIP counters: bad messages, refused and blocked calls, live legs",
    tag: "telephony",
    access: ROLE_GROUPS.admins,
  }, (c) =>
    c.json({
      ...deps.sip.counters,
      registrar: deps.sip.registrar.counters,
      blocked_addresses: deps.sip.guard.blocks,
      invite_to_200: deps.sip.answerLatency.summary(Number(c.req.query("since") ?? 0) || 0),
      invite_unread: deps.sip.unreadLatency.summary(Number(c.req.query("since") ?? 0) || 0),
      live_legs: deps.sip.started ? deps.sip.liveLegs : 0,
    }));

  route(target, {
    method: "get",
    path: "/calls",
    summary: "Recent and live calls, newest first, with state, times and end cause",
    tag: "calls",
    access: ROLE_GROUPS.anyone,
    query: CallListQuerySchema,
  }, (c) => c.json({ calls: listCalls(deps.db, readQuery(c, CallListQuerySchema)) }));

  route(target, {
    method: "get",
    path: "/calls/:id",
    summary: "One call with its call_events in order",
    tag: "calls",
    access: ROLE_GROUPS.anyone,
  }, (c) => {
    const id = z.string().uuid().safeParse(c.req.param("id"));
    const call = id.success ? getCall(deps.db, id.data) : undefined;
    if (!call) throw ApiError.notFound(`Call ${c.req.param("id")}`);
    const live = deps.calls.get(call.id);
    return c.json({
      call: {
        ...call,
        legs: live
          ? live.legs.map((l) => ({
            id: l.id,
            direction: l.direction,
            state: l.state,
            sip_call_id: l.sipCallId,
          }))
          : [],
      },
      events: deps.calls.journal.events(call.id),
    });
  });
}
