import type { ReactiveController, ReactiveControllerHost } from "lit";

/** A non-voice queue as `GET /supervision/channel-queues` gives it. */
export interface ChannelQueueFigures {
  key: string;
  queue_id: number | null;
  name: string;
  channel: string;
  waiting: number;
  oldest_wait_s: number | null;
  agents_with_capacity: number | null;
  service_level: number | null;
  service_level_s: number;
}

type Request = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** How often the tiles are read again while the page is open. */
/**
 * The voice wallboard's queues without those the channel tiles already show: a chat
 * queue is an ACD queue too, and its figures read as calls on a voice tile.
 */
export function voiceQueuesOnly<Q extends { queue_id: number }>(
  queues: readonly Q[],
  channelQueues: readonly { queue_id: number | null }[],
): Q[] {
  const shown = new Set(channelQueues.map((c) => c.queue_id).filter((id) => id !== null));
  return queues.filter((q) => !shown.has(q.queue_id));
}

export const CHANNEL_QUEUES_REFRESH_MS = 5_000;

/**
 * Chat, e-mail and SMS queues for the supervision page: read on connect, every few
 * seconds, and at once when the hub says a text or chat arrived or was answered.
 */
export class ChannelQueuesController implements ReactiveController {
  queues: ChannelQueueFigures[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly request: Request,
    private readonly refreshMs = CHANNEL_QUEUES_REFRESH_MS,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.load();
    this.#timer = setInterval(() => void this.load(), this.refreshMs);
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async load(): Promise<void> {
    try {
      this.queues = (await this.request<{ queues: ChannelQueueFigures[] }>(
        "GET",
        "/supervision/channel-queues",
      ))
        .queues;
    } catch {
      // The voice tiles carry the page; these come back on the next read.
      return;
    }
    this.host.requestUpdate();
  }

  /** A hub event: a contact on one of these channels changed. */
  onEvent(type: string): void {
    if (/^(sms|chat|email)\./.test(type)) void this.load();
  }
}
