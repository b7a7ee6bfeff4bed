import type { Context } from "hono";
import { z } from "zod";
import { canAccess, ROLE_GROUPS } from "../../auth/mod.ts";
import { type ChatDesk, ChatError, MAX_CHAT_TEXT, QuickReplySchema } from "../../chat/mod.ts";
import { ApiError } from "../api_error.ts";
import type { AppEnv } from "../env.ts";
import { route, type RouteTarget } from "../route.ts";
import { idParam, readJson, readQuery } from "../validate.ts";

export interface ChatRouteDeps {
  chats: ChatDesk;
}

const AgentMessageSchema = z.object({
  text: z.string().trim().min(1).max(
    MAX_CHAT_TEXT,
    `a message is at most ${MAX_CHAT_TEXT} characters`,
  ),
}).strict();
const TypingSchema = z.object({ typing: z.boolean() }).strict();
const TransferSchema = z.object({
  queue_id: z.number().int().positive().optional(),
  user_id: z.number().int().positive().optional(),
  note: z.string().trim().max(1000).optional(),
}).strict().refine((t) => t.queue_id !== undefined || t.user_id !== undefined, {
  message: "name a queue or an agent to transfer to",
});
const EndSchema = z.object({
  disposition: z.string().min(1).max(40).optional(),
  notes: z.string().max(5000).optional(),
  case_id: z.number().int().positive().optional(),
}).strict();
const CapacitySchema = z.object({
  capacity: z.number().int().min(0).max(20, "an agent holds at most 20 chats"),
}).strict();
const FileQuerySchema = z.object({ name: z.string().trim().min(1).max(200) });

/** A chat domain refusal as the API's one error shape. */
export function chatError(error: unknown): never {
  if (!(error instanceof ChatError)) throw error;
  const status = { not_found: 404, conflict: 409, invalid: 400, forbidden: 403 } as const;
  throw new ApiError(status[error.kind], error.code, error.message, error.details);
}

function run<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    chatError(error);
  }
}

const user = (c: Context<AppEnv>) => c.get("user")!;
const supervisor = (c: Context<AppEnv>) => canAccess(user(c).role, ROLE_GROUPS.supervisors);

