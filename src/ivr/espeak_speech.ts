import type { Clock } from "../clock/mod.ts";
import type { Logger } from "../log/mod.ts";
import type { IvrLanguage } from "./call_port.ts";
import { espeakSynthesizer } from "./espeak_command.ts";
import { BundledEspeak } from "./espeak_wasm.ts";
import type { Synthesizer } from "./synthesizer.ts";

export interface EspeakSpeechOptions {
  /** The installed espeak-ng's command (`espeak-ng`, looked up on PATH). */
  command: string;
  clock: Clock;
  log: Logger;
}

/**
 * Speech for prompts: the espeak-ng installed on the machine (Debian's `espeak-ng`) when
 * its command is there, else the one built into the program. The installed one is
 * preferred: it runs as a process of its own, keeps no memory in ours, and renders what
 * the prompt caches of existing installations already hold. The built-in one makes a
 * machine with nothing but the program speak both languages. Which one is used is
 * settled by the first utterance.
 */
export class EspeakSpeech {
  readonly #options: EspeakSpeechOptions;
  readonly #bundled: BundledEspeak;
  #installed: Synthesizer | undefined;

  constructor(options: EspeakSpeechOptions) {
    this.#options = options;
    this.#installed = espeakSynthesizer(options.command);
    this.#bundled = new BundledEspeak({ clock: options.clock });
  }

  /** WAV bytes of `text` spoken in `language`. */
  async synthesize(text: string, language: IvrLanguage): Promise<Uint8Array> {
    const installed = this.#installed;
    if (installed) {
      try {
        return await installed(text, language);
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
        if (this.#installed === installed) {
          this.#installed = undefined;
          this.#options.log.info(
            "espeak-ng is not installed; prompts are spoken by the espeak-ng built into the program",
            { command: this.#options.command },
          );
        }
      }
    }
    return await this.#bundled.synthesize(text, language);
  }

  /** Stops the built-in engine's thread, if it was started. */
  close(): void {
    this.#bundled.close();
  }
}
