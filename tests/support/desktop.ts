import type { Browser, Page } from "playwright-core";
import type { LiveAppliance } from "./live_appliance.ts";

/** Helpers for agent-desktop tests in Chromium: WebRTC packet counts, waiting, audio levels. */

/** Keeps every RTCPeerConnection the page makes, so the test can read its packet counters. */
export const RECORD_PEER_CONNECTIONS = `
  const Original = window.RTCPeerConnection;
  window.__peerConnections = [];
  window.RTCPeerConnection = function (...args) {
    const pc = new Original(...args);
    window.__peerConnections.push(pc);
    return pc;
  };
  window.RTCPeerConnection.prototype = Original.prototype;
`;

/**
 * A page in a fresh 1366×768 context with the microphone allowed and every peer
 * connection kept for {@link browserPackets}; the page's uncaught errors go to `errors`.
 * `initScripts` run in the page before its own scripts.
 */
export async function openDeskPage(
  browser: Browser,
  errors: string[],
  options: { locale?: string; initScripts?: string[] } = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: options.locale ?? "en-US",
  });
  await context.grantPermissions(["microphone"]);
  await context.addInitScript(RECORD_PEER_CONNECTIONS);
  for (const script of options.initScripts ?? []) await context.addInitScript(script);
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  return page;
}

export async function browserPackets(page: Page): Promise<{ received: number; sent: number }> {
  return await page.evaluate(async () => {
    let received = 0;
    let sent = 0;
    // deno-lint-ignore no-explicit-any
    for (const pc of (window as any).__peerConnections as RTCPeerConnection[]) {
      (await pc.getStats()).forEach((report) => {
        if (report.type === "inbound-rtp" && report.kind === "audio") {
          received += report.packetsReceived;
        }
        if (report.type === "outbound-rtp" && report.kind === "audio") sent += report.packetsSent;
      });
    }
    return { received, sent };
  });
}

export function callerCounters(live: LiveAppliance, callId: string) {
  const call = live.appliance.parts.calls.get(callId);
  return call?.media?.endpoint.counters;
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value as T;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** Root-mean-square level of one channel of interleaved PCM. */
export function channelRms(samples: Int16Array, channel: number, channels: number): number {
  let sum = 0;
  let n = 0;
  for (let i = channel; i < samples.length; i += channels) {
    sum += samples[i] * samples[i];
    n++;
  }
  return Math.sqrt(sum / Math.max(1, n));
}

/** Signs in on the agent desktop and waits until the softphone has registered. */
export async function signInAgent(page: Page, base: string, username: string, password: string) {
  await page.goto(`${base}/agent`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
  await page.locator('[data-testid="sip-status"][data-state="registered"]').waitFor({
    timeout: 15_000,
  });
}

/** Clicks "ready" and waits for the state bar to say so. */
export async function goReadyInPage(page: Page) {
  await page.click('[data-testid="state-ready"]');
  await page.locator('[data-testid="agent-state"][data-state="ready"]').waitFor({
    timeout: 10_000,
  });
}
