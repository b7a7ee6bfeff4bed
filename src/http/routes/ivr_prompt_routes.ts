import type { Context } from "hono";
import { z } from "zod";
import { ROLE_GROUPS } from "../../auth/mod.ts";
import {
  BUILTIN_PROMPTS,
  IVR_LANGUAGES,
  type IvrDomain,
  type IvrLanguage,
  MAX_PROMPT_MS,
  PROMPT_RATE,
  type PromptAudio,
  type PromptEntry,
  PromptFormatError,
  PromptInUseError,
  PromptTooLongError,
  type PromptUse,
  ScheduleNameSchema,
  ScheduleSchema,
  type Synthesizer,
  writeWav16,
} from "../../ivr/mod.ts";
import type { QueueStore } from "../../queues/mod.ts";
import { ApiError } from "../api_error.ts";
import type { AppEnv } from "../env.ts";
import { route, type RouteTarget } from "../route.ts";
import { readJson, readQuery } from "../validate.ts";

const PromptNameSchema = z.string().regex(
  /^[a-z0-9_]{1,64}$/,
  "Prompt names use lower-case letters, digits and _ (at most 64)",
);

const UploadQuerySchema = z.object({
  name: PromptNameSchema,
  language: z.enum(IVR_LANGUAGES),
  description: z.string().max(500).optional().describe(
    "What the prompt says, shown in the simulator",
  ),
});

const SpeechSchema = z.object({
  name: PromptNameSchema,
  language: z.enum(IVR_LANGUAGES),
  text: z.string().trim().min(1, "Type what the prompt should say").max(1000),
  description: z.string().max(500).optional().describe("Shown in lists; the text by default"),
}).strict();

export interface IvrPromptRouteDeps {
  ivr: IvrDomain;
  /** Queues, for the prompts they play (music on hold). */
  queues: Pick<QueueStore, "list">;
  /** Speaks typed text for a prompt; without it, typed prompts are refused with 503. */
  speech?: Synthesizer;
  /** What calls hear, so a built-in prompt without a recording can be played in the page. */
  promptAudio?: Pick<PromptAudio, "render">;
}

/** PCM parts (8 kHz, as calls hear them) as one WAV file. */
function partsToWav(parts: readonly Int16Array[]): Uint8Array {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const samples = new Float32Array(length);
  let at = 0;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) samples[at++] = part[i] / 32768;
  }
  return writeWav16(samples, PROMPT_RATE);
}

function scheduleName(raw: string | undefined): string {
  const name = ScheduleNameSchema.safeParse(raw);
  if (!name.success) throw ApiError.notFound(`Schedule ${raw}`);
  return name.data;
}

/** Every prompt name that something plays, with what plays it. */
function promptUses(deps: IvrPromptRouteDeps): Map<string, PromptUse[]> {
  const uses = deps.ivr.promptUses();
  for (const queue of deps.queues.list()) {
    const name = queue.options.music_on_hold;
    if (!name) continue;
    const list = uses.get(name) ?? [];
    list.push({ kind: "queue", queue_id: queue.id, queue: queue.name, setting: "music_on_hold" });
    uses.set(name, list);
  }
  return uses;
}

/**
 * Audio that cannot become a prompt, as a 400 whose issue names the `file` field and a
 * code the admin screens translate.
 */
function refusedAudio(error: PromptFormatError): ApiError {
  const issue = error instanceof PromptTooLongError
    ? {
      path: "file",
      code: "audio_too_long",
      message: error.message,
      maximum: Math.round(error.maxMs / 1000),
    }
    : { path: "file", code: "not_audio", message: error.message };
  return ApiError.badRequest(error.message, { issues: [issue] });
}

/** Stores converted audio; refusals become API answers, and the change is audited. */
async function storePrompt(
  c: Context<AppEnv>,
  ivr: IvrDomain,
  input: { name: string; language: IvrLanguage; description?: string; source: string },
  audio: Uint8Array,
): Promise<PromptEntry> {
  let prompt;
  try {
    prompt = await ivr.prompts.store(input.name, input.language, audio, {
      description: input.description,
      userId: c.get("user")?.id ?? null,
    });
  } catch (error) {
    if (error instanceof PromptFormatError) throw refusedAudio(error);
    throw error;
  }
  c.set("audit", {
    entity: "prompts",
    entityId: `${input.language}/${input.name}`,
    details: {
      from: input.source,
      bytes: audio.byteLength,
      duration_ms: prompt.duration_ms,
      source: prompt.source,
    },
  });
  return prompt;
}

