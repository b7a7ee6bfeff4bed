import type { IvrLanguage, PlayItem as SpokenItem } from "../ivr/mod.ts";
import type { Logger } from "../log/mod.ts";
import { loopSource, pcmSource, type PlayItem } from "../media/mod.ts";
import type { Call } from "../calls/mod.ts";
import { holdMusic } from "./hold_music.ts";
import type { PromptAudio } from "../ivr/mod.ts";

/**
 * What a caller waiting for an agent hears: music on hold in a loop (tones until the
 * queue's music prompt is rendered) and, between two rounds of it, their position and the
 * expected wait.
 */
export class WaitingAudio {
  #music: Int16Array = holdMusic();

  constructor(
    private readonly call: Call,
    private readonly host: {
      prompts?: PromptAudio;
      log: Logger;
      cannotSpeak(callId: string): void;
    },
    private readonly language: IvrLanguage,
    /** True once the caller no longer waits (an agent took the call, or it ended). */
    private readonly over: () => boolean,
  ) {}

  /** Loops the tone music, or the queue's music prompt once it has been rendered. */
  async startMusic(promptName?: string): Promise<void> {
    this.playMusic();
    if (!promptName || !this.host.prompts) return;
    try {
      // One prompt renders as one part: its recording (or its speech), looped as it is.
      const [pcm] = await this.host.prompts.render([
        { kind: "prompt", name: promptName, language: this.language },
      ]);
      if (!pcm || pcm.length === 0 || this.over()) return;
      this.#music = pcm;
      this.call.media?.player.stop();
      this.playMusic();
    } catch (error) {
      this.host.log.warn("music on hold prompt unavailable; playing tones", {
        call_id: this.call.id,
        prompt: promptName,
        error,
      });
    }
  }

  /** Speaks position and estimated wait between two rounds of music. */
  async announce(position: number, ewtSeconds: number | null): Promise<void> {
    const prompts = this.host.prompts;
    if (!prompts) {
      this.host.cannotSpeak(this.call.id);
      return;
    }
    try {
      const pcm = await prompts.render(announcementItems(position, ewtSeconds, this.language));
      const media = this.call.media;
      if (this.over() || !media) return;
      media.player.stop();
      media.player.enqueue({ source: pcmSource(pcm), bargeIn: false });
      this.playMusic();
    } catch (error) {
      this.host.log.warn("queue announcement failed", { call_id: this.call.id, error });
    }
  }

  playMusic(): void {
    this.call.media?.player.enqueue(
      { source: loopSource(this.#music), bargeIn: false } as PlayItem,
    );
  }
}

/** "You are caller number 3; the expected wait is about 2 minutes", as prompt items. */
export function announcementItems(
  position: number,
  ewtSeconds: number | null,
  language: IvrLanguage,
): SpokenItem[] {
  const minutes = ewtSeconds === null ? null : Math.max(1, Math.ceil(ewtSeconds / 60));
  const text = language === "zh-CN"
    ? `您现在排在第${position}位。` + (minutes === null ? "" : `预计等待约${minutes}分钟。`)
    : `You are number ${position} in the queue.` +
      (minutes === null
        ? ""
        : ` The expected wait is about ${minutes} minute${minutes === 1 ? "" : "s"}.`);
  return [{ kind: "tts", text, language }];
}
