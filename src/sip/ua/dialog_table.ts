import type { Clock } from "../../clock/mod.ts";
import { FixedDelayTimers } from "../core/mod.ts";
import type { ClientLeg } from "./client_leg.ts";
import { EndedDialog } from "./ended_dialog.ts";
import type { EndReason, Leg } from "./leg.ts";
import { ServerLeg } from "./server_leg.ts";

/**
 * The stack's dialogs by key (Call-ID and local tag), live and recently ended. An ended
 * dialog stays reachable for `keepMs` (the stack keeps 32×T1) so that a late BYE or ACK
 * retransmission still matches: an inbound one as an {@link EndedDialog}, which answers those
 * without holding the call's INVITE and SDPs; an outbound one whole, since a late 2xx is
 * ACKed again from its dialog (§13.2.2.4). One timer queue keeps them all (decision 048).
 */
export class DialogTable {
  readonly #dialogs = new Map<string, Leg | EndedDialog>();
  readonly #endedKeep: FixedDelayTimers;

  constructor(clock: Clock, keepMs: number) {
    this.#endedKeep = new FixedDelayTimers(clock, keepMs);
  }

  get(key: string): Leg | EndedDialog | undefined {
    return this.#dialogs.get(key);
  }

  bind(key: string, leg: Leg): void {
    this.#dialogs.set(key, leg);
  }

  /** Keeps an ended leg's dialog for the retransmissions still on their way. */
  ended(leg: Leg): void {
    const key = (leg as ServerLeg | ClientLeg).dialogKey;
    const kept = leg instanceof ServerLeg && this.#dialogs.get(key) === leg
      ? new EndedDialog()
      : leg;
    if (kept !== leg) this.#dialogs.set(key, kept);
    this.#endedKeep.set(() => {
      if (this.#dialogs.get(key) === kept) this.#dialogs.delete(key);
    });
  }

  /** Dialogs whose call is still up. */
  get live(): number {
    let n = 0;
    for (const dialog of this.#dialogs.values()) if (!dialog.ended) n++;
    return n;
  }

  /** Ends every call still up (the stack is stopping). */
  hangupAll(reason: EndReason): void {
    for (const dialog of new Set(this.#dialogs.values())) dialog.hangup(reason);
  }
}
