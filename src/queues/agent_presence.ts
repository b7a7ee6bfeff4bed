import type { RegistrationChange, SipStack } from "../sip/mod.ts";

/** What presence changes mean for the ACD. */
export interface PresenceTarget {
  phoneRegistered(extension: string): void;
  phoneGone(extension: string, expired: boolean): void;
}

/**
 * Agents' presence from their phones' registrations (the SIP stack's registration
 * listener). The first registration of an extension logs its agent in as not ready
 * (reason "login"): a phone coming up should not start calls on its own, the agent says
 * when they are ready. Refreshes change nothing, so an agent who logged out stays out.
 * When the last registration is removed the agent is logged out; when it expires (the
 * browser or phone vanished) the agent is logged out and a call ringing there is re-queued.
 */
export class AgentPresence {
  readonly #present = new Set<string>();
  readonly #unsubscribe: () => void;

  constructor(
    private readonly sip: Pick<SipStack, "onRegistration" | "contactsOf">,
    private readonly target: PresenceTarget,
  ) {
    this.#unsubscribe = sip.onRegistration((change) => this.#changed(change));
  }

  #changed(change: RegistrationChange): void {
    const { extension } = change;
    if (change.kind === "registered") {
      if (this.#present.has(extension)) return;
      this.#present.add(extension);
      this.target.phoneRegistered(extension);
      return;
    }
    if (this.sip.contactsOf(extension).length > 0) return;
    if (!this.#present.delete(extension)) return;
    this.target.phoneGone(extension, change.kind === "expired");
  }

  close(): void {
    this.#unsubscribe();
  }
}
