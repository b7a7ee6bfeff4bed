/** One demo center shared by the tests of a file (seeding it hashes eleven passwords). */
import type { SimulationResult } from "../../src/ivr/mod.ts";
import { type TestAppliance, testAppliance } from "../support/test_appliance.ts";

let shared: Promise<TestAppliance> | undefined;

export function demoCenter(): Promise<TestAppliance> {
  if (!shared) {
    shared = testAppliance({ demo: true });
    shared.then((app) =>
      globalThis.addEventListener("unload", () => {
        app.db.close();
        Deno.removeSync(app.dir, { recursive: true });
      })
    );
  }
  return shared;
}

/** Simulates the published main menu (DID 1000). */
export async function callMainMenu(
  request: { digits: string; at: string; caller?: string },
): Promise<SimulationResult> {
  const app = await demoCenter();
  const flow = app.ivr.flowForDid("1000")!;
  return await app.ivr.simulate(flow.flowId!, "published", {
    caller: request.caller ?? "+8613800138000",
    digits: request.digits,
    at: Date.parse(request.at),
  })!;
}
