import {
  ChatDesk,
  type ChatDeskOptions,
  type ChatRouting,
  QuickReplies,
  type RoutingEvent,
  type ServerMessage,
  VisitorSession,
} from "../../src/chat/mod.ts";
import type { Clock } from "../../src/clock/mod.ts";
import { visitorLimits } from "../../src/http/routes/chat_widget_routes.ts";
import { createLogger } from "../../src/log/mod.ts";
import { chatFixture } from "./_chat.ts";

/** A routing that offers every chat to agent1 at once (unless told not to), and records what it was told. */
export class FakeRouting implements ChatRouting {
  staffedNow = true;
  bot = true;
  /** Off: chats stay waiting, as when every agent is busy. */
  offerAtOnce = true;
  readonly calls: string[] = [];
  #listener: ((e: RoutingEvent) => void) | undefined;
  constructor(private readonly agentId: number) {}
  listen(listener: (e: RoutingEvent) => void) {
    this.#listener = listener;
    return () => {};
  }
  queues() {
    return [{ id: 1, name: "web", bot: this.bot }];
  }
  staffed() {
    return this.staffedNow;
  }
  enter(chatId: number, _queueId: number, userId?: number) {
    this.calls.push(userId === undefined ? `enter ${chatId}` : `enter ${chatId} for ${userId}`);
    if (this.offerAtOnce) this.#listener?.({ kind: "offered", chatId, userId: this.agentId });
    return true;
  }
  accept(chatId: number) {
    this.calls.push(`accept ${chatId}`);
    return true;
  }
  decline() {
    return true;
  }
  end(chatId: number) {
    this.calls.push(`end ${chatId}`);
    return true;
  }
  transfer() {
    return true;
  }
}

/** A chat desk on a fresh CRM with queue 1 ("web"), a KB article and one visitor's widget. */
export async function deskFixture(options: Partial<ChatDeskOptions> = {}) {
  const f = await chatFixture();
  f.db.run(
    "INSERT INTO queues (id, name, created_at, updated_at) VALUES (1, 'web', 'x', 'x')",
  );
  f.crm.kb.create({
    title: "How to reset your password",
    body: "Open the account page and choose reset password; the link expires after 24 hours.",
  }, null);
  const routing = new FakeRouting(f.users.agent1);
  const published: { type: string; data: Record<string, unknown> }[] = [];
  const desk = new ChatDesk({
    store: f.store,
    crm: f.crm,
    routing,
    notices: { publish: (type, data) => published.push({ type, data }) },
    clock: f.clock,
    log: createLogger("chat", { sink: () => {} }),
    quickReplies: new QuickReplies(f.db, f.clock),
    agentName: () => "Li Na",
    ...options,
  });
  const { sent, session, say } = visitor(desk, f.clock);
  return { f, desk, routing, published, sent, session, say };
}

/** Lets the routing's offers, delivered after the step, arrive. */
export const settle = () => new Promise((r) => setTimeout(r, 0));

/** A visitor's widget on the desk: what it was sent, and a way to send it frames. */
export function visitor(desk: ChatDesk, clock: Clock, address = "203.0.113.9") {
  const sent: ServerMessage[] = [];
  const session = new VisitorSession(desk, visitorLimits(clock), address, {
    send: (m) => sent.push(m),
  });
  const say = (frame: Record<string, unknown>) => session.handle(JSON.stringify(frame));
  return { sent, session, say };
}
