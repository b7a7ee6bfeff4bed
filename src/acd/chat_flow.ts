import type { CancelTimer } from "../clock/mod.ts";
import type { Agent } from "./agent.ts";
import type { AcdOutput } from "./output.ts";
import type { Queue } from "./queue.ts";

/** A chat as the ACD holds it, from entering a chat queue until it ends. */
export class WaitingChat {
  state: "waiting" | "offered" | "accepted" = "waiting";
  agent: Agent | undefined;
  offerTimer: CancelTimer | undefined;
  /** Agents that let the offer lapse or declined it; they are asked last. */
  readonly passed = new Set<Agent>();
  /** The agent who declined it last: not offered it again while nobody else can take it. */
  declinedBy: Agent | undefined;

  constructor(
    readonly id: string,
    public queue: Queue,
    public priority: number,
    readonly enteredAt: number,
    readonly seq: number,
    /** A transfer to a named agent: only that agent is offered the chat. */
    public onlyAgent: Agent | undefined,
  ) {}
}

/** What the chat flow needs from the engine. */
export interface ChatFlowDeps {
  now(): number;
  timer(ms: number, fn: () => void): CancelTimer;
  out: AcdOutput;
  /** Offers waiting voice calls to an agent whose last chat just ended. */
  serveVoice(agent: Agent): void;
}

/** An agent's chat load: chats offered or accepted, and how many the agent may hold. */
export interface ChatLoad {
  chats: number;
  capacity: number;
}

/** One chat as {@link AcdEngine.chat} shows it. */
export interface ChatView {
  chatId: string;
  queueId: string;
  state: WaitingChat["state"];
  agentId: string | undefined;
  waitingMs: number;
}

/**
 * Chats in the ACD. An agent takes chats up to `capacity.chat` at once, and only while
 * ready for voice: an agent ringing, talking or in wrap-up is offered no chat, and an
 * agent holding a chat is offered no voice call (routing's `mayTake`), so "three chats,
 * or one call and no chat" holds both ways. A waiting chat goes to the member with the
 * fewest chats (then the lower penalty, then the one offered a chat longest ago); an
 * offer not accepted within the queue's ring timeout goes to the next agent. Unlike a
 * voice call, a lapsed chat offer does not make the agent not ready: the agent's other
 * chats are in progress.
 */
export class ChatFlow {
  readonly chats = new Map<string, WaitingChat>();
  readonly #waiting = new Map<Queue, WaitingChat[]>();
  readonly #lastOffer = new Map<Agent, number>();
  #seq = 0;

  constructor(private readonly deps: ChatFlowDeps) {}

  enter(id: string, queue: Queue, priority: number, onlyAgent?: Agent): void {
    const chat = new WaitingChat(id, queue, priority, this.deps.now(), this.#seq++, onlyAgent);
    this.chats.set(id, chat);
    this.#wait(chat);
  }

  accept(chat: WaitingChat, agent: Agent): boolean {
    if (chat.state !== "offered" || chat.agent !== agent) return false;
    chat.offerTimer?.();
    chat.offerTimer = undefined;
    chat.state = "accepted";
    chat.onlyAgent = undefined;
    return true;
  }

  /** The agent declined (or the offer lapsed): the chat goes to the next agent. */
  pass(chat: WaitingChat, agent: Agent, reason: string): boolean {
    if (chat.state !== "offered" || chat.agent !== agent) return false;
    this.#release(chat);
    this.deps.out.withdrawChat?.(chat.id, agent.id, reason);
    chat.passed.add(agent);
    chat.declinedBy = reason === "declined" ? agent : undefined;
    // A transfer named this agent; nobody took it, so the queue's members may.
    chat.onlyAgent = undefined;
    this.#wait(chat);
    this.#freed(agent, chat);
    return true;
  }

  /** The chat is over (ended by either side, or left as a message). */
  end(chat: WaitingChat): void {
    const agent = chat.agent;
    if (chat.state === "offered" && agent) this.deps.out.withdrawChat?.(chat.id, agent.id, "ended");
    this.#release(chat);
    this.#unwait(chat);
    this.chats.delete(chat.id);
    if (agent) this.#freed(agent);
  }

  /** A transfer: the agent lets go and the chat waits in `queue`, or for `agent` only. */
  transfer(chat: WaitingChat, queue: Queue, agent?: Agent): boolean {
    if (chat.state !== "accepted") return false;
    const from = chat.agent!;
    this.#release(chat);
    chat.queue = queue;
    chat.onlyAgent = agent;
    chat.passed.clear();
    chat.passed.add(from);
    chat.declinedBy = undefined;
    this.#wait(chat);
    this.#freed(from, chat);
    return true;
  }

  /** Offers waiting chats to an agent who may take more. */
  serve(agent: Agent, except?: WaitingChat): void {
    while (this.#room(agent)) {
      let best: WaitingChat | undefined;
      for (const m of agent.memberships) {
        if (m.queue.config.channel !== "chat") continue;
        for (const chat of this.#waiting.get(m.queue) ?? []) {
          if (chat === except || (chat.onlyAgent && chat.onlyAgent !== agent)) continue;
          if (best === undefined || before(chat, best)) best = chat;
          break;
        }
      }
      if (!best) return;
      this.#offer(best, agent);
    }
  }

  /** Takes back offers ringing at an agent who goes not ready or away; accepted chats stay. */
  withdrawOffers(agent: Agent, reason: string): void {
    for (const chat of [...agent.chats]) {
      const c = this.chats.get(chat);
      if (c?.state === "offered") this.pass(c, agent, reason);
    }
  }

  load(agent: Agent): ChatLoad {
    return { chats: agent.chats.size, capacity: agent.config.capacity.chat };
  }

  waitingIn(queue: Queue): number {
    return this.#waiting.get(queue)?.length ?? 0;
  }

  view(chat: WaitingChat): ChatView {
    return {
      chatId: chat.id,
      queueId: chat.queue.id,
      state: chat.state,
      agentId: chat.agent?.id,
      waitingMs: chat.state === "waiting" ? this.deps.now() - chat.enteredAt : 0,
    };
  }

  #room(agent: Agent): boolean {
    return agent.state === "ready" && agent.chats.size < agent.config.capacity.chat;
  }