/** The agent's side of web chat: offers, messages, files, transfers, the end, quick replies. */
export function mountChatRoutes(target: RouteTarget, deps: ChatRouteDeps): void {
  const { chats } = deps;
  const doc = (
    method: "get" | "post" | "put" | "delete",
    path: string,
    summary: string,
    extra = {},
  ) => ({
    method,
    path,
    summary,
    tag: "chat",
    access: ROLE_GROUPS.anyone,
    ...extra,
  });

  route(
    target,
    doc("get", "/chats/mine", "Chats offered to or held by the signed-in agent, with messages"),
    (c) => c.json({ chats: chats.mine(user(c).id) }),
  );

  route(
    target,
    {
      ...doc(
        "get",
        "/chats/queues",
        "Chat queues now: with the bot, waiting, offered, with agents",
      ),
      access: ROLE_GROUPS.supervisors,
    },
    (c) => c.json({ queues: chats.queueFigures() }),
  );

  route(
    target,
    doc("get", "/chats/:id", "One chat with its messages and customer"),
    (c) => c.json(run(() => chats.detail(idParam(c, "id", "Chat"), user(c).id, supervisor(c)))),
  );

  route(
    target,
    doc("post", "/chats/:id/accept", "Accepts a chat offered to the agent"),
    (c) => c.json({ chat: run(() => chats.accept(idParam(c, "id", "Chat"), user(c).id)) }),
  );

  route(
    target,
    doc("post", "/chats/:id/decline", "Declines a chat offer; it goes to the next agent"),
    (c) => {
      run(() => chats.decline(idParam(c, "id", "Chat"), user(c).id));
      return c.body(null, 204);
    },
  );

  route(
    target,
    doc("post", "/chats/:id/messages", "Sends the agent's message to the visitor", {
      body: AgentMessageSchema,
      status: 201,
    }),
    async (c) => {
      const { text } = await readJson(c, AgentMessageSchema);
      return c.json(
        { message: run(() => chats.agentMessage(idParam(c, "id", "Chat"), user(c).id, text)) },
        201,
      );
    },
  );

  route(
    target,
    doc(
      "post",
      "/chats/:id/files",
      "Sends a file (raw body, its type as Content-Type) to the visitor",
      {
        query: FileQuerySchema,
        status: 201,
      },
    ),
    async (c) => {
      const { name } = readQuery(c, FileQuerySchema);
      const contentType = c.req.header("content-type") ?? "application/octet-stream";
      const data = new Uint8Array(await c.req.arrayBuffer());
      return c.json({
        message: run(() =>
          chats.agentFile(idParam(c, "id", "Chat"), user(c).id, { name, contentType, data })
        ),
      }, 201);
    },
  );

  route(
    target,
    doc("get", "/chats/:id/files/:fileId", "A file sent in the chat, as a download"),
    (c) => {
      const chatId = idParam(c, "id", "Chat");
      run(() => chats.detail(chatId, user(c).id, supervisor(c)));
      const file = chats.store.file(chatId, idParam(c, "fileId", "File"));
      if (!file) throw ApiError.notFound("File");
      return fileResponse(c, file);
    },
  );

  route(
    target,
    doc("post", "/chats/:id/typing", "Tells the visitor the agent is typing", {
      body: TypingSchema,
    }),
    async (c) => {
      const { typing } = await readJson(c, TypingSchema);
      run(() => chats.agentTyping(idParam(c, "id", "Chat"), user(c).id, typing));
      return c.body(null, 204);
    },
  );

  route(
    target,
    doc("post", "/chats/:id/transfer", "Hands the chat to a chat queue or an agent, with a note", {
      body: TransferSchema,
    }),
    async (c) => {
      const t = await readJson(c, TransferSchema);
      return c.json({
        chat: run(() =>
          chats.transfer(idParam(c, "id", "Chat"), user(c).id, {
            queueId: t.queue_id,
            userId: t.user_id,
            note: t.note,
          })
        ),
      });
    },
  );

  route(
    target,
    doc(
      "post",
      "/chats/:id/end",
      "Ends the chat with a disposition; the transcript goes to the timeline",
      {
        body: EndSchema,
      },
    ),
    async (c) => {
      const e = await readJson(c, EndSchema);
      return c.json({
        chat: run(() =>
          chats.end(idParam(c, "id", "Chat"), user(c).id, {
            disposition: e.disposition,
            notes: e.notes,
            caseId: e.case_id,
          })
        ),
      });
    },
  );

  route(
    target,
    doc("get", "/chats/:id/quick-replies", "Quick replies with the chat's customer filled in"),
    (c) => c.json({ replies: run(() => chats.replies(idParam(c, "id", "Chat"), user(c).id)) }),
  );

  route(
    target,
    {
      ...doc("get", "/agents/:id/chat-capacity", "How many chats the agent holds at once"),
      access: ROLE_GROUPS.supervisors,
    },
    (c) => {
      const userId = idParam(c, "id", "Agent");
      const capacity = chats.store.capacity(userId);
      if (capacity === undefined) throw ApiError.notFound(`User ${userId}`);
      return c.json({ user_id: userId, chat_capacity: capacity });
    },
  );

  route(
    target,
    {
      ...doc(
        "put",
        "/agents/:id/chat-capacity",
        "How many chats the agent holds at once (0: none)",
        {
          body: CapacitySchema,
        },
      ),
      access: ROLE_GROUPS.supervisors,
    },
    async (c) => {
      const { capacity } = await readJson(c, CapacitySchema);
      const userId = idParam(c, "id", "Agent");
      run(() => chats.setCapacity(userId, capacity));
      c.set("audit", { entity: "users", details: { chat_capacity: capacity } });
      return c.json({ user_id: userId, chat_capacity: capacity });
    },
  );

  route(
    target,
    doc("get", "/quick-replies", "The center's quick replies and the agent's own"),
    (c) => c.json({ replies: chats.quickReplies.list(user(c).id) }),
  );

  route(
    target,
    doc(
      "post",
      "/quick-replies",
      "Adds a quick reply: the agent's own, or the center's (supervisors)",
      {
        body: QuickReplySchema,
        status: 201,
      },
    ),
    async (c) => {
      const input = await readJson(c, QuickReplySchema);
      if (input.scope === "center" && !supervisor(c)) {
        throw ApiError.forbidden("Only supervisors add the center's replies");
      }
      return c.json({ reply: run(() => chats.quickReplies.create(input, user(c).id)) }, 201);
    },
  );

  route(target, doc("delete", "/quick-replies/:id", "Removes a quick reply"), (c) => {
    run(() =>
      chats.quickReplies.remove(idParam(c, "id", "Quick reply"), user(c).id, supervisor(c))
    );
    return c.body(null, 204);
  });
}

/** A stored chat file as a download that no browser renders in the page. */
export function fileResponse(
  c: Context,
  file: { name: string; content_type: string; data: Uint8Array },
): Response {
  c.header("Content-Type", file.content_type);
  c.header(
    "Content-Disposition",
    `attachment; filename="${file.name.replace(/[^\w.\- ]/g, "_")}"; filename*=UTF-8''${
      encodeURIComponent(file.name)
    }`,
  );
  c.header("X-Content-Type-Options", "nosniff");
  c.header("Content-Security-Policy", "sandbox");
  return c.body(file.data as Uint8Array<ArrayBuffer>);
}
