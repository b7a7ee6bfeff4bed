import type { Clock } from "../clock/mod.ts";
import { CallerHangupError, type IvrCallPort, type PlayItem } from "./call_port.ts";
import type { BaseNode, FlowDefinition, PlaySpec, Scalar } from "./flow_schema.ts";
import { FlowVariables } from "./flow_variables.ts";
import { localTime } from "./local_time.ts";
import type { IvrOutcome, IvrRoute } from "./outcome.ts";
import { VERBS } from "./registry.ts";
import type { IvrEventSink, IvrServices } from "./services.ts";
import { IvrStepError, type VerbContext, type VerbResult } from "./verb.ts";

/** A flow to run and where it is stored (for events and voicemail links). */
export interface RunnableFlow {
  definition: FlowDefinition;
  flowId: number | null;
  version: number | null;
}

export interface RunFlowOptions {
  call: IvrCallPort;
  services: IvrServices;
  events: IvrEventSink;
  /** Aborted by the call layer when the caller hangs up or the call is torn down. */
  signal?: AbortSignal;
  /** Starting variables on top of the flow's own (e.g. `agent_id` for a post-call survey). */
  variables?: Record<string, Scalar>;
  /** Loads another flow's published version for `goto` with `flow`. */
  loadFlow?: (name: string) => RunnableFlow | undefined;
  /** Node steps before the run is ended as a runaway (default 500). */
  maxSteps?: number;
  /** Errors tolerated before the caller is let go with an apology (default 3). */
  maxErrors?: number;
}

const ENDS_CALL = new Set<IvrRoute["type"]>(["voicemail", "callback", "self_service", "hangup"]);

