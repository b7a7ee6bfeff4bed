import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import { FlowDocumentSchema, type IvrDomain, VERBS } from "../../ivr/mod.ts";
import { ApiError } from "../api_error.ts";
import { route, type RouteTarget } from "../route.ts";
import { readJson } from "../validate.ts";
import { actorOf, etag, ifMatch } from "../versions.ts";
import { FlowNameSchema, flowOr404, invalid, optionalJson, VersionSchema } from "./ivr_common.ts";
import { mountIvrExchangeRoutes } from "./ivr_exchange_routes.ts";
import { quoted, stillInUse } from "./still_in_use.ts";

const CreateFlowSchema = z.object({
  name: FlowNameSchema,
  description: z.string().max(1000).optional(),
  definition: FlowDocumentSchema.optional().describe(
    "The first draft; without it the flow starts as a welcome and goodbye",
  ),
});
const RenameFlowSchema = z.object({
  name: FlowNameSchema.optional(),
  description: z.string().max(1000).optional(),
});
const PublishSchema = z.object({
  version: z.int().positive().optional().describe(
    "Re-publish an earlier version; the draft by default",
  ),
  comment: z.string().trim().max(500).optional().describe(
    "What changed, kept in the version history",
  ),
});
const RollbackSchema = z.object({ version: z.int().positive() });
const ValidateSchema = z.object({
  definition: FlowDocumentSchema.optional().describe(
    "A document to check instead of a stored version",
  ),
  version: VersionSchema.optional(),
});

function starterFlow(name: string) {
  return {
    format: 1,
    name,
    timezone: "Asia/Shanghai",
    language: "zh-CN",
    start: "welcome",
    fallback: "goodbye",
    nodes: {
      welcome: { type: "play", play: ["welcome"], exits: { next: "goodbye" } },
      goodbye: { type: "hangup", play: ["goodbye"] },
    },
  };
}

/** The node types as `/ivr/node-types` answers them; the registry is fixed, so built once. */
let nodeTypes: unknown[] | undefined;
function describeNodeTypes(): unknown[] {
  return nodeTypes ??= [...VERBS.values()].map((v) => ({
    type: v.name,
    summary: v.summary,
    // The exits of a node with no parameters yet: menus add key exits, conditions
    // one per case, which the editor knows from the node itself.
    exits: v.exits({ type: v.name, exits: {}, cases: [] } as Parameters<typeof v.exits>[0]),
    schema: z.toJSONSchema(v.schema, { io: "input", unrepresentable: "any" }),
  }));
}

export interface IvrRouteDeps {
  ivr: IvrDomain;
  /** The queues handing their callers to a flow as its post-call survey, by name. */
  queuesSurveyingWith: (flowId: number) => string[];
}

