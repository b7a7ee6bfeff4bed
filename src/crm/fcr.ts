/**
 * First-contact resolution as KPI.md defines it: answered calls whose disposition
 * resolves the issue and that see no repeat contact by the same customer on the same
 * category within N days (default 7), divided by answered calls, times 100.
 */

const DAY_MS = 86_400_000;

/** One contact, reduced to what the definition needs. */
export interface FcrContact {
  id: number;
  customerId: number | null;
  /** What the contact was about; contacts without one share the "" category. */
  category: string | null;
  /** Start of the contact, ms since the epoch. */
  at: number;
  channel: string;
  direction: "inbound" | "outbound";
  answered: boolean;
  /** The disposition resolves the issue. */
  resolves: boolean;
  queueId?: number | null;
  agentId?: number | null;
}

export interface FcrResult {
  answered: number;
  resolved_first_contact: number;
  /** 0–100 with one decimal; null when no call was answered. */
  rate: number | null;
  /** The answered calls that counted as resolved on first contact. */
  resolved_ids: number[];
}

/**
 * Computes FCR over answered inbound calls that started in `[from, to)`. `contacts`
 * must also hold the contacts up to `to + windowDays` so late repeats are seen; only
 * inbound contacts by the customer count as repeats (our own call-backs do not).
 */
export function firstContactResolution(
  contacts: readonly FcrContact[],
  period: { from: number; to: number; windowDays?: number },
  scope: (contact: FcrContact) => boolean = () => true,
): FcrResult {
  const window = (period.windowDays ?? 7) * DAY_MS;
  const repeats = new Map<string, number[]>();
  for (const c of contacts) {
    if (c.customerId === null || c.direction !== "inbound") continue;
    const key = `${c.customerId}\u0000${c.category ?? ""}`;
    (repeats.get(key) ?? repeats.set(key, []).get(key)!).push(c.at);
  }
  let answered = 0;
  const resolved: number[] = [];
  for (const c of contacts) {
    if (c.channel !== "call" || c.direction !== "inbound" || !c.answered) continue;
    if (c.at < period.from || c.at >= period.to || !scope(c)) continue;
    answered++;
    if (!c.resolves) continue;
    const times = c.customerId === null
      ? []
      : repeats.get(`${c.customerId}\u0000${c.category ?? ""}`) ?? [];
    const repeated = times.some((t) => t > c.at && t <= c.at + window);
    if (!repeated) resolved.push(c.id);
  }
  return {
    answered,
    resolved_first_contact: resolved.length,
    rate: answered === 0 ? null : Math.round((resolved.length / answered) * 1000) / 10,
    resolved_ids: resolved,
  };
}
