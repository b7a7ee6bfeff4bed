import { z } from "zod";
import type { Clock } from "../clock/mod.ts";
import type { IvrCallPort, PlayItem } from "./call_port.ts";
import { type BaseNode, BaseNodeShape, type FlowDefinition, type PlaySpec } from "./flow_schema.ts";
import type { FlowVariables } from "./flow_variables.ts";
import type { IvrRoute } from "./outcome.ts";
import type { IvrServices } from "./services.ts";

/** What a node points at outside itself, checked before a flow is published. */
export interface VerbReferences {
  prompts?: string[];
  queues?: string[];
  schedules?: string[];
  flows?: string[];
}

/** How a node ends: through a named exit, with a route out of the IVR, or into another flow. */
export type VerbResult = { exit: string } | { route: IvrRoute } | { flow: string };

/** What a node sees while it runs. */
export interface VerbContext<N extends BaseNode = BaseNode> {
  readonly node: N;
  readonly nodeId: string;
  readonly flow: FlowDefinition;
  readonly flowId: number | null;
  readonly call: IvrCallPort;
  readonly clock: Clock;
  readonly vars: FlowVariables;
  readonly services: IvrServices;
  /** When the caller reached the IVR (ms), which a callback keeps as their place. */
  readonly startedAt: number;
  /** Appends an `ivr.*` event for this node to the call's events. */
  emit(type: string, data?: Record<string, unknown>): void;
  /** Resolves templates and language, records what was played, and plays it. */
  play(specs: readonly PlaySpec[], options?: { bargeIn?: boolean }): Promise<{ digit?: string }>;
  /** Plays items that the node built itself (spoken results). */
  playItems(
    items: readonly PlayItem[],
    options?: { bargeIn?: boolean },
  ): Promise<{ digit?: string }>;
}

/**
 * One node type: a small task with its parameter schema, the exits it may take, and
 * `exec`. Nodes are checked against `schema` when a flow is saved, not when a caller
 * reaches them.
 */
export interface Verb<N extends BaseNode = BaseNode> {
  readonly name: string;
  readonly summary: string;
  readonly schema: z.ZodType<N>;
  /**
   * Exits the node must wire (`required`) and may wire (`optional`); an optional exit
   * that is not wired leads to the flow's fallback.
   */
  exits(node: N): { required: readonly string[]; optional: readonly string[] };
  /** True when the node waits for a key press or a timeout, which makes a cycle through it safe. */
  waitsForInput(node: N): boolean;
  references(node: N): VerbReferences;
  exec(ctx: VerbContext<N>, signal: AbortSignal): Promise<VerbResult>;
}

/**
 * A failure that the flow survives (a look-up that broke, a number that cannot be
 * read): the node leaves through its `failed` exit if it has one, else the flow's
 * fallback, and the caller never hears silence.
 */
export class IvrStepError extends Error {
  override name = "IvrStepError";
}

/** Builds a node schema: the common fields plus the type's own, unknown fields refused. */
export function nodeSchema<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.strictObject({ type: z.literal(type), ...BaseNodeShape, ...shape });
}

/** Types a verb by its node and erases that type for the registry. */
export function defineVerb<N extends BaseNode>(verb: Verb<N>): Verb {
  return verb as unknown as Verb;
}

/** Prompt names in a play list (the shorthand string or `{ prompt }`). */
export function promptNames(specs: readonly PlaySpec[] | undefined): string[] {
  const names: string[] = [];
  for (const spec of specs ?? []) {
    if (typeof spec === "string") names.push(spec);
    else if ("prompt" in spec) names.push(spec.prompt);
  }
  return names;
}
