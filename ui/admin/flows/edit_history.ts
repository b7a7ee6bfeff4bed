/**
 * Undo and redo over snapshots of what is edited. Snapshots are kept as JSON text, so
 * an undone state can never be changed by a later edit; the oldest are dropped past
 * `limit`.
 */
export class EditHistory<T> {
  #past: string[] = [];
  #future: string[] = [];

  constructor(private readonly limit = 200) {}

  /** Remembers `before`, the state an edit is about to change; clears what was undone. */
  record(before: T): void {
    this.#past.push(JSON.stringify(before));
    if (this.#past.length > this.limit) this.#past.shift();
    this.#future = [];
  }

  get canUndo(): boolean {
    return this.#past.length > 0;
  }

  get canRedo(): boolean {
    return this.#future.length > 0;
  }

  /** The state before the last edit, given the current one; undefined when there is none. */
  undo(current: T): T | undefined {
    const previous = this.#past.pop();
    if (previous === undefined) return undefined;
    this.#future.push(JSON.stringify(current));
    return JSON.parse(previous);
  }

  /** The state an undo went back from; undefined when nothing was undone. */
  redo(current: T): T | undefined {
    const next = this.#future.pop();
    if (next === undefined) return undefined;
    this.#past.push(JSON.stringify(current));
    return JSON.parse(next);
  }

  clear(): void {
    this.#past = [];
    this.#future = [];
  }
}
