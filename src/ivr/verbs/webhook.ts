import { z } from "zod";
import { type Scalar, TemplateSchema, VariableNameSchema } from "../flow_schema.ts";
import { defineVerb, nodeSchema } from "../verb.ts";

const MAX_RESPONSE_BYTES = 64 * 1024;

const schema = nodeSchema("webhook", {
  /** `http(s)://…`; `{name}` templates are filled in and URL-encoded. */
  url: TemplateSchema.refine(
    (u) => /^https?:\/\//.test(u),
    "The URL must start with http:// or https://",
  ),
  method: z.enum(["GET", "POST"]).default("POST"),
  timeout_ms: z.int().min(100).max(10_000).default(3000),
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/), z.string().max(500)).optional(),
  /** Variables to set from the JSON answer: `{ "order.status": "data.status" }` (dot paths). */
  map: z.record(VariableNameSchema, z.string().regex(/^(\$\.)?[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/))
    .default({}),
});

class WebhookFailure extends Error {}

/** Follows a dot path (`data.items.0.status`) through parsed JSON. */
export function pick(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.replace(/^\$\./, "").split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

async function readLimited(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      throw new WebhookFailure(`Answer is over ${MAX_RESPONSE_BYTES} bytes`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}

/**
 * Asks another system over HTTP and maps its JSON answer into variables. Anything but
 * a 2xx JSON object with every mapped field present and scalar (a hang past
 * `timeout_ms`, an error status, garbage) leaves through `failed`.
 */
export const webhookVerb = defineVerb<z.infer<typeof schema>>({
  name: "webhook",
  summary: "Call an HTTP webhook and map its JSON answer into variables",
  schema,
  exits: () => ({ required: ["ok", "failed"], optional: [] }),
  waitsForInput: () => false,
  references: () => ({}),
  async exec(ctx, signal) {
    const { node, vars } = ctx;
    const url = node.url.replace(/\{([a-z_][a-z0-9_.]*)\}/g, (_, name: string) => {
      const value = vars.get(name);
      return encodeURIComponent(value === undefined || value === null ? "" : String(value));
    });
    const started = ctx.clock.now();
    const controller = new AbortController();
    const stop = () => controller.abort();
    signal.addEventListener("abort", stop);
    let cancelTimer = () => {};
    const timeout = new Promise<never>((_, reject) => {
      cancelTimer = ctx.clock.setTimer(node.timeout_ms, () => {
        controller.abort();
        reject(new WebhookFailure(`No answer within ${node.timeout_ms} ms`));
      });
    });
    const work = async (): Promise<Record<string, Scalar>> => {
      const response = await ctx.services.fetch(url, {
        method: node.method,
        headers: {
          accept: "application/json",
          "content-type": "application/json",
          ...node.headers,
        },
        body: node.method === "POST"
          ? JSON.stringify({
            call_id: ctx.call.callId,
            caller: ctx.call.caller,
            did: ctx.call.dialed,
            node: ctx.nodeId,
            variables: vars.snapshot(),
          })
          : undefined,
        signal: controller.signal,
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw new WebhookFailure(`HTTP status ${response.status}`);
      }
      let body: unknown;
      try {
        body = JSON.parse(await readLimited(response));
      } catch (error) {
        if (error instanceof WebhookFailure) throw error;
        throw new WebhookFailure("Answer is not JSON");
      }
      if (body === null || typeof body !== "object" || Array.isArray(body)) {
        throw new WebhookFailure("Answer is not a JSON object");
      }
      const mapped: Record<string, Scalar> = {};
      for (const [name, path] of Object.entries(node.map)) {
        const value = pick(body, path);
        if (value === undefined) throw new WebhookFailure(`Answer has no ${path}`);
        if (value !== null && typeof value === "object") {
          throw new WebhookFailure(`Answer's ${path} is not a plain value`);
        }
        mapped[name] = value as Scalar;
      }
      return mapped;
    };
    try {
      const job = work();
      // The losing side of the race still settles later; nobody is waiting for it then.
      job.catch(() => {});
      const mapped = await Promise.race([job, timeout]);
      for (const [name, value] of Object.entries(mapped)) vars.set(name, value);
      ctx.emit("ivr.webhook", {
        ok: true,
        ms: ctx.clock.now() - started,
        set: Object.keys(mapped),
      });
      return { exit: "ok" };
    } catch (error) {
      if (signal.aborted) throw error;
      const reason = error instanceof WebhookFailure
        ? error.message
        : `Request failed: ${(error as Error).message}`;
      ctx.emit("ivr.webhook", { ok: false, ms: ctx.clock.now() - started, error: reason });
      return { exit: "failed" };
    } finally {
      cancelTimer();
      signal.removeEventListener("abort", stop);
      timeout.catch(() => {});
    }
  },
});