  #wait(chat: WaitingChat): void {
    chat.state = "waiting";
    const list = this.#waiting.get(chat.queue) ?? [];
    let i = list.length;
    while (i > 0 && before(chat, list[i - 1])) i--;
    list.splice(i, 0, chat);
    this.#waiting.set(chat.queue, list);
    this.#dispatch(chat);
  }

  #unwait(chat: WaitingChat): void {
    const list = this.#waiting.get(chat.queue);
    const i = list?.indexOf(chat) ?? -1;
    if (i >= 0) list!.splice(i, 1);
  }

  /** Offers a waiting chat to the best member with room, asking those who passed last. */
  #dispatch(chat: WaitingChat): void {
    let best: Agent | undefined;
    let bestPassed = false;
    let bestPenalty = 0;
    for (const m of chat.queue.members) {
      const agent = m.agent;
      if (chat.onlyAgent && agent !== chat.onlyAgent) continue;
      if (!this.#room(agent)) continue;
      const passed = chat.passed.has(agent);
      if (
        best === undefined || this.#better(agent, passed, m.penalty, best, bestPassed, bestPenalty)
      ) {
        best = agent;
        bestPassed = passed;
        bestPenalty = m.penalty;
      }
    }
    // An agent who let the offer lapse is asked again when nobody else can take it; one
    // who declined it is not.
    if (best && best !== chat.declinedBy) this.#offer(chat, best);
  }

  #better(
    a: Agent,
    aPassed: boolean,
    aPenalty: number,
    b: Agent,
    bPassed: boolean,
    bPenalty: number,
  ): boolean {
    if (aPassed !== bPassed) return !aPassed;
    if (a.chats.size !== b.chats.size) return a.chats.size < b.chats.size;
    if (aPenalty !== bPenalty) return aPenalty < bPenalty;
    return (this.#lastOffer.get(a) ?? -Infinity) < (this.#lastOffer.get(b) ?? -Infinity);
  }

  #offer(chat: WaitingChat, agent: Agent): void {
    this.#unwait(chat);
    chat.state = "offered";
    chat.agent = agent;
    agent.chats.add(chat.id);
    this.#lastOffer.set(agent, this.deps.now());
    chat.offerTimer = this.deps.timer(
      chat.queue.config.ringTimeoutSeconds * 1000,
      () => {
        chat.offerTimer = undefined;
        this.pass(chat, agent, "offer_timeout");
      },
    );
    this.deps.out.offerChat?.(chat.id, agent.id);
  }

  #release(chat: WaitingChat): void {
    chat.offerTimer?.();
    chat.offerTimer = undefined;
    chat.agent?.chats.delete(chat.id);
    chat.agent = undefined;
  }

  /** The agent has room again: other waiting chats first, then voice once no chat is left. */
  #freed(agent: Agent, except?: WaitingChat): void {
    this.serve(agent, except);
    if (agent.chats.size === 0) this.deps.serveVoice(agent);
  }
}

function before(a: WaitingChat, b: WaitingChat): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.enteredAt !== b.enteredAt) return a.enteredAt < b.enteredAt;
  return a.seq < b.seq;
}
