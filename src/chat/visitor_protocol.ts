import { z } from "zod";
import { MAX_CHAT_TEXT } from "./attachment_rules.ts";

const clientId = z.string().regex(
  /^[A-Za-z0-9_-]{1,64}$/,
  "message ids are 1 to 64 letters, digits, _ or -",
);
const language = z.enum(["en", "zh-CN"]).default("en");

/** What the widget sends over its WebSocket, one JSON object per message. */
export const VisitorMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("start"),
    name: z.string().trim().min(1, "give your name").max(100),
    phone: z.string().trim().max(40).optional(),
    email: z.email("give an e-mail address such as name@example.com").max(200).optional(),
    topic: z.string().trim().max(200).default(""),
    language,
    /** A chat queue by name or id, from the script tag; the first chat queue otherwise. */
    queue: z.string().trim().max(100).optional(),
  }).refine((s) => s.phone || s.email, { message: "give a phone number or an e-mail address" }),
  z.object({
    type: z.literal("resume"),
    token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
    /** The id of the last message the widget shows; later ones are sent again. */
    last_seen: z.number().int().min(0).default(0),
  }),
  z.object({
    type: z.literal("message"),
    client_id: clientId,
    text: z.string().trim().min(1).max(
      MAX_CHAT_TEXT,
      `a message is at most ${MAX_CHAT_TEXT} characters`,
    ),
  }),
  z.object({
    type: z.literal("file"),
    client_id: clientId,
    name: z.string().trim().min(1).max(200),
    content_type: z.string().min(1).max(100),
    /** The file's bytes in base64. */
    data: z.base64(),
  }),
  z.object({ type: z.literal("typing"), typing: z.boolean() }),
  /** The visitor asks for a person (the button beside the bot's answer). */
  z.object({ type: z.literal("person") }),
  /** The visitor's answer to "did this solve it?". */
  z.object({ type: z.literal("solved"), solved: z.boolean() }),
  z.object({
    type: z.literal("leave_message"),
    text: z.string().trim().min(1).max(MAX_CHAT_TEXT),
  }),
  z.object({ type: z.literal("end") }),
]);
export type VisitorMessage = z.infer<typeof VisitorMessageSchema>;

/** A knowledge-base article as the bot offers it. */
export interface OfferedArticle {
  id: number;
  title: string;
  text: string;
}

/** A message in the conversation as the widget shows it. */
export interface VisitorView {
  id: number;
  sender: "visitor" | "agent" | "bot" | "system";
  body: string;
  /** The sender's own id, on the visitor's messages (the widget drops its pending copy). */
  client_id: string | null;
  file: { id: number; name: string; size: number; url: string } | null;
  articles?: OfferedArticle[];
  sent_at: string;
}

/** What the appliance sends to the widget. */
export type ServerMessage =
  | { type: "started"; token: string; state: string; messages: VisitorView[] }
  | { type: "ack"; client_id: string; id: number }
  | { type: "message"; message: VisitorView }
  | { type: "state"; state: string; agent_name?: string; can_leave_message?: boolean }
  | { type: "ask_solved" }
  | { type: "typing"; typing: boolean }
  | { type: "left_message"; case_id: number }
  | { type: "error"; code: string; message: string; details: unknown; client_id?: string };
