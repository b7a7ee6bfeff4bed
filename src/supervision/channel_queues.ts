/**
 * A live queue of a channel other than voice (chat, e-mail, SMS) as the wallboard shows
 * it. Each channel's domain computes its own figures; supervision only gathers them.
 */
export interface ChannelQueueStatus {
  /** Unique on the board: `sms`, `chat:12`. */
  key: string;
  /** The ACD queue, when the channel's contacts go through one. */
  queue_id: number | null;
  name: string;
  channel: string;
  /** Contacts waiting for a person now. */
  waiting: number;
  /** How long the oldest of them has waited; null when none waits. */
  oldest_wait_s: number | null;
  /** Logged-in agents who could take one more now; null when the channel has no capacity. */
  agents_with_capacity: number | null;
  /** Today's percent answered within T, one decimal; null before any contact. */
  service_level: number | null;
  service_level_s: number;
}

/** One channel domain's queues, asked each time the board is read. */
export interface ChannelQueueSource {
  statuses(): ChannelQueueStatus[];
}

/**
 * The non-voice queues for the wallboard and the supervision page, from the sources
 * the composition root passes in. A source that throws is left out of that read (and
 * told to `onError`) so one broken channel never blanks the others.
 */
export class ChannelQueueBoard {
  constructor(
    private readonly sources: readonly ChannelQueueSource[],
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  status(): ChannelQueueStatus[] {
    const all: ChannelQueueStatus[] = [];
    for (const source of this.sources) {
      try {
        all.push(...source.statuses());
      } catch (error) {
        this.onError(error);
      }
    }
    return all.sort((a, b) => a.channel.localeCompare(b.channel) || a.name.localeCompare(b.name));
  }
}
