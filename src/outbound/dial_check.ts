import { type CallingHours, withinCallingHours } from "./calling_hours.ts";

/** Why a number may not be dialled now. */
export const DialRefusal = {
  doNotCall: "do_not_call",
  outsideHours: "outside_hours",
  noConsent: "no_consent",
} as const;
export type DialRefusal = typeof DialRefusal[keyof typeof DialRefusal];

export type DialVerdict =
  | { ok: true }
  | { ok: false; reason: DialRefusal; detail?: string };

/**
 * The checks every outbound dial makes at the moment it dials, in this order: the
 * do-not-call list, the customer's consent where the call needs it (marketing
 * campaigns), then calling hours in the called person's local time when they apply.
 */
export function checkDial(input: {
  number: string;
  atMs: number;
  onDoNotCall: boolean;
  /** Undefined when consent is not asked for; false when the customer refused it. */
  consent?: boolean;
  hours?: CallingHours;
  zone?: string | null;
  fallbackZone: string;
}): DialVerdict {
  if (input.onDoNotCall) return { ok: false, reason: "do_not_call" };
  if (input.consent === false) return { ok: false, reason: "no_consent" };
  if (input.hours) {
    const inside = withinCallingHours(input.number, input.atMs, input.hours, {
      zone: input.zone,
      fallbackZone: input.fallbackZone,
    });
    if (!inside.ok) {
      return {
        ok: false,
        reason: "outside_hours",
        detail: `${inside.localTime} in ${inside.zone}`,
      };
    }
  }
  return { ok: true };
}
