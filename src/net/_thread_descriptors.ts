import { closeDescriptors } from "./libc_udp.ts";

/**
 * The descriptors the media socket thread opened with the C library: its sockets, by id,
 * and its wait set. Descriptors belong to the process, so when the thread dies they stay
 * open, each socket holding its port, unless the main thread closes them; when the thread
 * stops as asked it closes them itself.
 */
export class ThreadDescriptors {
  readonly #sockets = new Map<number, number>();
  #waitSet: number[] = [];

  constructor(private readonly close: (fds: number[]) => void = closeDescriptors) {}

  /** The thread bound socket `id` on `fd`. */
  bound(id: number, fd: number): void {
    this.#sockets.set(id, fd);
  }

  /** The thread opened its wait set. */
  opened(fds: number[]): void {
    this.#waitSet = fds;
  }

  /**
   * The thread was asked to close socket `id`, and will: closing it here too, should the
   * thread die before saying it has, could close a number another file took meanwhile.
   */
  closing(id: number): void {
    this.#sockets.delete(id);
  }

  /** The thread stopped as asked, closing what it had. */
  stopped(): void {
    this.#sockets.clear();
    this.#waitSet = [];
  }

  /** The thread died: closes what it left open. */
  abandon(): void {
    const left = [...this.#sockets.values(), ...this.#waitSet];
    this.stopped();
    if (left.length > 0) this.close(left);
  }
}
