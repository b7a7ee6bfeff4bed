import { ROLE_GROUPS } from "../../auth/mod.ts";
import { type QueueDesk, ReasonCodeInputSchema, type ReasonCodeStore } from "../../queues/mod.ts";
import { ApiError } from "../api_error.ts";
import { route, type RouteTarget } from "../route.ts";
import { idParam, readJson } from "../validate.ts";
import { actorOf, asSentBack, etag, ifMatch } from "../versions.ts";
import { queueError } from "./queue_error.ts";

/**
 * Not-ready reason codes: what agents say when they step away, whether that time is
 * paid and how long it should last. The running ACD learns of a change through
 * `QueueDesk.reload()`.
 */
export function mountReasonCodeRoutes(
  target: RouteTarget,
  deps: { reasons: ReasonCodeStore; desk: QueueDesk },
): void {
  const { reasons, desk } = deps;
  /** Agents not ready for `code` right now, by name. */
  const inUse = (code: string): string[] =>
    desk.engine.agents()
      .filter((a) => a.state === "not_ready" && a.reason === code)
      .map((a) => desk.setup.agents.get(a.id)?.username ?? a.id);

  route(target, {
    method: "get",
    path: "/reason-codes",
    summary: "Not-ready reason codes with whether they are paid and their time limit",
    tag: "acd",
    access: ROLE_GROUPS.anyone,
  }, (c) => c.json({ reason_codes: reasons.list() }));

  route(target, {
    method: "get",
    path: "/reason-codes/:id",
    summary: "One reason code; its ETag is the version to send back in If-Match",
    tag: "acd",
    access: ROLE_GROUPS.supervisors,
  }, (c) => {
    const id = idParam(c, "id", "Reason code");
    const reason = reasons.get(id);
    if (!reason) throw ApiError.notFound(`Reason code ${id}`);
    c.header("ETag", etag(reason.version));
    return c.json({ reason_code: reason });
  });

  route(target, {
    method: "post",
    path: "/reason-codes",
    summary: "Add a not-ready reason agents can choose",
    tag: "acd",
    access: ROLE_GROUPS.admins,
    body: ReasonCodeInputSchema,
    status: 201,
  }, async (c) => {
    const input = await readJson(c, asSentBack(ReasonCodeInputSchema));
    let reason;
    try {
      reason = reasons.create(input, actorOf(c));
    } catch (error) {
      queueError(error);
    }
    desk.reload();
    c.set("audit", { entity: "reason_codes", entityId: reason.id, details: input });
    c.header("ETag", etag(reason.version));
    return c.json({ reason_code: reason, applied: !desk.reloadPending }, 201);
  });

  route(target, {
    method: "put",
    path: "/reason-codes/:id",
    summary: "Change a reason; its code only while no agent is in it; stale saves are a 409",
    tag: "acd",
    access: ROLE_GROUPS.admins,
    body: ReasonCodeInputSchema,
  }, async (c) => {
    const id = idParam(c, "id", "Reason code");
    const input = await readJson(c, asSentBack(ReasonCodeInputSchema));
    let reason;
    try {
      reason = reasons.update(id, input, actorOf(c), ifMatch(c), inUse);
    } catch (error) {
      queueError(error);
    }
    desk.reload();
    c.set("audit", { entity: "reason_codes", details: input });
    c.header("ETag", etag(reason.version));
    return c.json({ reason_code: reason, applied: !desk.reloadPending });
  });

  route(target, {
    method: "delete",
    path: "/reason-codes/:id",
    summary: "Remove a reason no agent is in now (refused naming them otherwise)",
    tag: "acd",
    access: ROLE_GROUPS.admins,
    status: 204,
  }, (c) => {
    try {
      reasons.remove(idParam(c, "id", "Reason code"), inUse);
    } catch (error) {
      queueError(error);
    }
    desk.reload();
    c.set("audit", { entity: "reason_codes" });
    return c.body(null, 204);
  });
}
