/**
 * Phone numbers to E.164 (ITU-T E.164: "+", a country code, at most 15 digits in all).
 * Written for the numbers a Chinese, US or UK call center meets — caller ID from the
 * PBX, numbers typed by agents, columns from Excel — without a full numbering-plan
 * database; docs/decisions/005-phone-numbers.md explains the rules and their limits.
 */

/** A number that cannot be turned into E.164, with the reason a person can act on. */
export class InvalidPhoneError extends Error {
  override name = "InvalidPhoneError";

  constructor(readonly input: string, readonly reason: string) {
    super(`Phone number "${input}" is not usable: ${reason}`);
  }
}

/** Country calling codes with national rules; others get the generic E.164 checks. */
const NATIONAL_RULES: Record<string, (nsn: string) => string | undefined> = {
  // China: mobiles 1[3-9]x xxxx xxxx; landlines area code (2 or 3 digits) + 7–8 digits;
  // 400/800 service numbers have 10 digits.
  "86": (nsn) => {
    // Beijing's area code 10 is the one landline prefix that starts like a mobile.
    if (/^10\d{8}$/.test(nsn)) return undefined;
    if (nsn.startsWith("1")) {
      return /^1[3-9]\d{9}$/.test(nsn)
        ? undefined
        : "Chinese mobile numbers have 11 digits and start with 13–19";
    }
    if (/^[48]00\d{7}$/.test(nsn)) return undefined;
    if (/^2\d{9}$/.test(nsn) || /^[3-9]\d{2}\d{7,8}$/.test(nsn)) return undefined;
    return nsn.length < 10
      ? "Chinese landline numbers need the area code (for example 021 6123 4567)"
      : "not a Chinese mobile or landline number";
  },
  // NANP: NPA-NXX-XXXX, neither the area code nor the exchange starts with 0 or 1.
  "1": (nsn) =>
    /^[2-9]\d{2}[2-9]\d{6}$/.test(nsn)
      ? undefined
      : "North American numbers have a 3-digit area code and 7 digits, neither starting with 0 or 1",
  // UK: 9 or 10 digits after +44 (the trunk 0 dropped).
  "44": (nsn) =>
    /^[1-9]\d{8,9}$/.test(nsn) ? undefined : "UK numbers have 10 or 11 digits including the 0",
};

/** Countries whose national numbers drop a leading trunk "0" in international form. */
const NO_TRUNK_ZERO = new Set(["1", "39"]);

/**
 * Normalises `raw` to E.164 (`+8613800138000`). National numbers are read in the
 * `defaultCountry` calling code ("86", "1", "44", …). Throws {@link InvalidPhoneError}.
 *
 * @example
 * ```ts
 * import { normalisePhone } from "./phone.ts";
 * if (normalisePhone("021 6123 4567", "86") !== "+862161234567") throw new Error();
 * if (normalisePhone("+1 (415) 555-0100", "86") !== "+14155550100") throw new Error();
 * ```
 */
export function normalisePhone(raw: string, defaultCountry = "86"): string {
  const input = String(raw ?? "");
  let s = input.trim();
  if (s === "") throw new InvalidPhoneError(input, "the number is empty");
  if (/^tel:/i.test(s)) s = s.slice(4);
  // "+44 (0)20 …": the bracketed trunk zero is not dialled from abroad.
  s = s.replace(/^(\+\d{1,3})\s*\(0\)/, "$1");
  if (/[a-z]/i.test(s)) {
    throw new InvalidPhoneError(input, "it contains letters; give digits only");
  }
  if (/[^\d+\s\-.()/\u00a0]/.test(s)) {
    throw new InvalidPhoneError(input, "it contains characters other than digits, spaces, -, ( )");
  }
  const plus = s.startsWith("+");
  const digits = s.replace(/\D/g, "");
  if ((s.match(/\+/g)?.length ?? 0) > (plus ? 1 : 0)) {
    throw new InvalidPhoneError(input, "a + may only come first");
  }
  if (digits.length === 0) throw new InvalidPhoneError(input, "it has no digits");

  let international: string;
  if (plus) international = digits;
  else if (digits.startsWith("00")) international = digits.slice(2);
  else if (defaultCountry === "1" && digits.startsWith("011")) international = digits.slice(3);
  else international = nationalToInternational(input, digits, defaultCountry);
  return checkInternational(input, international);
}

