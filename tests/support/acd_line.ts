import assert from "node:assert/strict";
import {
  LIVE_DEMO_PASSWORD,
  type LiveAppliance,
  type LiveClient,
  startLiveAppliance,
} from "./live_appliance.ts";
import { speech } from "./ivr_calls.ts";
import { type SippPhone, startPhone } from "./sipp_phones.ts";

/** Helpers for live ACD tests: the demo's Sales queue on its own number, agents' desk phones. */

export const QUEUE_NUMBER = "3001";

export interface CallEvent {
  type: string;
  agent_id: number | null;
  data: Record<string, unknown>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(100);
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** The demo with DID 3001 routed straight to the Sales queue (longest idle), tuned for tests. */
export async function salesLine(live: LiveAppliance, options: Record<string, unknown>) {
  const admin = await live.api("admin");
  const queues = (await (await admin.get("/queues")).json()).queues as {
    id: number;
    name: string;
  }[];
  const sales = queues.find((q) => q.name === "Sales")!;
  const current = (await (await admin.get(`/queues/${sales.id}`)).json()).queue;
  const { id: _id, ...body } = current;
  const put = await admin.send("PUT", `/queues/${sales.id}`, { ...body, options });
  const saved = await put.text();
  assert.equal(put.status, 200, saved);
  assert.equal(JSON.parse(saved).applied, true);
  const number = await admin.send("POST", "/numbers", {
    number: QUEUE_NUMBER,
    target_type: "queue",
    target_id: sales.id,
  });
  assert.equal(number.status, 201, await number.text());
  return sales.id;
}

export async function userIds(live: LiveAppliance): Promise<Map<string, number>> {
  const agents = (await (await (await live.api("super1")).get("/agents")).json()).agents as {
    id: number;
    username: string;
  }[];
  return new Map(agents.map((a) => [a.username, a.id]));
}

export async function agentState(client: LiveClient, id: number) {
  return (await (await client.get(`/agents/${id}`)).json()).agent as {
    state: string;
    reason: string | null;
    registered: boolean;
  };
}

export async function goReady(live: LiveAppliance, username: string, id: number) {
  const me = await live.api(username);
  const response = await me.send("POST", `/agents/${id}/state`, { state: "ready" });
  assert.equal(response.status, 200, await response.text());
}

/** An agent's desk phone; one that `talks` plays SIPp's speech capture once it answers. */
export async function phone(
  live: LiveAppliance,
  extension: string,
  scenario: string,
  options: { calls?: number; talks?: boolean } = {},
) {
  return await startPhone({
    target: `127.0.0.1:${live.sipPort}`,
    extension,
    password: LIVE_DEMO_PASSWORD,
    scenario,
    fill: { ring_ms: "300", after_answer: options.talks ? speech() : "" },
    calls: options.calls ?? 1,
  });
}

export async function eventsOf(live: LiveAppliance, callId: string): Promise<CallEvent[]> {
  const api = await live.api("super1");
  return (await (await api.get(`/calls/${callId}`)).json()).events;
}

export async function withAppliance(
  fn: (live: LiveAppliance, phones: SippPhone[]) => Promise<void>,
) {
  const live = await startLiveAppliance();
  const phones: SippPhone[] = [];
  try {
    await fn(live, phones);
  } finally {
    for (const p of phones) await p.stop();
    await live.stop();
  }
}

/** The call events of a consulted transfer, in the order they must appear. */
export const TRANSFER_EVENTS = [
  "queue.answered",
  "transfer.offered",
  "transfer.handover",
  "transfer.answered",
  "transfer.completed",
  "call.ended",
];

/** Asserts that `expected` appear in `types` in this order (other events may come between). */
export function assertInOrder(types: string[], expected: string[]): void {
  let at = -1;
  for (const type of expected) {
    const next = types.indexOf(type, at + 1);
    assert.ok(next > at, `${type} in order in ${types.join(", ")}`);
    at = next;
  }
}

/** Waits until each named agent's phone has registered and logged them in, not ready. */
export async function loggedIn(lead: LiveClient, ids: Map<string, number>, names: string[]) {
  for (const name of names) {
    await until(`${name} logged in`, async () => {
      const a = await agentState(lead, ids.get(name)!);
      return a.registered && a.state === "not_ready" ? a : undefined;
    });
  }
}

/** Waits for the one live call to be connected to an agent and returns its id. */
export async function connectedCall(lead: LiveClient): Promise<string> {
  return await until("the call connected to an agent", async () => {
    const calls = (await (await lead.get("/calls?state=live")).json()).calls;
    return calls[0]?.state === "connected" ? calls[0].id as string : undefined;
  });
}
