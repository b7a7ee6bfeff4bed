import type { IvrLanguage } from "./call_port.ts";
import { ESPEAK_VOICES, type Synthesizer } from "./synthesizer.ts";

/**
 * Speaks with an installed espeak-ng (Debian's `espeak-ng` package) into a temporary WAV
 * file (its stdout WAV has no sizes). Rejects with `Deno.errors.NotFound` when the
 * command is not there.
 */
export function espeakSynthesizer(command: string): Synthesizer {
  const voices = new Map<IvrLanguage, string>();
  const run = async (text: string, voice: string, out: string) => {
    const result = await new Deno.Command(command, {
      args: ["-v", voice, "-w", out, "--", text],
      stdout: "null",
      stderr: "piped",
    }).output();
    if (result.code !== 0) {
      throw new Error(new TextDecoder().decode(result.stderr).trim() || `exit ${result.code}`);
    }
  };
  return async (text, language) => {
    const out = await Deno.makeTempFile({ prefix: "cc-tts-", suffix: ".wav" });
    try {
      const known = voices.get(language);
      const candidates = known ? [known] : ESPEAK_VOICES[language];
      let lastError: unknown;
      for (const voice of candidates) {
        try {
          await run(text, voice, out);
          voices.set(language, voice);
          return await Deno.readFile(out);
        } catch (error) {
          if (error instanceof Deno.errors.NotFound) throw error;
          lastError = error;
        }
      }
      throw lastError;
    } finally {
      await Deno.remove(out).catch(() => {});
    }
  };
}
