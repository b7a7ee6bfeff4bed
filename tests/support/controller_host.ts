import type { ReactiveControllerHost } from "lit";

/**
 * A stand-in for the Lit element a page controller belongs to: it takes the controller,
 * and updates (here, nothing) when told to.
 */
export function controllerHost(): ReactiveControllerHost {
  return {
    addController() {},
    removeController() {},
    requestUpdate() {},
    updateComplete: Promise.resolve(true),
  };
}
