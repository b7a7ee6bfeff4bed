import type { CancelTimer, Clock } from "../../clock/mod.ts";
import type { Destination } from "../core/mod.ts";

/** One registered contact of an extension (RFC 3261 §10.3). */
export interface Binding {
  /** The extension (address-of-record user part). */
  aor: string;
  /** The Contact URI, as the phone sent it. */
  contact: string;
  expiresAt: number;
  /** Where the REGISTER came from: requests to this contact go back the same way. */
  flow: Destination;
  callId: string;
  cseq: number;
  userAgent?: string;
}

interface Entry {
  binding: Binding;
  cancel: CancelTimer;
}

/**
 * Where each extension can be reached right now. Kept in memory: phones re-register
 * every few minutes, so a restart heals itself, and a database write per refresh would
 * be the busiest table for nothing.
 */
export class LocationService {
  #byAor = new Map<string, Map<string, Entry>>();

  constructor(
    private readonly clock: Clock,
    private readonly onExpired: (binding: Binding) => void = () => {},
  ) {}

  /** Adds or refreshes a binding that lives `expiresSeconds` from now. */
  update(binding: Omit<Binding, "expiresAt">, expiresSeconds: number): Binding {
    const entries = this.#byAor.get(binding.aor) ?? new Map<string, Entry>();
    this.#byAor.set(binding.aor, entries);
    entries.get(binding.contact)?.cancel();
    const stored: Binding = { ...binding, expiresAt: this.clock.now() + expiresSeconds * 1000 };
    const cancel = this.clock.setTimer(expiresSeconds * 1000, () => {
      if (entries.get(binding.contact)?.binding !== stored) return;
      entries.delete(binding.contact);
      if (entries.size === 0) this.#byAor.delete(binding.aor);
      this.onExpired(stored);
    });
    entries.set(binding.contact, { binding: stored, cancel });
    return stored;
  }

  /** The stored binding for this contact, if any (to check Call-ID/CSeq ordering). */
  get(aor: string, contact: string): Binding | undefined {
    return this.#byAor.get(aor)?.get(contact)?.binding;
  }

  remove(aor: string, contact: string): Binding | undefined {
    const entries = this.#byAor.get(aor);
    const entry = entries?.get(contact);
    if (!entry) return undefined;
    entry.cancel();
    entries!.delete(contact);
    if (entries!.size === 0) this.#byAor.delete(aor);
    return entry.binding;
  }

  removeAll(aor: string): Binding[] {
    const entries = this.#byAor.get(aor);
    if (!entries) return [];
    const removed = [...entries.values()].map((e) => {
      e.cancel();
      return e.binding;
    });
    this.#byAor.delete(aor);
    return removed;
  }

  /** Live contacts of an extension, most recently refreshed first. */
  lookup(aor: string): Binding[] {
    const entries = this.#byAor.get(aor);
    if (!entries) return [];
    return [...entries.values()].map((e) => e.binding).sort((a, b) => b.expiresAt - a.expiresAt);
  }

  all(): Binding[] {
    return [...this.#byAor.values()].flatMap((entries) =>
      [...entries.values()].map((e) => e.binding)
    );
  }

  /** Drops every binding whose flow was this connection (a browser tab closed). */
  removeFlow(flow: Destination): Binding[] {
    const gone: Binding[] = [];
    for (const binding of this.all()) {
      const f = binding.flow;
      if (f.transport === flow.transport && f.host === flow.host && f.port === flow.port) {
        this.remove(binding.aor, binding.contact);
        gone.push(binding);
      }
    }
    return gone;
  }
}
