import type { Logger } from "../../log/mod.ts";
import type { Binding } from "./location_service.ts";

/** A change in where an extension can be reached (RFC 3261 §10.3). */
export interface RegistrationChange {
  /** `expired`: the phone or browser stopped refreshing and the binding lapsed. */
  kind: "registered" | "unregistered" | "expired";
  extension: string;
  contact: string;
  transport: string;
}

export type RegistrationListener = (change: RegistrationChange) => void;

/** The event hub's names for registration changes, which the UI shows. */
const REGISTRATION_EVENTS: Record<RegistrationChange["kind"], string> = {
  registered: "sip.registered",
  unregistered: "sip.unregistered",
  expired: "sip.registration_expired",
};

/**
 * Tells the call layer's listeners and the UI's event hub of every binding registered,
 * removed or expired. A listener that throws is logged; the others and the registrar's
 * answer to the phone go on regardless.
 */
export class RegistrationNotices {
  readonly #listeners = new Set<RegistrationListener>();

  constructor(
    private readonly log: Logger,
    private readonly publish: (type: string, data: Record<string, unknown>) => void,
  ) {}

  /** Adds a listener; returns the function that removes it. */
  listen(listener: RegistrationListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  changed(
    kind: RegistrationChange["kind"],
    binding: Binding,
    extra: Record<string, unknown> = {},
  ): void {
    const change: RegistrationChange = {
      kind,
      extension: binding.aor,
      contact: binding.contact,
      transport: binding.flow.transport,
    };
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (error) {
        this.log.error("a registration listener failed", { extension: change.extension, error });
      }
    }
    this.publish(REGISTRATION_EVENTS[kind], { ...describeBinding(binding), ...extra });
  }
}

/** A registration as the API and the UI's events show it. */
export function describeBinding(binding: Binding) {
  return {
    extension: binding.aor,
    contact: binding.contact,
    transport: binding.flow.transport,
    source: `${binding.flow.host}:${binding.flow.port}`,
    expires_at: new Date(binding.expiresAt).toISOString(),
    user_agent: binding.userAgent ?? null,
  };
}