/** IVR flows: list, edit drafts, validate, publish, roll back, export/import, simulate. */
export function mountIvrRoutes(target: RouteTarget, deps: IvrRouteDeps): void {
  const { ivr } = deps;
  route(target, {
    method: "get",
    path: "/ivr/flows",
    summary: "IVR flows with their published and draft versions and DIDs",
    tag: "ivr",
    access: ROLE_GROUPS.supervisors,
  }, (c) => c.json({ flows: ivr.flows.list() }));

  route(target, {
    method: "get",
    path: "/ivr/node-types",
    summary: "Node types a flow may use, with each one's parameter schema",
    tag: "ivr",
    access: ROLE_GROUPS.supervisors,
  }, (c) => c.json({ node_types: describeNodeTypes() }));

  route(target, {
    method: "post",
    path: "/ivr/flows",
    summary:
      "Create a flow with a first draft (problems other than a malformed document are listed, not refused)",
    tag: "ivr",
    access: ROLE_GROUPS.admins,
    body: CreateFlowSchema,
    status: 201,
  }, async (c) => {
    const input = await readJson(
      c,
      CreateFlowSchema.extend({ definition: z.unknown().optional() }),
    );
    let created;
    try {
      created = ivr.createFlow({
        name: input.name,
        description: input.description,
        definition: input.definition ?? starterFlow(input.name),
      }, c.get("user")?.id ?? null);
    } catch (error) {
      invalid(error);
    }
    c.set("audit", { entity: "ivr_flows", entityId: created.id, details: { name: input.name } });
    return c.json({
      flow: ivr.flows.get(created.id),
      version: created.version,
      problems: created.problems,
    }, 201);
  });

  route(target, {
    method: "get",
    path: "/ivr/flows/:id",
    summary:
      "One flow: versions, the draft and the published document; the ETag is the draft's revision",
    tag: "ivr",
    access: ROLE_GROUPS.supervisors,
  }, (c) => {
    const flow = flowOr404(ivr, c);
    c.header("ETag", etag(flow.revision));
    return c.json({
      flow,
      versions: ivr.flows.versions(flow.id),
      draft: ivr.flows.read(flow.id, "draft")?.definition ?? null,
      published: ivr.flows.read(flow.id, "published")?.definition ?? null,
    });
  });

  route(target, {
    method: "patch",
    path: "/ivr/flows/:id",
    summary: "Rename a flow (unless other published flows name it) or change its description",
    tag: "ivr",
    access: ROLE_GROUPS.admins,
    body: RenameFlowSchema,
  }, async (c) => {
    const flow = flowOr404(ivr, c);
    const change = await readJson(c, RenameFlowSchema);
    if (change.name !== undefined && change.name !== flow.name) {
      assertNoFlowLeadsTo(flow.name, ivr, "renaming it");
    }
    try {
      ivr.flows.rename(flow.id, change);
    } catch (error) {
      invalid(error);
    }
    c.set("audit", { entity: "ivr_flows", details: change });
    return c.json({ flow: ivr.flows.get(flow.id) });
  });

  route(target, {
    method: "delete",
    path: "/ivr/flows/:id",
    summary: "Delete a flow that no number, queue or other published flow leads callers to",
    tag: "ivr",
    access: ROLE_GROUPS.admins,
    status: 204,
  }, (c) => {
    const flow = flowOr404(ivr, c);
    if (flow.dids.length > 0) {
      throw stillInUse(
        `Flow ${flow.name} answers ${flow.dids.join(", ")}; route those numbers elsewhere first`,
        { kind: "numbers", names: flow.dids },
      );
    }
    const surveying = deps.queuesSurveyingWith(flow.id);
    if (surveying.length > 0) {
      const many = surveying.length > 1;
      throw stillInUse(
        `Flow ${flow.name} is the post-call survey of queue${many ? "s" : ""} ${
          quoted(surveying)
        }; change the ${many ? "queues' surveys" : "queue's survey"} first`,
        { kind: "queues", names: surveying },
      );
    }
    assertNoFlowLeadsTo(flow.name, ivr, "removing it");
    ivr.flows.remove(flow.id);
    c.set("audit", { entity: "ivr_flows", details: { name: flow.name } });
    return c.body(null, 204);
  });

  route(target, {
    method: "put",
    path: "/ivr/flows/:id/draft",
    summary:
      "Save the draft (refused when malformed, or with If-Match when someone saved since; other problems are listed)",
    tag: "ivr",
    access: ROLE_GROUPS.admins,
    body: FlowDocumentSchema,
  }, async (c) => {
    const flow = flowOr404(ivr, c);
    const definition = await readJson(c, z.unknown());
    let saved;
    try {
      saved = ivr.saveDraft(flow.id, definition, c.get("user")?.id ?? null, {
        by: actorOf(c),
        expectedRevision: ifMatch(c),
      });
    } catch (error) {
      invalid(error);
    }
    c.set("audit", { entity: "ivr_flows", details: { version: saved.version } });
    const after = ivr.flows.get(flow.id)!;
    c.header("ETag", etag(after.revision));
    return c.json({ flow: after, ...saved });
  });

  route(target, {
    method: "post",
    path: "/ivr/flows/:id/validate",
    summary: "List every problem of the draft, a version, or a document sent in the body",
    tag: "ivr",
    access: ROLE_GROUPS.supervisors,
    body: ValidateSchema,
  }, async (c) => {
    const flow = flowOr404(ivr, c);
    const input = await optionalJson(
      c,
      ValidateSchema.extend({ definition: z.unknown().optional() }),
    );
    let definition = input.definition;
    let version: number | null = null;
    if (definition === undefined) {
      const stored = ivr.flows.read(
        flow.id,
        input.version ?? (flow.draft_version ? "draft" : "published"),
      );
      if (!stored) {
        throw ApiError.notFound(`Version ${input.version ?? "draft"} of flow ${flow.name}`);
      }
      definition = stored.definition;
      version = stored.version;
    }
    const { problems } = ivr.validate(definition, flow.name);
    return c.json({ valid: problems.length === 0, version, problems });
  });

  route(target, {
    method: "post",
    path: "/ivr/flows/:id/publish",
    summary: "Publish the draft (or re-publish a version); refused with every problem listed",
    tag: "ivr",
    access: ROLE_GROUPS.admins,
    body: PublishSchema,
  }, async (c) => {
    const flow = flowOr404(ivr, c);
    const input = await optionalJson(c, PublishSchema);
    let published;
    try {
      published = ivr.publish(flow.id, input.version ?? "draft", {
        comment: input.comment,
        by: actorOf(c),
      });
    } catch (error) {
      invalid(error);
    }
    c.set("audit", { entity: "ivr_flows", details: published });
    return c.json({ flow: ivr.flows.get(flow.id), ...published });
  });

  route(target, {
    method: "post",
    path: "/ivr/flows/:id/rollback",
    summary: "Go back to an earlier published version (the draft is kept)",
    tag: "ivr",
    access: ROLE_GROUPS.admins,
    body: RollbackSchema,
  }, async (c) => {
    const flow = flowOr404(ivr, c);
    const { version } = await readJson(c, RollbackSchema);
    let published;
    try {
      published = ivr.publish(flow.id, version);
    } catch (error) {
      invalid(error);
    }
    c.set("audit", { entity: "ivr_flows", details: { rolled_back_to: version } });
    return c.json({ flow: ivr.flows.get(flow.id), ...published });
  });

  mountIvrExchangeRoutes(target, ivr);
}

/**
 * Refuses a change to a flow's name while other published flows hand callers on to it by
 * that name (a `goto`, or a queue node's post-call survey): their callers would find no
 * flow there.
 */
function assertNoFlowLeadsTo(name: string, ivr: IvrDomain, change: string): void {
  const flows = ivr.flowsLeadingTo(name);
  if (flows.length === 0) return;
  const many = flows.length > 1;
  throw stillInUse(
    `Published flow${many ? "s" : ""} ${quoted(flows)} hand${many ? "" : "s"} callers on to ` +
      `flow "${name}" by its name; ${change} would leave them nowhere to go. Publish ` +
      `${many ? "them" : "it"} leading elsewhere first`,
    { kind: "flows", names: flows },
  );
}
