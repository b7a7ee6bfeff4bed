/**
 * The keys that encrypt recordings and voicemails at rest: 256-bit AES keys, one file
 * each in a directory outside the database (`<data>/keys` unless configured elsewhere),
 * numbered; `current` names the one new files are sealed with. Old keys stay until every
 * file sealed with them has been re-sealed (see decision 024), so rotating never makes a
 * recording unplayable.
 */
export class RecordingKeys {
  readonly #cache = new Map<number, CryptoKey>();
  /**
   * The first key, made once: recordings closing together on a new box share it (one
   * that found no key while it was being written gets it too). Forgotten if making it
   * failed, so the next recording tries again.
   */
  #making: Promise<number> | undefined;
  /** Rotations one after another, so two never pick the same number. */
  #rotations: Promise<unknown> = Promise.resolve();
  /**
   * The current key's number once read or made: only this object writes `current` while
   * the appliance runs (a restore replaces it with the appliance stopped), and reading it
   * at every seal was a file read per recorded call.
   */
  #currentKnown: number | undefined;

  constructor(readonly dir: string) {}

  /** The key new files are sealed with; the first is made on first use. */
  async current(): Promise<{ id: number; key: CryptoKey }> {
    let id = await this.#currentId();
    if (id === undefined) {
      id = await (this.#making ??= this.rotate().catch((error) => {
        this.#making = undefined;
        throw error;
      }));
    }
    const key = await this.get(id);
    if (!key) throw new RecordingKeyMissingError(id);
    return { id, key };
  }

  /** A key by number; undefined when its file is gone. */
  async get(id: number): Promise<CryptoKey | undefined> {
    const cached = this.#cache.get(id);
    if (cached) return cached;
    let raw: Uint8Array;
    try {
      raw = await Deno.readFile(this.#file(id));
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return undefined;
      throw error;
    }
    if (raw.length !== 32) throw new Error(`Key file ${this.#file(id)} is not a 256-bit key`);
    const key = await crypto.subtle.importKey(
      "raw",
      raw as Uint8Array<ArrayBuffer>,
      "AES-GCM",
      false,
      [
        "encrypt",
        "decrypt",
      ],
    );
    this.#cache.set(id, key);
    return key;
  }

  /** Makes a new key and seals new files with it from now on; returns its number. */
  rotate(): Promise<number> {
    const rotated = this.#rotations.then(() => this.#rotate());
    this.#rotations = rotated.catch(() => {});
    return rotated;
  }

  async #rotate(): Promise<number> {
    await Deno.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const id = ((await this.#currentId()) ?? 0) + 1;
    const raw = crypto.getRandomValues(new Uint8Array(32));
    await Deno.writeFile(this.#file(id), raw, { mode: 0o600, createNew: true });
    await Deno.writeTextFile(`${this.dir}/current.tmp`, `${id}\n`, { mode: 0o600 });
    await Deno.rename(`${this.dir}/current.tmp`, `${this.dir}/current`);
    this.#currentKnown = id;
    return id;
  }

  async #currentId(): Promise<number | undefined> {
    if (this.#currentKnown !== undefined) return this.#currentKnown;
    try {
      const id = Number((await Deno.readTextFile(`${this.dir}/current`)).trim());
      if (!Number.isSafeInteger(id) || id <= 0) return undefined;
      return this.#currentKnown = id;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return undefined;
      throw error;
    }
  }

  #file(id: number): string {
    return `${this.dir}/recording-${id}.key`;
  }
}

/** A sealed file names a key that is no longer in the key directory. */
export class RecordingKeyMissingError extends Error {
  override name = "RecordingKeyMissingError";
  constructor(readonly keyId: number) {
    super(`Recording key ${keyId} is missing from the key directory`);
  }
}
