import type { Trunk } from "../sip/mod.ts";

/** The number as the trunk's PBX is to receive it, or why the trunk may not call it. */
export type TrunkDialString =
  | { ok: true; number: string }
  | { ok: false; reason: "not_allowed_on_trunk"; message: string };

/**
 * Turns an E.164 number into what the trunk's dial plan asks for: refused when the plan
 * lists allowed prefixes and none matches; else formatted (E.164, digits only, or
 * national for the trunk's own country — the digits after its country code — and `00`
 * then the digits for any other), the plan's prefix stripped when the number starts with
 * it, and its prefix added. A trunk with no plan gets E.164 unchanged.
 */
export function trunkDialString(
  e164: string,
  trunk: Pick<Trunk, "defaultCountry" | "dialPlan">,
): TrunkDialString {
  const plan = trunk.dialPlan;
  if (!plan) return { ok: true, number: e164 };
  if (plan.allowed_prefixes.length > 0 && !plan.allowed_prefixes.some((p) => e164.startsWith(p))) {
    return {
      ok: false,
      reason: "not_allowed_on_trunk",
      message: `The trunk's dial plan does not allow ${e164}`,
    };
  }
  const digits = e164.replace(/^\+/, "");
  let number: string;
  switch (plan.format) {
    case "digits":
      number = digits;
      break;
    case "national":
      number = digits.startsWith(trunk.defaultCountry)
        ? digits.slice(trunk.defaultCountry.length)
        : `00${digits}`;
      break;
    default:
      number = e164;
  }
  if (plan.strip_prefix && number.startsWith(plan.strip_prefix)) {
    number = number.slice(plan.strip_prefix.length);
  }
  return { ok: true, number: plan.add_prefix + number };
}
