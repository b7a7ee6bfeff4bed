import type { Clock } from "../clock/mod.ts";
import { type Database, isoTime } from "../db/mod.ts";
import type { IvrLanguage } from "./call_port.ts";
import { BUILTIN_PROMPTS } from "./builtin_prompts.ts";
import { convertPrompt, MAX_PROMPT_MS } from "./prompt_convert.ts";
import { describeUse, type PromptUse } from "./prompt_uses.ts";

/** Raised when a prompt still played somewhere is to be deleted; lists what plays it. */
export class PromptInUseError extends Error {
  override name = "PromptInUseError";

  constructor(name: string, language: IvrLanguage, readonly uses: readonly PromptUse[]) {
    super(
      `Prompt ${name} (${language}) is still played by ${
        uses.map(describeUse).join(", ")
      }; change them first`,
    );
  }
}

/** A prompt as listed to admins. */
export interface PromptEntry {
  name: string;
  language: IvrLanguage;
  builtin: boolean;
  /** What the built-in prompt says (absent for uploads). */
  text: string | null;
  /** The uploaded recording, relative to the data directory. */
  path: string | null;
  duration_ms: number | null;
  description: string;
  updated_at: string | null;
}

interface PromptRow {
  name: string;
  language: IvrLanguage;
  path: string;
  duration_ms: number;
  description: string;
  updated_at: string;
}

/**
 * The prompt catalogue: built-in prompts plus uploads, stored converted to 8 kHz mono
 * under `<data>/prompts/<language>/<name>.wav` and listed in the `prompts` table.
 */
export class PromptCatalog {
  constructor(
    private readonly db: Database,
    private readonly dataDir: string,
    private readonly clock: Clock,
  ) {}

  /** True when flows may use `name` (built in, or uploaded in any language). */
  has(name: string): boolean {
    return name in BUILTIN_PROMPTS ||
      this.db.get("SELECT 1 FROM prompts WHERE name = ? LIMIT 1", name) !== undefined;
  }

  /** What a prompt says, for simulator output: the built-in words or the upload's description. */
  describe(name: string, language: IvrLanguage): string | null {
    const row = this.db.get<{ description: string }>(
      "SELECT description FROM prompts WHERE name = ? AND language = ?",
      name,
      language,
    );
    if (row?.description) return row.description;
    return BUILTIN_PROMPTS[name]?.[language] ?? null;
  }

  /** The absolute file of an uploaded prompt, for the media layer. */
  file(name: string, language: IvrLanguage): string | undefined {
    const row = this.db.get<{ path: string }>(
      "SELECT path FROM prompts WHERE name = ? AND language = ?",
      name,
      language,
    );
    return row ? `${this.dataDir}/${row.path}` : undefined;
  }

  list(): PromptEntry[] {
    const rows = this.db.all<PromptRow>(
      "SELECT name, language, path, duration_ms, description, updated_at FROM prompts ORDER BY name, language",
    );
    const uploaded = new Map(rows.map((r) => [`${r.name}/${r.language}`, r]));
    const entries: PromptEntry[] = [];
    for (const [name, texts] of Object.entries(BUILTIN_PROMPTS)) {
      for (const language of Object.keys(texts) as IvrLanguage[]) {
        const row = uploaded.get(`${name}/${language}`);
        uploaded.delete(`${name}/${language}`);
        entries.push(entry(name, language, texts[language], row));
      }
    }
    for (const row of uploaded.values()) entries.push(entry(row.name, row.language, null, row));
    return entries.sort((a, b) =>
      a.name.localeCompare(b.name) || a.language.localeCompare(b.language)
    );
  }

  /**
   * Deletes an uploaded recording. `uses` are what plays the name now (see
   * {@link PromptUse}); with any, the deletion is refused unless a built-in prompt of
   * that name and language takes over, since callers would otherwise hear an error.
   * False when there is no such upload.
   */
  async remove(name: string, language: IvrLanguage, uses: readonly PromptUse[]): Promise<boolean> {
    const file = this.file(name, language);
    if (!file) return false;
    if (uses.length > 0 && BUILTIN_PROMPTS[name]?.[language] === undefined) {
      throw new PromptInUseError(name, language, uses);
    }
    this.db.run("DELETE FROM prompts WHERE name = ? AND language = ?", name, language);
    try {
      await Deno.remove(file);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    return true;
  }

  /**
   * Converts and stores an upload, replacing an earlier one of the same name and
   * language. What is not audio, or lasts over {@link MAX_PROMPT_MS}, is refused before
   * anything is written.
   */
  async store(
    name: string,
    language: IvrLanguage,
    upload: Uint8Array,
    options: { description?: string; userId?: number | null } = {},
  ): Promise<PromptEntry & { source: { sampleRate: number; channels: number } }> {
    const { wav, durationMs, source } = convertPrompt(upload, MAX_PROMPT_MS);
    const relative = `prompts/${language}/${name}.wav`;
    await Deno.mkdir(`${this.dataDir}/prompts/${language}`, { recursive: true });
    // Write beside and rename, so a call playing the old prompt never reads half a file.
    const temporary = `${this.dataDir}/${relative}.part`;
    await Deno.writeFile(temporary, wav);
    await Deno.rename(temporary, `${this.dataDir}/${relative}`);
    const now = isoTime(this.clock.now());
    this.db.run(
      `INSERT INTO prompts (name, language, path, duration_ms, description, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (name, language) DO UPDATE SET path = excluded.path, duration_ms = excluded.duration_ms,
         description = excluded.description, updated_at = excluded.updated_at`,
      name,
      language,
      relative,
      durationMs,
      options.description ?? "",
      options.userId ?? null,
      now,
      now,
    );
    const row = this.db.get<PromptRow>(
      "SELECT name, language, path, duration_ms, description, updated_at FROM prompts WHERE name = ? AND language = ?",
      name,
      language,
    )!;
    return { ...entry(name, language, BUILTIN_PROMPTS[name]?.[language] ?? null, row), source };
  }
}

function entry(
  name: string,
  language: IvrLanguage,
  text: string | null,
  row?: PromptRow,
): PromptEntry {
  return {
    name,
    language,
    builtin: text !== null,
    text,
    path: row?.path ?? null,
    duration_ms: row?.duration_ms ?? null,
    description: row?.description ?? "",
    updated_at: row?.updated_at ?? null,
  };
}