/** Like {@link normalisePhone} but answers with the reason instead of throwing. */
export function parsePhone(
  raw: string,
  defaultCountry = "86",
): { ok: true; e164: string } | { ok: false; reason: string } {
  try {
    return { ok: true, e164: normalisePhone(raw, defaultCountry) };
  } catch (error) {
    if (error instanceof InvalidPhoneError) return { ok: false, reason: error.reason };
    throw error;
  }
}

/**
 * A caller's number as calls keep it: E.164 when `raw` is a phone number, else `raw`
 * unchanged, because caller IDs such as `anonymous` or an internal extension are facts
 * about the call that the record must not lose.
 *
 * @example
 * ```ts
 * import { normaliseCaller } from "./phone.ts";
 * if (normaliseCaller("14155550100", "1") !== "+14155550100") throw new Error();
 * if (normaliseCaller("anonymous", "86") !== "anonymous") throw new Error();
 * ```
 */
export function normaliseCaller(raw: string, defaultCountry: string): string {
  const parsed = parsePhone(raw, defaultCountry);
  return parsed.ok ? parsed.e164 : raw;
}

/** Hides the middle digits of an E.164 number for people who need not see it whole. */
export function maskPhone(e164: string): string {
  if (e164.length <= 8) return e164.slice(0, 3) + "*".repeat(Math.max(0, e164.length - 3));
  const keepEnd = 4;
  const keepStart = Math.min(6, e164.length - keepEnd - 4);
  return e164.slice(0, keepStart) + "*".repeat(e164.length - keepStart - keepEnd) +
    e164.slice(-keepEnd);
}

function nationalToInternational(input: string, digits: string, country: string): string {
  if (!/^[1-9]\d{0,2}$/.test(country)) {
    throw new InvalidPhoneError(input, `the default country code "${country}" is not valid`);
  }
  if (country === "86") {
    // Mobiles are dialled without a trunk prefix; landlines with 0 and the area code.
    if (digits.startsWith("0")) return "86" + digits.slice(1);
    if (digits.startsWith("86") && digits.length === 13) return digits;
    return "86" + digits;
  }
  if (country === "1") {
    if (digits.length === 11 && digits.startsWith("1")) return digits;
    return "1" + digits;
  }
  if (digits.startsWith("0") && !NO_TRUNK_ZERO.has(country)) return country + digits.slice(1);
  return country + digits;
}

function checkInternational(input: string, digits: string): string {
  if (digits.startsWith("0")) {
    throw new InvalidPhoneError(input, "country codes never start with 0");
  }
  if (digits.length > 15) {
    throw new InvalidPhoneError(input, `it has ${digits.length} digits; E.164 allows at most 15`);
  }
  for (const code of ["1", "44", "86"]) {
    if (digits.startsWith(code)) {
      // "1" is a prefix of no other listed code, and 44/86 are full codes.
      let nsn = digits.slice(code.length);
      // "+86 021 …" keeps the trunk 0 by mistake so often that refusing it helps no one.
      if (code !== "1" && nsn.startsWith("0")) nsn = nsn.slice(1);
      const problem = NATIONAL_RULES[code](nsn);
      if (problem) throw new InvalidPhoneError(input, problem);
      return "+" + code + nsn;
    }
  }
  if (digits.length < 8) {
    throw new InvalidPhoneError(input, "it is too short to be a phone number with country code");
  }
  return "+" + digits;
}
