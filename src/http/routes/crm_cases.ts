import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import {
  allowedMoves,
  CASE_STATUSES,
  CaseUpdateSchema,
  MAX_ATTACHMENT_BYTES,
  NewCaseSchema,
  type SlaRule,
} from "../../crm/mod.ts";
import { ApiError } from "../api_error.ts";
import type { RouteTarget } from "../route.ts";
import { idParam, readJson, readQuery } from "../validate.ts";
import { etag, ifMatch } from "../versions.ts";
import { actorId, crmRoute, type CrmRouteDeps, readBytes } from "./crm_common.ts";

const ListQuery = z.object({
  customer_id: z.coerce.number().int().positive().optional(),
  assignee_id: z.coerce.number().int().positive().optional(),
  status: z.enum(CASE_STATUSES).optional(),
  open: z.enum(["1", "0"]).optional(),
  mine: z.enum(["1", "0"]).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
const TransitionBody = z.object({
  to: z.enum(CASE_STATUSES),
  note: z.string().max(20_000).optional(),
});
const EscalateBody = z.object({
  note: z.string().trim().min(1, "tier 2 needs a handover note").max(20_000),
  assignee_id: z.number().int().positive().nullable().optional(),
  team_id: z.number().int().positive().nullable().optional(),
});
const SendBackBody = z.object({
  note: z.string().trim().min(1, "tier 1 needs a resolution note").max(20_000),
});
const NoteBody = z.object({ body: z.string().trim().min(1).max(20_000) });
const MergeBody = z.object({ duplicate_id: z.number().int().positive() });
const AttachmentQuery = z.object({
  name: z.string().trim().min(1, "give the file name as ?name=").max(200),
});

/** Cases (work orders): workflow, escalation, notes, attachments, history and merge. */
export function mountCrmCaseRoutes(target: RouteTarget, { crm }: CrmRouteDeps): void {
  crmRoute(target, {
    method: "get",
    path: "/cases",
    summary: "List cases, last touched first (filter by customer, assignee, status; mine=1)",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    query: ListQuery,
  }, (c) => {
    const q = readQuery(c, ListQuery);
    const cases = crm.cases.list({
      customerId: q.customer_id,
      assigneeId: q.mine === "1" ? actorId(c) : q.assignee_id,
      status: q.status,
      open: q.open === "1",
      limit: q.limit,
    });
    return c.json({ cases });
  });

  crmRoute(target, {
    method: "post",
    path: "/cases",
    summary: "Open a case; its due time comes from the SLA rule for category and priority",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    body: NewCaseSchema,
    status: 201,
  }, async (c) => {
    const input = await readJson(c, NewCaseSchema);
    const created = crm.cases.create(input, actorId(c));
    c.set("audit", {
      entity: "cases",
      entityId: created.id,
      details: { customer_id: created.customer_id },
    });
    return c.json({ case: created }, 201);
  });

  crmRoute(target, {
    method: "get",
    path: "/cases/:id",
    summary:
      "One case (with customer, owner and team names) with notes, attachments, change history and the moves it allows",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
  }, (c) => {
    const id = idParam(c, "id", "Case");
    const found = crm.cases.require(id);
    c.header("ETag", etag(found.version));
    return c.json({
      // With the customer's, owner's and team's names, so the case page needs one read.
      case: crm.caseSearch.row(id) ?? found,
      allowed_moves: allowedMoves(found.status),
      // How the case's SLA clock runs, so the page shows a pause only where the rule pauses.
      sla: slaOf(crm.sla.ruleFor(found.category, found.priority)),
      notes: crm.cases.notes(id),
      attachments: crm.attachments.list(id),
      history: crm.cases.history(id),
    });
  });

  crmRoute(target, {
    method: "patch",
    path: "/cases/:id",
    summary:
      "Change subject, category, priority, tier, assignee or due time (each change kept; If-Match refuses a stale save)",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    body: CaseUpdateSchema,
  }, async (c) => {
    const id = idParam(c, "id", "Case");
    const change = await readJson(c, CaseUpdateSchema);
    const updated = crm.cases.update(id, change, actorId(c), ifMatch(c));
    c.header("ETag", etag(updated.version));
    c.set("audit", { entity: "cases", details: change });
    return c.json({ case: updated });
  });

  crmRoute(target, {
    method: "post",
    path: "/cases/:id/transition",
    summary: "Move a case to another status (409 for a move the workflow does not allow)",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    body: TransitionBody,
  }, async (c) => {
    const id = idParam(c, "id", "Case");
    const { to, note } = await readJson(c, TransitionBody);
    const updated = crm.cases.transition(id, to, actorId(c), note, ifMatch(c));
    c.header("ETag", etag(updated.version));
    c.set("audit", { entity: "cases", details: { to } });
    return c.json({ case: updated, allowed_moves: allowedMoves(updated.status) });
  });

  crmRoute(target, {
    method: "post",
    path: "/cases/:id/escalate",
    summary: "Escalate to tier 2 (a team and/or a person) with a handover note",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    body: EscalateBody,
  }, async (c) => {
    const id = idParam(c, "id", "Case");
    const { note, assignee_id, team_id } = await readJson(c, EscalateBody);
    const updated = crm.cases.escalate(id, {
      note,
      assigneeId: assignee_id,
      teamId: team_id,
      expectedVersion: ifMatch(c),
    }, actorId(c));
    c.set("audit", { entity: "cases", details: { assignee_id, team_id } });
    c.header("ETag", etag(updated.version));
    return c.json({ case: updated, notes: crm.cases.notes(id) });
  });

  crmRoute(target, {
    method: "post",
    path: "/cases/:id/send-back",
    summary: "Tier 2 resolves a case and sends it back to the tier-1 agent with a note",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    body: SendBackBody,
  }, async (c) => {
    const id = idParam(c, "id", "Case");
    const { note } = await readJson(c, SendBackBody);
    const updated = crm.cases.sendBack(id, { note, expectedVersion: ifMatch(c) }, actorId(c));
    c.set("audit", { entity: "cases", details: { sent_back: true } });
    c.header("ETag", etag(updated.version));
    return c.json({ case: updated, notes: crm.cases.notes(id) });
  });

  crmRoute(target, {
    method: "post",
    path: "/cases/:id/notes",
    summary: "Add a note to a case",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    body: NoteBody,
    status: 201,
  }, async (c) => {
    const id = idParam(c, "id", "Case");
    const { body } = await readJson(c, NoteBody);
    const note = crm.cases.addNote(id, body, actorId(c));
    c.set("audit", { entity: "cases", details: { note_id: note.id } });
    return c.json({ note }, 201);
  });

  crmRoute(target, {
    method: "post",
    path: "/cases/:id/attachments",
    summary:
      "Attach a file: the raw bytes as the body, its name as ?name=, its type as Content-Type",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    query: AttachmentQuery,
    status: 201,
  }, async (c) => {
    const id = idParam(c, "id", "Case");
    const { name } = readQuery(c, AttachmentQuery);
    const bytes = await readBytes(c, MAX_ATTACHMENT_BYTES);
    const attachment = crm.attachments.add(id, {
      name,
      contentType: c.req.header("content-type") ?? "application/octet-stream",
      bytes,
    }, actorId(c));
    c.set("audit", {
      entity: "cases",
      details: {
        attachment_id: attachment.id,
        sha256: attachment.sha256,
        name: attachment.file_name,
      },
    });
    return c.json({ attachment }, 201);
  });

  crmRoute(target, {
    method: "get",
    path: "/cases/:id/attachments/:attachmentId",
    summary: "Download an attachment",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
  }, (c) => {
    const id = idParam(c, "id", "Case");
    const attachmentId = idParam(c, "attachmentId", "Attachment");
    const attachment = crm.attachments.get(attachmentId);
    if (!attachment || attachment.case_id !== id) {
      throw ApiError.notFound(`Attachment ${attachmentId}`);
    }
    const bytes = crm.attachments.read(attachment);
    return c.body(bytes.buffer as ArrayBuffer, 200, {
      "Content-Type": attachment.content_type,
      "Content-Disposition": `attachment; filename*=UTF-8''${
        encodeURIComponent(attachment.file_name)
      }`,
      "X-Content-Type-Options": "nosniff",
      "Digest": `sha-256=${btoa(String.fromCharCode(...hexBytes(attachment.sha256)))}`,
    });
  });

  crmRoute(target, {
    method: "post",
    path: "/cases/:id/merge",
    summary: "Merge a duplicate case of the same customer into this one",
    tag: "crm",
    access: ROLE_GROUPS.anyone,
    body: MergeBody,
  }, async (c) => {
    const id = idParam(c, "id", "Case");
    const { duplicate_id } = await readJson(c, MergeBody);
    const merged = crm.cases.merge(id, duplicate_id, actorId(c));
    c.set("audit", { entity: "cases", details: { duplicate_id } });
    return c.json({ case: merged });
  });
}

function hexBytes(hex: string): number[] {
  return hex.match(/../g)!.map((h) => parseInt(h, 16));
}

function slaOf(rule: SlaRule | undefined) {
  return rule ? { clock: rule.clock, pause_when_waiting: rule.pause_when_waiting } : null;
}
