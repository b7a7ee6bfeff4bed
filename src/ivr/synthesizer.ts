import type { IvrLanguage } from "./call_port.ts";

/** Turns text into WAV bytes (any rate, mono or stereo). */
export type Synthesizer = (text: string, language: IvrLanguage) => Promise<Uint8Array>;

/** Voices espeak-ng speaks each language with; the first one that exists wins. */
export const ESPEAK_VOICES: Readonly<Record<IvrLanguage, readonly string[]>> = {
  en: ["en"],
  "zh-CN": ["cmn", "zh"],
};
