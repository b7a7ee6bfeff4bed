import { ROLE_GROUPS } from "../../auth/mod.ts";
import { QueueInputSchema } from "../../queues/mod.ts";
import { ApiError } from "../api_error.ts";
import { route, type RouteTarget } from "../route.ts";
import { idParam, readJson } from "../validate.ts";
import { mountAcdAgentRoutes } from "./acd_agent_routes.ts";
import type { AcdRouteDeps } from "./acd_route_deps.ts";
import { mountAcdCallRoutes } from "./acd_call_routes.ts";
import { mountAcdMonitorRoutes } from "./acd_monitor_routes.ts";
import { mountAcdTransferRoutes } from "./acd_transfer_routes.ts";
import { queueError } from "./queue_error.ts";
import { quoted, stillInUse } from "./still_in_use.ts";
import { actorOf, asSentBack, etag, ifMatch } from "../versions.ts";

/**
 * The ACD's API: queues and their live status, agents and their states, and what
 * supervisors and the agent desktop do with queued and connected calls.
 */
export function mountAcdRoutes(target: RouteTarget, deps: AcdRouteDeps): void {
  const { desk, queues } = deps;

  route(target, {
    method: "get",
    path: "/queues/status",
    summary:
      "Live queue status: calls waiting, longest wait, agents by state, today's SL, ASA and abandon rate",
    tag: "acd",
    access: ROLE_GROUPS.anyone,
  }, (c) => c.json({ queues: desk.status.status(), at: new Date(deps.clock.now()).toISOString() }));

  route(target, {
    method: "get",
    path: "/queues",
    summary: "Queues with their strategy, required skills, members and timers",
    tag: "acd",
    access: ROLE_GROUPS.anyone,
  }, (c) => c.json({ queues: queues.list() }));

  route(target, {
    method: "get",
    path: "/queues/:id",
    summary: "One queue",
    tag: "acd",
    access: ROLE_GROUPS.anyone,
  }, (c) => {
    const id = idParam(c, "id", "Queue");
    const queue = queues.get(id);
    if (!queue) throw ApiError.notFound(`Queue ${id}`);
    c.header("ETag", etag(queue.version ?? 1));
    return c.json({ queue });
  });

  const save = async (c: Parameters<Parameters<typeof route>[2]>[0], id?: number) => {
    // A queue that is not there is a 404 whatever the body says.
    if (id !== undefined && !queues.get(id)) throw ApiError.notFound(`Queue ${id}`);
    const input = await readJson(c, asSentBack(QueueInputSchema));
    // A queue handing its callers to a survey flow that is not there is refused at that field.
    const surveyFlow = input.options.survey_flow_id;
    if (surveyFlow !== undefined && !deps.hasFlow(surveyFlow)) {
      throw ApiError.unknownReferences([{
        path: "options.survey_flow_id",
        message: `there is no call flow ${surveyFlow}`,
        code: "unknown_flow",
      }]);
    }
    const before = id === undefined ? undefined : queues.get(id);
    if (before && before.name !== input.name) {
      assertNoFlowRoutesTo(before.name, deps, `naming it "${input.name}"`);
    }
    let queue;
    try {
      queue = queues.save(input, id, actorOf(c), id === undefined ? undefined : ifMatch(c));
    } catch (error) {
      queueError(error);
    }
    desk.reload();
    c.set("audit", { entity: "queues", entityId: queue.id, details: input });
    c.header("ETag", etag(queue.version ?? 1));
    // A busy center applies the change once no call is in the ACD.
    return { queue, applied: !desk.reloadPending };
  };

  route(target, {
    method: "post",
    path: "/queues",
    summary: "Create a queue; configurations that cannot work are refused with every reason",
    tag: "acd",
    access: ROLE_GROUPS.admins,
    body: QueueInputSchema,
    status: 201,
  }, async (c) => c.json(await save(c), 201));

  route(target, {
    method: "put",
    path: "/queues/:id",
    summary: "Replace a queue's settings, skills and members; with If-Match, a stale save is a 409",
    tag: "acd",
    access: ROLE_GROUPS.admins,
    body: QueueInputSchema,
  }, async (c) => c.json(await save(c, idParam(c, "id", "Queue"))));

  route(target, {
    method: "delete",
    path: "/queues/:id",
    summary: "Remove a queue no number, flow or mailbox sends to and nothing overflows to",
    tag: "acd",
    access: ROLE_GROUPS.admins,
    status: 204,
  }, (c) => {
    const id = idParam(c, "id", "Queue");
    const queue = queues.get(id);
    if (!queue) throw ApiError.notFound(`Queue ${id}`);
    assertNoFlowRoutesTo(queue.name, deps, "removing it");
    const live = desk.status.status().find((q) => q.queue_id === id);
    if (live && live.calls_waiting > 0) {
      throw ApiError.conflict(
        `${live.calls_waiting} calls are waiting in this queue; move them first`,
      );
    }
    assertNoMailboxNames(id, deps);
    const campaigns = deps.campaignsOfQueue(id);
    if (campaigns.length > 0) {
      const many = campaigns.length > 1;
      throw stillInUse(
        `Campaign${many ? "s" : ""} ${quoted(campaigns)} put${many ? "" : "s"} ` +
          `${many ? "their" : "its"} calls through to this queue; stop ${many ? "them" : "it"} ` +
          "or choose another queue first",
        { kind: "campaigns", names: campaigns },
      );
    }
    try {
      queues.remove(id);
    } catch (error) {
      queueError(error);
    }
    desk.reload();
    return c.body(null, 204);
  });

  mountAcdAgentRoutes(target, deps);
  mountAcdCallRoutes(target, deps);
  mountAcdTransferRoutes(target, deps);
  mountAcdMonitorRoutes(target, deps.monitors);
}

/**
 * Refuses removing or renaming a queue that published flows send callers to: they name it
 * by its name, and callers reaching that node would find no queue.
 */
function assertNoFlowRoutesTo(queueName: string, deps: AcdRouteDeps, change: string): void {
  const flows = deps.flowsRoutingTo(queueName);
  if (flows.length === 0) return;
  const many = flows.length > 1;
  throw stillInUse(
    `Published flow${many ? "s" : ""} ${quoted(flows)} send${many ? "" : "s"} callers to queue ` +
      `"${queueName}" by its name; ${change} would leave them nowhere to go. Publish ` +
      `${many ? "them" : "it"} sending callers elsewhere first`,
    { kind: "flows", names: flows },
  );
}

/**
 * Refuses removing a queue that a mailbox still names by its id. Saved reports about it
 * do not hold it: they are their owners' own, and say the queue is gone when run.
 */
function assertNoMailboxNames(queueId: number, deps: AcdRouteDeps): void {
  const mailboxes = deps.mailboxesOfQueue(queueId);
  if (mailboxes.length > 0) {
    const many = mailboxes.length > 1;
    throw stillInUse(
      `Mailbox${many ? "es" : ""} ${quoted(mailboxes)} hand${many ? "" : "s"} ${
        many ? "their" : "its"
      } e-mails to this queue; choose another queue for ${many ? "them" : "it"} first`,
      { kind: "mailboxes", names: mailboxes },
    );
  }
}

export type { AcdRouteDeps };
