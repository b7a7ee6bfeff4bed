/**
 * werift, loaded on first use. It is a third of the idle appliance's memory (about 33 MB
 * of 120), and a center whose agents all use desk phones never needs it.
 *
 * @module
 */

import type * as Werift from "werift";

let loaded: typeof Werift | undefined;

/** Loads werift once; later calls return the same module. */
export async function loadWerift(): Promise<typeof Werift> {
  loaded ??= await import("werift");
  return loaded;
}

/** The loaded module; throws when nothing has called {@link loadWerift} yet. */
export function werift(): typeof Werift {
  if (!loaded) {
    throw new Error("werift is not loaded yet: open WebRTC legs with WebRtcEndpoint.open()");
  }
  return loaded;
}
