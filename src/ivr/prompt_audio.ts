import { createHash } from "node:crypto";
import { type Clock, SystemClock } from "../clock/mod.ts";
import type { Logger } from "../log/mod.ts";
import { sayDate, sayDigits, sayNumber, wavSamples } from "../media/mod.ts";
import { BUILTIN_PROMPTS } from "./builtin_prompts.ts";
import { IVR_LANGUAGES, type IvrLanguage, type PlayItem } from "./call_port.ts";
import { EspeakSpeech } from "./espeak_speech.ts";
import { convertPrompt } from "./prompt_convert.ts";
import { fragmentWord, READER_FRAGMENTS } from "./prompt_words.ts";
import type { Synthesizer } from "./synthesizer.ts";

/** Turns what the IVR or the ACD wants said into 8 kHz mono PCM (prompt files, TTS, readers). */
export interface PromptAudio {
  /**
   * Audio for the items in order, as parts to be played back to back (`pcmSource` takes
   * them as they are). Parts are shared cached audio: nobody may change them. A missing
   * prompt is an Error naming it.
   */
  render(items: readonly PlayItem[]): Promise<readonly Int16Array[]>;
}

/** Raised when a prompt cannot be played: not uploaded and no way to speak its words. */
export class MissingPromptError extends Error {
  override name = "MissingPromptError";
}

export interface CachedPromptAudioOptions {
  dataDir: string;
  /** Uploaded recordings by name and language (the IVR's prompt catalogue). */
  catalog: { file(name: string, language: IvrLanguage): string | undefined };
  log: Logger;
  /** Times the built-in espeak-ng's idle thread; the system clock by default. */
  clock?: Clock;
  /** Replaces espeak-ng (tests count calls with it). */
  synthesize?: Synthesizer;
  /**
   * The installed espeak-ng executable; `espeak-ng` on PATH by default. Where it is
   * missing, the espeak-ng built into the program speaks.
   */
  espeak?: string;
}

// Part of the cache key: bump when rendering changes so old files are not reused.
const RENDER_VERSION = "espeak-1";
const GAP = new Int16Array(8 * 60);
const MEMORY_ENTRIES = 600;

/**
 * Prompt audio for calls: uploaded recordings from the IVR's catalogue first, then
 * built-in prompt words and TTS text spoken by espeak-ng (the installed one, else the one
 * built into the program, see {@link EspeakSpeech}). Speech is rendered once per
 * text and language and kept as 8 kHz mono WAV under `<data>/prompts/cache/<lang>/`,
 * so it survives restarts; recent audio is also kept in memory. Readers (digits,
 * numbers, dates) are joined from word fragments: an uploaded prompt named like the
 * fragment (`7`, `hundred`, `month_3`) or the fragment's word spoken.
 */
export class CachedPromptAudio implements PromptAudio {
  readonly #options: CachedPromptAudioOptions;
  readonly #synthesize: Synthesizer;
  /** The default speech engine, when none was given. */
  readonly #speech: EspeakSpeech | undefined;
  readonly #memory = new Map<string, Int16Array>();
  readonly #pending = new Map<string, Promise<Int16Array>>();
  readonly #stopping = new AbortController();
  #warming: Promise<void> | undefined;
  /** Number of texts synthesised (cache misses), for tests and diagnostics. */
  synthesized = 0;

  constructor(options: CachedPromptAudioOptions) {
    this.#options = options;
    if (options.synthesize) {
      this.#synthesize = options.synthesize;
    } else {
      const speech = new EspeakSpeech({
        command: options.espeak ?? "espeak-ng",
        clock: options.clock ?? new SystemClock(),
        log: options.log,
      });
      this.#speech = speech;
      this.#synthesize = (text, language) => speech.synthesize(text, language);
    }
  }

