import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import { type Crm, parsePhone } from "../../crm/mod.ts";
import {
  type ClickToCall,
  type ClickToCallInput,
  ClickToCallSchema,
  DncInputSchema,
  type DoNotCallList,
  OutboundPolicySchema,
  type OutboundPolicyStore,
  OutboundRefused,
} from "../../outbound/mod.ts";
import type { QueueDesk, QueueStore } from "../../queues/mod.ts";
import { ApiError } from "../api_error.ts";
import { route, type RouteTarget } from "../route.ts";
import { readJson, readQuery } from "../validate.ts";

export interface OutboundRouteDeps {
  clickToCall: ClickToCall;
  dnc: DoNotCallList;
  outboundPolicy: OutboundPolicyStore;
  desk: QueueDesk;
  /** Where the customer and case a call is made for are checked to exist. */
  crm: Crm;
  /** Where the queue a call is made for is checked to exist. */
  queues: QueueStore;
  /** Whether a trunk is there, for the trunk the outbound policy names. */
  hasTrunk: (trunkId: number) => boolean;
}

const DncQuery = z.object({
  prefix: z.string().max(20).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

/** The status a refusal answers with: 409 for a rule of the center, 503 for a full trunk. */
function refused(error: unknown): never {
  if (error instanceof OutboundRefused) {
    const status = error.reason === "trunk_full" || error.reason === "no_trunk" ? 503 : 409;
    throw new ApiError(status, error.reason, error.message);
  }
  throw error;
}

/** E.164 for a number typed in, with the policy's trunk country; 400 when it is not one. */
function e164(raw: string): string {
  const parsed = parsePhone(raw, "86");
  if (!parsed.ok) throw ApiError.badRequest(`The number cannot be used: ${parsed.reason}`);
  return parsed.e164;
}

/**
 * Calling out: an agent's click-to-call (`POST /calls`, agent first), the do-not-call
 * list, and the center's outbound policy (trunk, caller ID, calling hours, callback
 * retries).
 */
export function mountOutboundRoutes(target: RouteTarget, deps: OutboundRouteDeps): void {
  const { clickToCall, dnc, outboundPolicy, desk } = deps;
  /**
   * A call made for a customer, case, queue or follow-up that is not there is refused at
   * that field before anything is dialled: the call's and the contact's rows could not
   * name it, and the follow-up would not count the attempt.
   */
  const assertReferences = (input: ClickToCallInput) => {
    const missing: { path: string; message: string; code: string }[] = [];
    if (input.customer_id != null && !deps.crm.customers.get(input.customer_id)) {
      missing.push({
        path: "customer_id",
        message: `there is no customer ${input.customer_id}`,
        code: "unknown_customer",
      });
    }
    if (input.case_id != null && !deps.crm.cases.get(input.case_id)) {
      missing.push({
        path: "case_id",
        message: `there is no case ${input.case_id}`,
        code: "unknown_case",
      });
    }
    if (input.queue_id != null && !deps.queues.get(input.queue_id)) {
      missing.push({
        path: "queue_id",
        message: `there is no queue ${input.queue_id}`,
        code: "unknown_queue",
      });
    }
    if (input.follow_up_id != null && !deps.crm.followUps.get(input.follow_up_id)) {
      missing.push({
        path: "follow_up_id",
        message: `there is no follow-up ${input.follow_up_id}`,
        code: "unknown_follow_up",
      });
    }
    if (missing.length > 0) throw ApiError.unknownReferences(missing);
  };

  route(target, {
    method: "post",
    path: "/calls",
    summary:
      "Call a number for the signed-in agent: your phone rings first, then the number on the trunk",
    tag: "outbound",
    access: ROLE_GROUPS.anyone,
    body: ClickToCallSchema,
    status: 202,
  }, async (c) => {
    const input = await readJson(c, ClickToCallSchema);
    assertReferences(input);
    const user = c.get("user")!;
    const info = desk.agentOf(user.id);
    let started;
    try {
      started = clickToCall.start({
        userId: user.id,
        username: user.username,
        extension: info?.extension ?? user.extension ?? null,
      }, input);
    } catch (error) {
      refused(error);
    }
    c.set("audit", {
      entity: "calls",
      details: { number: started.number, customer_id: input.customer_id ?? null },
    });
    return c.json({ call: started }, 202);
  });

  route(target, {
    method: "get",
    path: "/dnc",
    summary: "The do-not-call list, newest first",
    tag: "outbound",
    access: ROLE_GROUPS.supervisors,
    query: DncQuery,
  }, (c) => {
    const query = readQuery(c, DncQuery);
    return c.json({ entries: dnc.list(query), total: dnc.count() });
  });

  route(target, {
    method: "get",
    path: "/dnc/:number",
    summary: "Whether a number is on the do-not-call list",
    tag: "outbound",
    access: ROLE_GROUPS.anyone,
  }, (c) => {
    const number = e164(c.req.param("number") ?? "");
    return c.json({ number, listed: dnc.has(number), entry: dnc.get(number) ?? null });
  });

  route(target, {
    method: "post",
    path: "/dnc",
    summary: "Put a number on the do-not-call list; no call goes to it from then on",
    tag: "outbound",
    access: ROLE_GROUPS.anyone,
    body: DncInputSchema,
    status: 201,
  }, async (c) => {
    const input = await readJson(c, DncInputSchema);
    const number = e164(input.number);
    const entry = dnc.add(number, { ...input, by: c.get("user")!.id });
    c.set("audit", { entity: "dnc", details: { number, reason: entry.reason } });
    return c.json({ entry }, 201);
  });

  route(target, {
    method: "delete",
    path: "/dnc/:number",
    summary: "Take a number off the do-not-call list",
    tag: "outbound",
    access: ROLE_GROUPS.supervisors,
  }, (c) => {
    const number = e164(c.req.param("number") ?? "");
    if (!dnc.remove(number)) throw ApiError.notFound(`Do-not-call entry ${number}`);
    c.set("audit", { entity: "dnc", details: { number } });
    return c.json({ removed: number });
  });

  route(target, {
    method: "get",
    path: "/outbound/policy",
    summary: "The center's outbound rules: trunk, caller ID, calling hours, callback retries",
    tag: "outbound",
    access: ROLE_GROUPS.supervisors,
  }, (c) => c.json({ policy: outboundPolicy.get() }));

  route(target, {
    method: "put",
    path: "/outbound/policy",
    summary: "Replace the center's outbound rules",
    tag: "outbound",
    access: ROLE_GROUPS.admins,
    body: OutboundPolicySchema,
  }, async (c) => {
    const input = await readJson(c, OutboundPolicySchema);
    // A policy dialling on a trunk that is not there is refused at that field.
    if (input.trunk_id !== null && !deps.hasTrunk(input.trunk_id)) {
      throw ApiError.unknownReferences([{
        path: "trunk_id",
        message: `there is no trunk ${input.trunk_id}`,
        code: "unknown_trunk",
      }]);
    }
    const policy = outboundPolicy.set(input);
    c.set("audit", { entity: "settings", details: { key: "outbound.policy" } });
    return c.json({ policy });
  });
}
