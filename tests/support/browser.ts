import { type Browser, chromium } from "playwright-core";
import { peerPath } from "./peers.ts";

/** Where tests leave screenshots for people to look at. */
export const ARTIFACTS = new URL("../artifacts/", import.meta.url).pathname;

/**
 * Headless Debian Chromium with a fake microphone and camera, closed network chatter;
 * `extraArgs` adds switches (a WAV file for the fake microphone, for instance).
 */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  await Deno.mkdir(ARTIFACTS, { recursive: true });
  return await chromium.launch({
    executablePath: peerPath("chromium"),
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      ...extraArgs,
    ],
  });
}
