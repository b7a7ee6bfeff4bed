import type { Handler } from "hono";
import { z } from "zod";
import { type AuditLog, ROLE_GROUPS } from "../../auth/mod.ts";
import {
  type EmailChannel,
  EmailError,
  MailboxSchema,
  MailboxUpdateSchema,
  viewOf,
} from "../../email/mod.ts";
import { ApiError } from "../api_error.ts";
import type { AppEnv } from "../env.ts";
import type { RouteDoc } from "../openapi.ts";
import { route, type RouteTarget } from "../route.ts";
import { idParam, readJson, readQuery } from "../validate.ts";
import { toApiError } from "./crm_common.ts";

export interface EmailRouteDeps {
  email: EmailChannel;
  audit: AuditLog;
  /** Whether a queue is there, for the queue whose agents answer a mailbox. */
  hasQueue: (queueId: number) => boolean;
}

const ReplyBody = z.object({
  body: z.string().trim().min(1, "the reply is empty").max(100_000),
  attachment_ids: z.array(z.number().int().positive()).max(20).optional(),
});
const WaitingQuery = z.object({
  queue_id: z.coerce.number().int().positive().optional(),
});

function emailError(error: unknown): unknown {
  if (error instanceof EmailError) {
    if (error.kind === "not_found") return ApiError.notFound(error.message);
    if (error.kind === "unreachable") return new ApiError(502, "unreachable", error.message);
    return ApiError.badRequest(error.message);
  }
  return toApiError(error);
}

function emailRoute(target: RouteTarget, spec: RouteDoc, handler: Handler<AppEnv>): void {
  route(target, spec, async (c, next) => {
    try {
      return await handler(c, next);
    } catch (error) {
      throw emailError(error);
    }
  });
}

/** Mailboxes (admins), the e-mail thread on a case, replies and the e-mail work list. */
export function mountEmailRoutes(target: RouteTarget, { email, hasQueue }: EmailRouteDeps): void {
  /** A mailbox answered by a queue that is not there is refused at that field. */
  const assertQueue = (queueId: number | null | undefined) => {
    if (queueId === null || queueId === undefined || hasQueue(queueId)) return;
    throw ApiError.unknownReferences([
      { path: "queue_id", message: `there is no queue ${queueId}`, code: "unknown_queue" },
    ]);
  };

  emailRoute(target, {
    method: "get",
    path: "/mailboxes",
    summary: "The mailboxes read into cases, with their last fetch and last error",
    tag: "email",
    access: ROLE_GROUPS.supervisors,
  }, (c) => c.json({ mailboxes: email.mailboxes.list().map(viewOf) }));

  emailRoute(target, {
    method: "post",
    path: "/mailboxes",
    summary: "Add a mailbox (IMAP to read, SMTP to send); reading starts at once",
    tag: "email",
    access: ROLE_GROUPS.admins,
    body: MailboxSchema,
    status: 201,
  }, async (c) => {
    const input = await readJson(c, MailboxSchema);
    assertQueue(input.queue_id);
    const created = email.mailboxes.create(input);
    email.poller.reschedule();
    c.set("audit", { entity: "mailboxes", entityId: created.id, details: { name: created.name } });
    return c.json({ mailbox: viewOf(created) }, 201);
  });

  emailRoute(target, {
    method: "patch",
    path: "/mailboxes/:id",
    summary: "Change a mailbox; an empty password keeps the stored one",
    tag: "email",
    access: ROLE_GROUPS.admins,
    body: MailboxUpdateSchema,
  }, async (c) => {
    const id = idParam(c, "id", "Mailbox");
    // A mailbox that is not there is a 404 whatever the body says.
    if (!email.mailboxes.get(id)) throw ApiError.notFound(`Mailbox ${id}`);
    const change = await readJson(c, MailboxUpdateSchema);
    assertQueue(change.queue_id);
    const updated = email.mailboxes.update(id, change);
    email.poller.reschedule();
    c.set("audit", { entity: "mailboxes", entityId: id, details: { name: updated.name } });
    return c.json({ mailbox: viewOf(updated) });
  });

  emailRoute(target, {
    method: "delete",
    path: "/mailboxes/:id",
    summary: "Stop reading a mailbox; its e-mails stay with their cases",
    tag: "email",
    access: ROLE_GROUPS.admins,
  }, (c) => {
    const id = idParam(c, "id", "Mailbox");
    email.mailboxes.remove(id);
    email.poller.reschedule();
    c.set("audit", { entity: "mailboxes", entityId: id, details: {} });
    return c.body(null, 204);
  });

  emailRoute(target, {
    method: "post",
    path: "/mailboxes/:id/test",
    summary: "Sign in to the mailbox's IMAP and SMTP servers without reading or sending",
    tag: "email",
    access: ROLE_GROUPS.admins,
  }, async (c) => {
    const mailbox = email.mailboxes.require(idParam(c, "id", "Mailbox"));
    return c.json({ test: await email.test(mailbox) });
  });

  emailRoute(target, {
    method: "post",
    path: "/mailboxes/:id/fetch",
    summary: "Read the mailbox now instead of at its next turn",
    tag: "email",
    access: ROLE_GROUPS.supervisors,
  }, async (c) => {
    const id = idParam(c, "id", "Mailbox");
    try {
      return c.json({ fetched: await email.poller.fetchNow(id) });
    } catch (error) {
      if (error instanceof EmailError) throw error;
      throw new EmailError("unreachable", error instanceof Error ? error.message : String(error));
    }
  });

  emailRoute(target, {
    method: "get",
    path: "/cases/:id/emails",
    summary: "The case's e-mails in and out, oldest first (HTML already sanitised)",
    tag: "email",
    access: ROLE_GROUPS.anyone,
  }, (c) => c.json({ emails: email.desk.thread(idParam(c, "id", "Case")) }));

  emailRoute(target, {
    method: "post",
    path: "/cases/:id/emails",
    summary: "Reply to the customer by e-mail, threaded to their last e-mail",
    tag: "email",
    access: ROLE_GROUPS.anyone,
    body: ReplyBody,
    status: 201,
  }, async (c) => {
    const caseId = idParam(c, "id", "Case");
    const input = await readJson(c, ReplyBody);
    const sent = await email.desk.reply(caseId, c.get("user")?.id ?? null, input)
      .catch((error) => {
        if (error instanceof Error && !(error instanceof EmailError) && "code" in error) {
          // nodemailer's connection and protocol errors carry a code: the server's fault.
          throw new EmailError("unreachable", `The e-mail could not be sent: ${error.message}`);
        }
        throw error;
      });
    c.set("audit", { entity: "cases", entityId: caseId, details: { email: sent.id } });
    return c.json({ email: sent }, 201);
  });

  emailRoute(target, {
    method: "get",
    path: "/email/waiting",
    summary: "E-mails waiting for a first reply, oldest first, with age and service level",
    tag: "email",
    access: ROLE_GROUPS.anyone,
    query: WaitingQuery,
  }, (c) => {
    const q = readQuery(c, WaitingQuery);
    return c.json({
      waiting: email.desk.waiting(q.queue_id ? { queueIds: [q.queue_id] } : {}),
    });
  });

  emailRoute(target, {
    method: "post",
    path: "/email/waiting/:id/take",
    summary: "Take a waiting e-mail: its case is assigned to the agent",
    tag: "email",
    access: ROLE_GROUPS.anyone,
  }, (c) => {
    const caseId = idParam(c, "id", "Case");
    email.desk.take(caseId, c.get("user")!.id);
    return c.json({ case: caseId });
  });
}
