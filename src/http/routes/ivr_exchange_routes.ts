import type { Context } from "hono";
import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import {
  FlowDocumentSchema,
  type IvrDomain,
  KEYPAD_NOTATION,
  type VersionRef,
} from "../../ivr/mod.ts";
import { ApiError } from "../api_error.ts";
import type { AppEnv } from "../env.ts";
import { route, type RouteTarget } from "../route.ts";
import { readJson, readQuery } from "../validate.ts";
import { actorOf } from "../versions.ts";
import { FlowNameSchema, flowOr404, invalid, VersionSchema } from "./ivr_common.ts";

const VersionQuerySchema = z.object({
  version: VersionSchema.optional().describe("draft, published or a version number"),
});
const SimulateSchema = z.object({
  caller: z.string().trim().min(1).max(40).default("anonymous").describe(
    "The caller's number as a trunk would deliver it (+8613800138000)",
  ),
  did: z.string().trim().max(40).optional().describe(
    "The number dialled; the flow's first DID by default",
  ),
  digits: z.string().max(1000).default("").describe(KEYPAD_NOTATION),
  at: z.iso.datetime({ offset: true }).optional().describe(
    "When the call starts, ISO 8601 with offset (2026-05-01T22:00:00+08:00); now by default",
  ),
  version: VersionSchema.optional().describe(
    "draft (default when there is one), published or a number",
  ),
  variables: z.record(
    z.string().regex(/^[a-z_][a-z0-9_.]*$/),
    z.union([z.string(), z.number(), z.boolean(), z.null()]),
  )
    .optional().describe("Starting variables, e.g. agent_id for a post-call survey"),
});
const ImportQuerySchema = z.object({
  publish: z.enum(["true", "false"]).optional().describe(
    "Publish right away when the flow has no problems",
  ),
});

function versionOf(c: Context<AppEnv>): VersionRef | undefined {
  return readQuery(c, VersionQuerySchema).version;
}

/** Moving flows in and out of the appliance: export, import, and the simulator. */
export function mountIvrExchangeRoutes(target: RouteTarget, ivr: IvrDomain): void {
  route(target, {
    method: "get",
    path: "/ivr/flows/:id/export",
    summary: "Download a version as a flow document (published by default)",
    tag: "ivr",
    access: ROLE_GROUPS.supervisors,
    query: VersionQuerySchema,
  }, (c) => {
    const flow = flowOr404(ivr, c);
    const ref = versionOf(c) ?? (flow.published_version ? "published" : "draft");
    const stored = ivr.flows.read(flow.id, ref);
    if (!stored) throw ApiError.notFound(`Version ${ref} of flow ${flow.name}`);
    const file = `${
      flow.name.replace(/[^A-Za-z0-9_-]+/g, "_").toLowerCase()
    }.v${stored.version}.json`;
    c.header("Content-Disposition", `attachment; filename="${file}"`);
    return c.json({
      ...(stored.definition as object),
      name: flow.name,
      description: flow.description,
    });
  });

  route(target, {
    method: "post",
    path: "/ivr/flows/import",
    summary: "Import a flow document: a new flow, or a new draft of the flow with its name",
    tag: "ivr",
    access: ROLE_GROUPS.admins,
    body: FlowDocumentSchema,
    query: ImportQuerySchema,
  }, async (c) => {
    const { publish } = readQuery(c, ImportQuerySchema);
    const document = await readJson(c, z.unknown());
    const name = FlowNameSchema.safeParse((document as { name?: unknown } | null)?.name);
    if (!name.success) throw ApiError.badRequest("The flow document needs a name");
    const description = (document as { description?: unknown }).description;
    const existing = ivr.flows.byName(name.data);
    const userId = c.get("user")?.id ?? null;
    let result;
    try {
      if (existing) {
        result = {
          id: existing.id,
          ...ivr.saveDraft(existing.id, document, userId, { by: actorOf(c) }),
        };
      } else {
        result = ivr.createFlow({
          name: name.data,
          description: typeof description === "string" ? description : "",
          definition: document,
        }, userId);
      }
      if (publish === "true") {
        ivr.publish(result.id, "draft", { comment: "Imported", by: actorOf(c) });
      }
    } catch (error) {
      invalid(error);
    }
    c.set("audit", {
      entity: "ivr_flows",
      entityId: result.id,
      details: { name: name.data, version: result.version, published: publish === "true" },
    });
    return c.json(
      {
        flow: ivr.flows.get(result.id),
        version: result.version,
        problems: result.problems,
        created: !existing,
      },
      existing ? 200 : 201,
    );
  });

  route(target, {
    method: "post",
    path: "/ivr/flows/:id/simulate",
    summary:
      "Run a version without a phone: keypad script in, prompts, variables, events and route out",
    tag: "ivr",
    access: ROLE_GROUPS.supervisors,
    body: SimulateSchema,
  }, async (c) => {
    const flow = flowOr404(ivr, c);
    const input = await readJson(c, SimulateSchema);
    const ref = input.version ?? (flow.draft_version ? "draft" : "published");
    let run;
    try {
      run = ivr.simulate(flow.id, ref, {
        caller: input.caller,
        did: input.did,
        digits: input.digits,
        at: input.at ? Date.parse(input.at) : ivr.clock.now(),
        variables: input.variables,
      });
    } catch (error) {
      if (error instanceof RangeError) throw ApiError.badRequest(error.message);
      throw error;
    }
    if (!run) {
      const stored = ivr.flows.read(flow.id, ref);
      if (!stored) throw ApiError.notFound(`Version ${ref} of flow ${flow.name}`);
      const problems = ivr.validate(stored.definition, flow.name).problems;
      throw new ApiError(
        422,
        "invalid_flow",
        `Version ${stored.version} of ${flow.name} is malformed and cannot run`,
        {
          problems,
        },
      );
    }
    const result = await run;
    const stored = ivr.flows.read(flow.id, ref)!;
    return c.json({
      flow_id: flow.id,
      version: stored.version,
      problems: ivr.validate(stored.definition, flow.name).problems,
      ...result,
    });
  });
}