/** The IVR's prompt catalogue and its schedules of business hours and holidays. */
export function mountIvrPromptRoutes(target: RouteTarget, deps: IvrPromptRouteDeps): void {
  const { ivr } = deps;

  route(target, {
    method: "get",
    path: "/ivr/prompts",
    summary:
      "Built-in and uploaded prompts per language, each with the flows and queues playing it",
    tag: "ivr",
    access: ROLE_GROUPS.supervisors,
  }, (c) => {
    const uses = promptUses(deps);
    return c.json({
      prompts: ivr.prompts.list().map((p) => ({ ...p, used_by: uses.get(p.name) ?? [] })),
      max_duration_ms: MAX_PROMPT_MS,
    });
  });

  route(target, {
    method: "post",
    path: "/ivr/prompts",
    summary:
      "Upload a prompt as a WAV body (Content-Type: audio/wav); stored as 8 kHz mono 16-bit; " +
      "what is not audio or lasts over five minutes is refused before anything is stored",
    tag: "ivr",
    access: ROLE_GROUPS.admins,
    query: UploadQuerySchema,
    status: 201,
  }, async (c) => {
    const { name, language, description } = readQuery(c, UploadQuerySchema);
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (body.byteLength === 0) {
      throw ApiError.badRequest(
        "Send the WAV file as the request body (Content-Type: audio/wav)",
        { issues: [{ path: "file", code: "not_audio", message: "The upload is empty" }] },
      );
    }
    const prompt = await storePrompt(
      c,
      ivr,
      { name, language, description, source: "upload" },
      body,
    );
    return c.json({ prompt }, 201);
  });

  route(target, {
    method: "post",
    path: "/ivr/prompts/speech",
    summary: "Store typed text as a prompt, spoken by the appliance's espeak-ng voice",
    tag: "ivr",
    access: ROLE_GROUPS.admins,
    body: SpeechSchema,
    status: 201,
  }, async (c) => {
    const input = await readJson(c, SpeechSchema);
    if (!deps.speech) {
      throw new ApiError(503, "speech_unavailable", "This appliance has no speech synthesis");
    }
    let audio: Uint8Array;
    try {
      audio = await deps.speech(input.text, input.language);
    } catch (error) {
      throw new ApiError(
        503,
        "speech_unavailable",
        error instanceof Error ? error.message : String(error),
      );
    }
    const prompt = await storePrompt(c, ivr, {
      name: input.name,
      language: input.language,
      description: input.description || input.text,
      source: "speech",
    }, audio);
    return c.json({ prompt }, 201);
  });

  route(target, {
    method: "delete",
    path: "/ivr/prompts/:language/:name",
    summary:
      "Delete an uploaded prompt; refused with 409 listing the flows and queues that play it",
    tag: "ivr",
    access: ROLE_GROUPS.admins,
    status: 204,
  }, async (c) => {
    const language = c.req.param("language") ?? "";
    const name = c.req.param("name") ?? "";
    if (!(IVR_LANGUAGES as readonly string[]).includes(language)) {
      throw ApiError.notFound(`Recording of prompt ${language}/${name}`);
    }
    let removed;
    try {
      removed = await ivr.prompts.remove(
        name,
        language as IvrLanguage,
        promptUses(deps).get(name) ?? [],
      );
    } catch (error) {
      if (error instanceof PromptInUseError) {
        throw new ApiError(409, "conflict", error.message, { uses: error.uses });
      }
      throw error;
    }
    if (!removed) throw ApiError.notFound(`Recording of prompt ${language}/${name}`);
    c.set("audit", { entity: "prompts", entityId: `${language}/${name}` });
    return c.body(null, 204);
  });

  route(target, {
    method: "get",
    path: "/ivr/prompts/:language/:name/audio",
    summary:
      "A prompt as calls hear it: the stored (converted) recording, or a built-in prompt spoken",
    tag: "ivr",
    access: ROLE_GROUPS.supervisors,
  }, async (c) => {
    const language = c.req.param("language") ?? "";
    const name = c.req.param("name") ?? "";
    const known = (IVR_LANGUAGES as readonly string[]).includes(language);
    const file = known ? ivr.prompts.file(name, language as IvrLanguage) : undefined;
    if (file) {
      const bytes = await Deno.readFile(file);
      return c.body(bytes, 200, { "Content-Type": "audio/wav" });
    }
    const spoken = known && deps.promptAudio &&
      BUILTIN_PROMPTS[name]?.[language as IvrLanguage] !== undefined;
    if (!spoken) throw ApiError.notFound(`Recording of prompt ${language}/${name}`);
    let parts;
    try {
      parts = await deps.promptAudio!.render([
        { kind: "prompt", name, language: language as IvrLanguage },
      ]);
    } catch (error) {
      throw new ApiError(
        503,
        "speech_unavailable",
        error instanceof Error ? error.message : String(error),
      );
    }
    return c.body(new Uint8Array(partsToWav(parts)), 200, { "Content-Type": "audio/wav" });
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
