import type { EventHub, HubEvent } from "../events/mod.ts";
import type { SipStack } from "../sip/mod.ts";

/** What presence changes mean for the ACD. */
export interface PresenceTarget {
  phoneRegistered(extension: string): void;
  phoneGone(extension: string, expired: boolean): void;
}

/**
 * Agents' presence from their phones' registrations (the SIP stack's hub events). The
 * first registration of an extension logs its agent in as not ready (reason "login"):
 * a phone coming up should not start calls on its own, the agent says when they are
 * ready. Refreshes change nothing, so an agent who logged out stays out. When the last
 * registration is removed the agent is logged out; when it expires (the browser or
 * phone vanished) the agent is logged out and a call ringing there is re-queued.
 */
export class AgentPresence {
  readonly #present = new Set<string>();
  readonly #unsubscribe: () => void;

  constructor(
    hub: EventHub,
    private readonly sip: SipStack,
    private readonly target: PresenceTarget,
  ) {
    this.#unsubscribe = hub.subscribe((event) => this.#receive(event));
  }

  #receive(event: HubEvent): void {
    if (!event.type.startsWith("sip.")) return;
    const extension = event.data.extension;
    if (typeof extension !== "string") return;
    switch (event.type) {
      case "sip.registered":
        if (this.#present.has(extension)) return;
        this.#present.add(extension);
        this.target.phoneRegistered(extension);
        return;
      case "sip.unregistered":
      case "sip.registration_expired":
        if (this.sip.contactsOf(extension).length > 0) return;
        if (!this.#present.delete(extension)) return;
        this.target.phoneGone(extension, event.type === "sip.registration_expired");
        return;
    }
  }

  close(): void {
    this.#unsubscribe();
  }
}