  async render(items: readonly PlayItem[]): Promise<readonly Int16Array[]> {
    // Not joined into one array: at hundreds of callers hearing a status read out, a copy
    // each (about 200 KB) was most of the memory V8 collects in full every few seconds.
    const parts: Int16Array[] = [];
    for (const item of items) parts.push(...await this.#item(item));
    return parts;
  }

  /**
   * WAV bytes of `text` spoken in `language` by the same engine calls hear, uncached:
   * for an admin who stores typed text as a prompt. A failure is a
   * {@link MissingPromptError} saying why.
   */
  async synthesize(text: string, language: IvrLanguage): Promise<Uint8Array> {
    try {
      return await this.#synthesize(text, language);
    } catch (error) {
      throw new MissingPromptError(`Cannot speak the text in ${language}: ${speechFailure(error)}`);
    }
  }

  /**
   * Renders every built-in prompt and reader fragment in both languages, one at a time
   * in the background, so the first callers do not wait for speech synthesis. Failures
   * are logged once; calls still get a clear error for what is missing.
   */
  warmUp(): Promise<void> {
    this.#warming ??= (async () => {
      const started = performance.now();
      let done = 0;
      for (const language of IVR_LANGUAGES) {
        const texts = [
          ...Object.keys(BUILTIN_PROMPTS).map((name) => () =>
            this.#item({ kind: "prompt", name, language })
          ),
          ...READER_FRAGMENTS[language].map((name) => () => this.#fragment(name, language)),
        ];
        for (const render of texts) {
          if (this.#stopping.signal.aborted) return;
          try {
            await render();
            done++;
          } catch (error) {
            this.#options.log.warn(
              "prompts could not be prepared; calls will say what is missing",
              {
                error,
              },
            );
            return;
          }
        }
      }
      this.#options.log.info("prompts ready", {
        prompts: done,
        synthesized: this.synthesized,
        ms: Math.round(performance.now() - started),
      });
    })();
    return this.#warming;
  }

  /** Stops the background warm-up, waits for renders in flight and stops the speech engine. */
  async close(): Promise<void> {
    this.#stopping.abort();
    await this.#warming;
    await Promise.allSettled([...this.#pending.values()]);
    this.#speech?.close();
  }

  async #item(item: PlayItem): Promise<Int16Array[]> {
    const { language } = item;
    switch (item.kind) {
      case "prompt": {
        const file = this.#options.catalog.file(item.name, language);
        if (file) return [await this.#file(file)];
        const words = BUILTIN_PROMPTS[item.name]?.[language];
        if (words === undefined) {
          throw new MissingPromptError(
            `Prompt "${item.name}" has no recording in ${language}; upload one (POST /api/v1/ivr/prompts)`,
          );
        }
        return [await this.#speak(words, language, `prompt "${item.name}"`)];
      }
      case "tts":
        return [await this.#speak(item.text, language, "text to speech")];
      case "digits":
        return this.#fragments(sayDigits(item.value, language), language);
      case "number":
        return this.#fragments(sayNumber(item.value, language), language);
      case "date": {
        const [year, month, day] = item.value.split("-").map(Number);
        return this.#fragments(sayDate({ year, month, day }, language), language);
      }
    }
  }

  async #fragments(names: string[], language: IvrLanguage): Promise<Int16Array[]> {
    const out: Int16Array[] = [];
    for (const name of names) out.push(await this.#fragment(name, language), GAP);
    return out;
  }

  async #fragment(name: string, language: IvrLanguage): Promise<Int16Array> {
    const file = this.#options.catalog.file(name, language);
    if (file) return await this.#file(file);
    const word = fragmentWord(name, language);
    if (word === undefined) {
      throw new MissingPromptError(`No word for the reader fragment "${name}" in ${language}`);
    }
    return trimSilence(await this.#speak(word, language, `reader fragment "${name}"`));
  }

  /** An uploaded file, re-read when it was replaced (uploads are renamed into place). */
  async #file(path: string): Promise<Int16Array> {
    const stat = await Deno.stat(path);
    const key = `file:${path}:${stat.mtime?.getTime() ?? 0}:${stat.size}`;
    return await this.#once(key, async () => wavSamples(await Deno.readFile(path)));
  }

  #speak(text: string, language: IvrLanguage, what: string): Promise<Int16Array> {
    const identity = `${RENDER_VERSION}\n${language}\n${text}`;
    // Kept in memory by the text itself; the digest names the file and is needed only
    // when the audio is not in memory yet.
    return this.#once(`tts:${identity}`, async () => {
      const sha1 = createHash("sha1").update(identity).digest("hex");
      const dir = `${this.#options.dataDir}/prompts/cache/${language}`;
      const path = `${dir}/${sha1}.wav`;
      try {
        return wavSamples(await Deno.readFile(path));
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) {
          this.#options.log.warn("a cached prompt was unreadable; rendering it again", {
            path,
            error,
          });
        }
      }
      let source: Uint8Array;
      try {
        source = await this.#synthesize(text, language);
      } catch (error) {
        const reason = speechFailure(error);
        throw new MissingPromptError(
          `Cannot play ${what} in ${language}: ${reason}; upload a recording or install espeak-ng`,
        );
      }
      this.synthesized++;
      const { wav } = convertPrompt(source);
      await Deno.mkdir(dir, { recursive: true });
      // Written beside and renamed, so a concurrent reader never sees half a file.
      const partial = `${path}.${crypto.randomUUID()}.part`;
      await Deno.writeFile(partial, wav);
      await Deno.rename(partial, path);
      return wavSamples(wav);
    });
  }

  /** Runs `load` once per key; concurrent callers share it; results are kept in memory. */
  #once(key: string, load: () => Promise<Int16Array>): Promise<Int16Array> {
    const hit = this.#memory.get(key);
    if (hit) {
      // Re-inserting keeps the map in least-recently-used order.
      this.#memory.delete(key);
      this.#memory.set(key, hit);
      return Promise.resolve(hit);
    }
    const pending = this.#pending.get(key);
    if (pending) return pending;
    const loading = load().then((samples) => {
      this.#memory.set(key, samples);
      if (this.#memory.size > MEMORY_ENTRIES) {
        this.#memory.delete(this.#memory.keys().next().value!);
      }
      return samples;
    }).finally(() => this.#pending.delete(key));
    this.#pending.set(key, loading);
    return loading;
  }
}

function speechFailure(error: unknown): string {
  return error instanceof Deno.errors.NotFound
    ? "espeak-ng is not installed"
    : `speech synthesis failed (${error instanceof Error ? error.message : error})`;
}

/** Cuts the quiet lead-in and tail espeak-ng adds, so joined words flow. */
function trimSilence(samples: Int16Array, level = 300, keep = 8 * 20): Int16Array {
  let start = 0;
  while (start < samples.length && Math.abs(samples[start]) < level) start++;
  let end = samples.length;
  while (end > start && Math.abs(samples[end - 1]) < level) end--;
  if (start >= end) return samples;
  return samples.subarray(Math.max(0, start - keep), Math.min(samples.length, end + keep));
}
