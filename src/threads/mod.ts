/**
 * Worker threads started from a function's own source text, so the compiled program
 * needs no separate worker file: the function must import nothing and use only what the
 * runtime gives every worker.
 *
 * @module
 */

/** What a thread's owner hears from it. */
export interface ThreadHandlers<Message> {
  onMessage(message: Message): void;
  /** The thread failed; it is no use any more and should be replaced. */
  onFailure(error: Error): void;
}

/** Starts `body` on a new module worker; `name` says which thread in error messages. */
export function threadFromSource<Message>(
  body: () => void,
  name: string,
  handlers: ThreadHandlers<Message>,
): Worker {
  const source = `(${body.toString()})();`;
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const worker = new Worker(url, { type: "module" });
  URL.revokeObjectURL(url);
  worker.onmessage = (event: MessageEvent<Message>) => handlers.onMessage(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    handlers.onFailure(new Error(`The ${name} thread failed: ${event.message}`));
  };
  return worker;
}

/** Who wants a lazily started thread kept between uses: it may stop only when nobody does. */
export class ThreadHolds {
  #count = 0;

  get held(): boolean {
    return this.#count > 0;
  }

  /** Takes a hold; the returned function lets go of it once (later calls do nothing). */
  take(onRelease: () => void): () => void {
    this.#count++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.#count--;
      onRelease();
    };
  }
}
