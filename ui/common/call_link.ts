import type { CallOut } from "../agent/outbound_call_controller.ts";

/**
 * A call asked for by a link into the desktop (`/agent?call=+8613800138000&customer=12`),
 * as the voicemail inbox and other lists outside the desktop make them: the desktop's own
 * phone must be the one that rings, so they send the agent here to place it.
 */
export function callFromLink(search: string): CallOut | null {
  const params = new URLSearchParams(search);
  const number = params.get("call")?.trim();
  if (!number || !/^\+?[\d\s().-]{3,40}$/.test(number)) return null;
  const customer = Number(params.get("customer"));
  return {
    number,
    customerId: Number.isInteger(customer) && customer > 0 ? customer : null,
  };
}

/** The link that asks the desktop to call `number` (for the customer, when known). */
export function callLink(number: string, customerId?: number | null): string {
  const params = new URLSearchParams({ call: number });
  if (customerId) params.set("customer", String(customerId));
  return `/agent?${params}`;
}
