import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import {
  IVR_LANGUAGES,
  type IvrDomain,
  PromptFormatError,
  ScheduleNameSchema,
  ScheduleSchema,
} from "../../ivr/mod.ts";
import { ApiError } from "../api_error.ts";
import { route, type RouteTarget } from "../route.ts";
import { readJson, readQuery } from "../validate.ts";

const UploadQuerySchema = z.object({
  name: z.string().regex(
    /^[a-z0-9_]{1,64}$/,
    "Prompt names use lower-case letters, digits and _ (at most 64)",
  ),
  language: z.enum(IVR_LANGUAGES),
  description: z.string().max(500).optional().describe(
    "What the prompt says, shown in the simulator",
  ),
});

function scheduleName(raw: string | undefined): string {
  const name = ScheduleNameSchema.safeParse(raw);
  if (!name.success) throw ApiError.notFound(`Schedule ${raw}`);
  return name.data;
}

/** The IVR's prompt catalogue and its schedules of business hours and holidays. */
export function mountIvrPromptRoutes(target: RouteTarget, ivr: IvrDomain): void {
  route(target, {
    method: "get",
    path: "/ivr/prompts",
    summary: "Built-in and uploaded prompts per language",
    tag: "ivr",
    access: ROLE_GROUPS.supervisors,
  }, (c) => c.json({ prompts: ivr.prompts.list() }));

  route(target, {
    method: "post",
    path: "/ivr/prompts",
    summary: "Upload a prompt as a WAV body (Content-Type: audio/wav); stored as 8 kHz mono 16-bit",
    tag: "ivr",
    access: ROLE_GROUPS.admins,
    query: UploadQuerySchema,
    status: 201,
  }, async (c) => {
    const { name, language, description } = readQuery(c, UploadQuerySchema);
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (body.byteLength === 0) {
      throw ApiError.badRequest("Send the WAV file as the request body (Content-Type: audio/wav)");
    }
    let prompt;
    try {
      prompt = await ivr.prompts.store(name, language, body, {
        description,
        userId: c.get("user")?.id ?? null,
      });
    } catch (error) {
      if (error instanceof PromptFormatError) throw ApiError.badRequest(error.message);
      throw error;
    }
    c.set("audit", {
      entity: "prompts",
      entityId: `${language}/${name}`,
      details: { bytes: body.byteLength, duration_ms: prompt.duration_ms, source: prompt.source },
    });
    return c.json({ prompt }, 201);
  });

  route(target, {
    method: "get",
    path: "/ivr/prompts/:language/:name/audio",
    summary: "The stored (converted) recording of an uploaded prompt",
    tag: "ivr",
    access: ROLE_GROUPS.supervisors,
  }, async (c) => {
    const language = c.req.param("language") ?? "";
    const name = c.req.param("name") ?? "";
    const file = (IVR_LANGUAGES as readonly string[]).includes(language)
      ? ivr.prompts.file(name, language as (typeof IVR_LANGUAGES)[number])
      : undefined;
    if (!file) throw ApiError.notFound(`Recording of prompt ${language}/${name}`);
    const bytes = await Deno.readFile(file);
    return c.body(bytes, 200, { "Content-Type": "audio/wav" });
  });

  route(target, {
    method: "get",
    path: "/ivr/schedules",
    summary: "Schedules of business hours and holidays that flows refer to by name",
    tag: "ivr",
    access: ROLE_GROUPS.supervisors,
  }, (c) =>
    c.json({
      schedules: ivr.schedules.names().map((name) => ({ name, ...ivr.schedules.get(name) })),
    }));

  route(target, {
    method: "put",
    path: "/ivr/schedules/:name",
    summary: "Set a schedule's weekly hours (local to each flow's time zone) and holidays",
    tag: "ivr",
    access: ROLE_GROUPS.admins,
    body: ScheduleSchema,
  }, async (c) => {
    const name = scheduleName(c.req.param("name"));
    const schedule = await readJson(c, ScheduleSchema);
    ivr.schedules.put(name, schedule);
    c.set("audit", { entity: "schedules", entityId: name, details: schedule });
    return c.json({ schedule: { name, ...ivr.schedules.get(name) } });
  });
}
