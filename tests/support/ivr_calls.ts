/**
 * Helpers for SIPp callers walking the IVR of a live appliance: scenario steps (keys,
 * speech, pauses), business hours that are always open (tests run at any time), and
 * reading calls, events and recordings back through the API.
 */
import assert from "node:assert/strict";
import type { LiveAppliance } from "./live_appliance.ts";
import { runSipp, type SippResult } from "./sipp.ts";

const PCAPS = "/usr/share/sip-tester";
const KEY_FILES: Record<string, string> = { "#": "pound", "*": "star" };

/** A pause in a SIPp scenario. */
export function pause(ms: number): string {
  return `<pause milliseconds="${ms}" />`;
}

/** Keys sent as RFC 4733 events from SIPp's captures, `gapMs` apart. */
export function keys(sequence: string, gapMs = 400): string {
  return [...sequence].map((key) => {
    const file = `${PCAPS}/dtmf_2833_${KEY_FILES[key] ?? key}.pcap`;
    return `<nop><action><exec play_pcap_audio="${file}" /></action></nop>${pause(gapMs)}`;
  }).join("\n  ");
}

/** SIPp's A-law speech capture (about 7 s), played without waiting for it to end. */
export function speech(): string {
  return `<nop><action><exec play_pcap_audio="${PCAPS}/g711a.pcap" /></action></nop>`;
}

/** Makes the demo's office schedule open around the clock with no holidays. */
export async function openAllHours(live: LiveAppliance): Promise<void> {
  const admin = await live.api("admin");
  const hours = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
    weekday,
    opens: "00:00",
    closes: "24:00",
  }));
  const response = await admin.send("PUT", "/ivr/schedules/office", { hours, holidays: [] });
  assert.equal(response.status, 200, await response.text());
}

/** Dials DID 1000 from `caller` and runs `steps`; the caller hangs up after them, or waits for our BYE. */
export function dialDemo(
  live: LiveAppliance,
  caller: string,
  steps: string[],
  options: { untilBye?: boolean; byeTimeoutMs?: number; timeoutS?: number } = {},
): Promise<SippResult> {
  return runSipp({
    scenario: options.untilBye ? "ivr_caller_until_bye.xml" : "ivr_caller.xml",
    fill: {
      caller,
      steps: steps.join("\n  "),
      bye_timeout_ms: String(options.byeTimeoutMs ?? 60000),
    },
    target: `127.0.0.1:${live.sipPort}`,
    service: "1000",
    timeoutS: options.timeoutS ?? 90,
  });
}

export interface CallEvent {
  type: string;
  at: string;
  data: Record<string, unknown>;
}

export interface CallSummary {
  id: string;
  caller: string;
  customer_id: number | null;
  answered_at: string | null;
  ended_at: string | null;
  end_cause: string | null;
}

/** The newest call from `caller`. */
export async function callFrom(live: LiveAppliance, caller: string): Promise<CallSummary> {
  const api = await live.api("super1");
  const { calls } = await (await api.get(`/calls?limit=50`)).json();
  const call = (calls as CallSummary[]).find((c) => c.caller === caller);
  assert.ok(call, `no call from ${caller}`);
  return call;
}

/** A call's events; waits (up to 3 s) for `until` to appear, since the IVR ends just after the BYE. */
export async function eventsOf(
  live: LiveAppliance,
  id: string,
  until = "call.ended",
): Promise<CallEvent[]> {
  const api = await live.api("super1");
  for (let attempt = 0;; attempt++) {
    const { events } = await (await api.get(`/calls/${id}`)).json();
    if ((events as CallEvent[]).some((e) => e.type === until) || attempt >= 30) return events;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Mean absolute sample value of 16-bit little-endian PCM. */
export function meanLevel(pcm: Uint8Array): number {
  const view = new DataView(pcm.buffer, pcm.byteOffset, pcm.byteLength - (pcm.byteLength % 2));
  let sum = 0;
  const n = view.byteLength / 2;
  for (let i = 0; i < n; i++) sum += Math.abs(view.getInt16(i * 2, true));
  return n === 0 ? 0 : sum / n;
}
