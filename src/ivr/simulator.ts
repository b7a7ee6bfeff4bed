import { type Clock, SystemClock, VirtualClock } from "../clock/mod.ts";
import type { PlayItem } from "./call_port.ts";
import type { Scalar } from "./flow_schema.ts";
import { describeItem, runFlow, type RunnableFlow } from "./interpreter.ts";
import type { IvrRoute } from "./outcome.ts";
import { ScriptedCall } from "./scripted_call.ts";
import type { IvrEvent, IvrEventSink, IvrRecords, IvrServices } from "./services.ts";

/** What the caller heard, in order. */
export interface SimulatedPrompt {
  at: string;
  node: string | null;
  kind: string;
  name?: string;
  text?: string | null;
  value?: unknown;
  language?: string;
  /** The caller pressed a key during it. */
  barged_in: boolean;
}

export interface SimulationResult {
  route: IvrRoute;
  last_node: string;
  prompts: SimulatedPrompt[];
  variables: Record<string, Scalar>;
  events: { at: string; type: string; data: Record<string, unknown> }[];
  /** What the run would have stored (nothing is stored by a simulation). */
  records: { voicemails: unknown[]; callbacks: unknown[]; surveys: unknown[] };
  unused_input: string[];
  started_at: string;
  duration_ms: number;
}

export interface SimulationRequest {
  caller: string;
  did: string;
  digits: string;
  /** When the simulated call starts (ms since the epoch). */
  at: number;
  variables?: Record<string, Scalar>;
}

/** Keeps what a simulated caller would leave behind, without touching the tables. */
class MemoryRecords implements IvrRecords {
  voicemails: unknown[] = [];
  callbacks: unknown[] = [];
  surveys: unknown[] = [];

  saveVoicemail(v: Parameters<IvrRecords["saveVoicemail"]>[0]): number {
    return this.voicemails.push({
      id: this.voicemails.length + 1,
      ...v,
      at: new Date(v.at).toISOString(),
    });
  }

  saveCallback(c: Parameters<IvrRecords["saveCallback"]>[0]): number {
    return this.callbacks.push({
      id: this.callbacks.length + 1,
      ...c,
      placeAt: new Date(c.placeAt).toISOString(),
      at: new Date(c.at).toISOString(),
    });
  }

  saveSurvey(s: Parameters<IvrRecords["saveSurvey"]>[0]): number {
    return this.surveys.push({
      id: this.surveys.length + 1,
      ...s,
      at: new Date(s.at).toISOString(),
    });
  }
}

class MemoryEvents implements IvrEventSink {
  events: IvrEvent[] = [];
  node: string | null = null;

  append(event: IvrEvent): void {
    this.events.push(event);
    if (event.type === "ivr.node_entered") this.node = String(event.data.node);
  }
}

/**
 * Runs a flow without a phone: the caller is a keypad script (see `KEYPAD_NOTATION`)
 * on a virtual clock that starts at `request.at`, look-ups read the real CRM and
 * webhooks are really called, but nothing is stored and no call event is written.
 * While the flow waits on something other than the caller (a webhook), virtual time
 * follows `pace`, so webhook timeouts behave as they would on a call.
 */
export async function simulateFlow(
  flow: RunnableFlow,
  request: SimulationRequest,
  options: {
    services: Omit<IvrServices, "records">;
    describe: (name: string, language: PlayItem["language"]) => string | null;
    loadFlow?: (name: string) => RunnableFlow | undefined;
    pace?: Clock;
  },
): Promise<SimulationResult> {
  const clock = new VirtualClock(request.at);
  const events = new MemoryEvents();
  const records = new MemoryRecords();
  const words = (item: PlayItem) =>
    item.kind === "prompt" ? options.describe(item.name, item.language) : null;
  const call = new ScriptedCall(
    clock,
    "sim-" + crypto.randomUUID(),
    request.caller,
    request.did,
    request.digits,
    words,
  );
  const nodeAtPlay: (string | null)[] = [];
  const play = call.play.bind(call);
  call.play = (items, opts) => {
    for (const _ of items) nodeAtPlay.push(events.node);
    return play(items, opts);
  };
  const record = call.recordVoicemail.bind(call);
  call.recordVoicemail = (opts) => {
    if (opts.beep) nodeAtPlay.push(events.node);
    return record(opts);
  };

  const pace = options.pace ?? new SystemClock();
  let done = false;
  const pump = async () => {
    let last = pace.now();
    while (!done) {
      await new Promise<void>((resolve) => pace.setTimer(5, resolve));
      const now = pace.now();
      if (!done) clock.advance(Math.max(0, now - last));
      last = now;
    }
  };
  const pumping = pump();
  let outcome;
  try {
    outcome = await runFlow(flow, {
      call,
      services: { ...options.services, records },
      events,
      variables: request.variables,
      loadFlow: options.loadFlow,
    });
  } finally {
    done = true;
    await pumping;
  }

  let playIndex = 0;
  const prompts: SimulatedPrompt[] = call.played.map((p) => {
    const base = { at: new Date(p.at).toISOString(), barged_in: p.bargedIn };
    const node = nodeAtPlay[playIndex++] ?? null;
    if (p.item.kind === "beep") return { ...base, node, kind: "beep" };
    const item = p.item;
    return {
      ...base,
      node,
      ...describeItem(item),
      ...(item.kind === "prompt" ? { text: options.describe(item.name, item.language) } : {}),
    } as SimulatedPrompt;
  });
  return {
    route: outcome.route,
    last_node: outcome.lastNode,
    prompts,
    variables: outcome.variables,
    events: events.events.map((e) => ({
      at: new Date(e.at).toISOString(),
      type: e.type,
      data: e.data,
    })),
    records: {
      voicemails: records.voicemails,
      callbacks: records.callbacks,
      surveys: records.surveys,
    },
    unused_input: call.unusedEntries,
    started_at: new Date(request.at).toISOString(),
    duration_ms: clock.now() - request.at,
  };
}
