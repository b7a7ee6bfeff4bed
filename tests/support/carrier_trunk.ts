import type { LiveClient } from "./live_appliance.ts";

/**
 * Adds "Carrier", the trunk outbound calls leave by, pointing at a SIPp on loopback
 * `port` (the customers' phones), with options probing off; returns its id. Throws with
 * the appliance's answer when it refuses the trunk.
 */
export async function addCarrierTrunk(admin: LiveClient, port: number): Promise<number> {
  const response = await admin.send("POST", "/trunks", {
    name: "Carrier",
    host: "127.0.0.1",
    port,
    allow_cidrs: ["127.0.0.1/32"],
    options_interval_s: 0,
  });
  if (response.status !== 201) {
    throw new Error(`The carrier trunk was refused (${response.status}): ${await response.text()}`);
  }
  return (await response.json()).trunk.id;
}
