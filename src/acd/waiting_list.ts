import type { WaitingCall } from "./waiting_call.ts";

/** True when `a` is served before `b` in the same queue. */
function ahead(a: WaitingCall, b: WaitingCall): boolean {
  if (a.rank1 !== b.rank1) return a.rank1 > b.rank1;
  if (a.rank2 !== b.rank2) return a.rank2 > b.rank2;
  return a.seq < b.seq;
}

/**
 * A queue's waiting calls in service order. The order keys of a call do not change while
 * it waits (see Queue.rank()), so a sorted array with binary search is enough: inserting
 * and removing cost a memmove, finding a position costs O(log n), and the head is O(1).
 */
export class WaitingList {
  #items: WaitingCall[] = [];

  get size(): number {
    return this.#items.length;
  }

  at(index: number): WaitingCall | undefined {
    return this.#items[index];
  }

  insert(call: WaitingCall): void {
    this.#items.splice(this.#lowerBound(call), 0, call);
  }

  /** Removes the call; false when it was not in the list. */
  remove(call: WaitingCall): boolean {
    const i = this.#indexOf(call);
    if (i < 0) return false;
    this.#items.splice(i, 1);
    return true;
  }

  /** 1-based position, or 0 when the call is not waiting here. */
  position(call: WaitingCall): number {
    return this.#indexOf(call) + 1;
  }

  [Symbol.iterator](): Iterator<WaitingCall> {
    return this.#items[Symbol.iterator]();
  }

  #indexOf(call: WaitingCall): number {
    const i = this.#lowerBound(call);
    return this.#items[i] === call ? i : -1;
  }

  #lowerBound(call: WaitingCall): number {
    let lo = 0;
    let hi = this.#items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ahead(this.#items[mid], call)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