function toPlayItem(spec: PlaySpec, vars: FlowVariables, timezone: string): PlayItem | undefined {
  const language = typeof spec === "object" && "language" in spec && spec.language
    ? spec.language
    : vars.language;
  if (typeof spec === "string") return { kind: "prompt", name: spec, language };
  if ("prompt" in spec) return { kind: "prompt", name: spec.prompt, language };
  if ("tts" in spec) return { kind: "tts", text: vars.render(spec.tts), language };
  if ("digits" in spec) {
    const value = vars.render(spec.digits).replace(/[^0-9*#]/g, "");
    return value ? { kind: "digits", value, language } : undefined;
  }
  if ("number" in spec) {
    const text = typeof spec.number === "number" ? String(spec.number) : vars.render(spec.number);
    const value = Number(text.trim());
    if (!Number.isInteger(value)) {
      throw new IvrStepError(`Cannot read ${JSON.stringify(text)} as a number`);
    }
    return { kind: "number", value, language };
  }
  const text = vars.render(spec.date).trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return { kind: "date", value: text, language };
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new IvrStepError(`Cannot read ${JSON.stringify(text)} as a date`);
  return { kind: "date", value: localTime(ms, timezone).date, language };
}

/**
 * Runs a flow for one call until it ends in a route. Each step is appended to the
 * call's events (`ivr.started`, `ivr.node_entered`, `ivr.digits`, …, `ivr.node_left` with the
 * exit taken, …, `ivr.result`). A
 * node that fails leaves through its `failed` exit or the flow's fallback; a caller who
 * hangs up ends the run with `{ type: "hangup", reason: "caller" }` at the node they
 * were in. Keys typed ahead carry over from node to node unless a node says
 * `clear_digits`.
 */
export async function runFlow(flow: RunnableFlow, options: RunFlowOptions): Promise<IvrOutcome> {
  const { call, services, events } = options;
  const clock: Clock = call.clock;
  const signal = options.signal ?? new AbortController().signal;
  const maxSteps = options.maxSteps ?? 500;
  const maxErrors = options.maxErrors ?? 3;
  const startedAt = clock.now();
  let current = flow;
  const vars = new FlowVariables(clock, current.definition.timezone, {
    ...current.definition.variables,
    ...options.variables,
    caller: call.caller,
    did: call.dialed,
    call_id: call.callId,
    language: current.definition.language,
  });
  const emit = (type: string, data: Record<string, unknown>) => {
    try {
      events.append({ callId: call.callId, at: clock.now(), type, data });
    } catch {
      // A lost event must not cost the caller their call; the sink reports its own failures.
    }
  };

  // Which exit each caller took, so the flow editor can count callers on its arrows.
  const left = (node: string, exit: string, to: string, fallback: boolean) =>
    emit("ivr.node_left", { node, exit, to, fallback, flow_id: current.flowId });

  emit("ivr.started", {
    flow_id: current.flowId,
    version: current.version,
    flow: current.definition.name,
    caller: call.caller,
    did: call.dialed,
  });

  let nodeId = current.definition.start;
  let steps = 0;
  let errors = 0;
  let route: IvrRoute | undefined;
  /** The flow took a closed (or holiday) exit of a business-hours node. */
  let closedAt: string | undefined;
  const apologise = async () => {
    try {
      await call.play(
        [{ kind: "prompt", name: "technical_difficulties", language: vars.language }],
        {
          bargeIn: false,
          signal,
        },
      );
    } catch {
      // The caller is gone or the media failed; the call ends either way.
    }
  };

  try {
    while (route === undefined) {
      if (signal.aborted) throw new CallerHangupError();
      const definition = current.definition;
      const node = definition.nodes[nodeId] as BaseNode | undefined;
      if (++steps > maxSteps || node === undefined) {
        emit("ivr.error", {
          node: nodeId,
          message: node
            ? `The flow ran ${maxSteps} steps without ending`
            : `Node ${nodeId} does not exist`,
        });
        await apologise();
        route = { type: "hangup", reason: node ? "step_limit" : "error" };
        break;
      }
      const verb = VERBS.get(node.type)!;
      emit("ivr.node_entered", { node: nodeId, type: node.type, flow_id: current.flowId });
      if (node.clear_digits) call.clearKeys();
      const here = nodeId;
      const ctx: VerbContext = {
        node,
        nodeId: here,
        flow: definition,
        flowId: current.flowId,
        call,
        clock,
        vars,
        services,
        startedAt,
        emit: (type, data = {}) => emit(type, { node: here, ...data }),
        play: (specs, opts) => {
          const items = specs.map((s) => toPlayItem(s, vars, definition.timezone)).filter((i) =>
            i !== undefined
          );
          return ctx.playItems(items, opts);
        },
        playItems: async (items, opts) => {
          if (items.length === 0) return {};
          emit("ivr.played", { node: here, items: items.map(describeItem) });
          return await call.play(items, { bargeIn: opts?.bargeIn ?? false, signal });
        },
      };
      let result: VerbResult;
      try {
        result = await verb.exec(ctx, signal);
      } catch (error) {
        if (error instanceof CallerHangupError || signal.aborted) throw error;
        errors++;
        emit("ivr.error", {
          node: here,
          message: error instanceof Error ? error.message : String(error),
          fatal: !(error instanceof IvrStepError),
        });
        const onward = node.exits?.failed ?? definition.fallback;
        if (errors >= maxErrors || onward === here) {
          await apologise();
          route = { type: "hangup", reason: "error" };
          break;
        }
        left(here, "failed", onward, node.exits?.failed === undefined);
        nodeId = onward;
        continue;
      }
      if ("route" in result) {
        route = result.route;
      } else if ("flow" in result) {
        const next = options.loadFlow?.(result.flow);
        if (!next) {
          errors++;
          emit("ivr.error", { node: here, message: `Flow ${result.flow} is not published` });
          nodeId = definition.fallback;
          continue;
        }
        emit("ivr.flow_changed", {
          node: here,
          flow_id: next.flowId,
          version: next.version,
          flow: next.definition.name,
        });
        current = next;
        nodeId = next.definition.start;
      } else {
        if (node.type === "business_hours" && result.exit !== "open") closedAt = here;
        const target = node.exits?.[result.exit];
        if (target === undefined) emit("ivr.fallback", { node: here, exit: result.exit });
        left(here, result.exit, target ?? definition.fallback, target === undefined);
        nodeId = target ?? definition.fallback;
      }
    }
  } catch (error) {
    if (!(error instanceof CallerHangupError) && !signal.aborted) throw error;
    route = { type: "hangup", reason: "caller" };
  }

  const customerId = vars.get("customer.id");
  emit("ivr.result", {
    node: nodeId,
    flow_id: current.flowId,
    route,
    self_served: route.type === "self_service",
    steps,
    duration_ms: clock.now() - startedAt,
  });
  // KPI.md counts "closed with no alternative" as blocked: the flow found the center
  // closed and then only hung up (no queue, voicemail, callback or transfer). A caller who
  // hangs up during the goodbye of that hang-up node was refused all the same.
  const atHangupNode = (flowNode(current, nodeId)?.type ?? "") === "hangup";
  if (
    closedAt !== undefined && route.type === "hangup" &&
    (route.reason === "flow" || (route.reason === "caller" && atHangupNode))
  ) {
    emit("call.blocked", { reason: "closed", node: closedAt });
  }
  if (ENDS_CALL.has(route.type) && !(route.type === "hangup" && route.reason === "caller")) {
    await call.hangup(route.type === "hangup" ? route.reason : route.type).catch(() => {});
  }
  return {
    route,
    lastNode: nodeId,
    variables: vars.snapshot(),
    customerId: typeof customerId === "number" ? customerId : null,
    steps,
  };
}

function flowNode(flow: RunnableFlow, nodeId: string): BaseNode | undefined {
  return flow.definition.nodes[nodeId] as BaseNode | undefined;
}

/** How a played item appears in events and simulator output. */
export function describeItem(item: PlayItem): Record<string, unknown> {
  switch (item.kind) {
    case "prompt":
      return { kind: "prompt", name: item.name, language: item.language };
    case "tts":
      return { kind: "tts", text: item.text, language: item.language };
    default:
      return { kind: item.kind, value: item.value, language: item.language };
  }
}
