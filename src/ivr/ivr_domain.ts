import type { Clock } from "../clock/mod.ts";
import { Crm } from "../crm/mod.ts";
import type { Database } from "../db/mod.ts";
import type { Logger } from "../log/mod.ts";
import { NumberDirectory } from "../numbers/mod.ts";
import type { IvrCallPort } from "./call_port.ts";
import type { Scalar } from "./flow_schema.ts";
import { type DraftEdit, FlowStore, type VersionRef } from "./flow_store.ts";
import { runFlow, type RunnableFlow } from "./interpreter.ts";
import type { IvrOutcome } from "./outcome.ts";
import { PromptCatalog } from "./prompt_catalog.ts";
import { flowPromptUses, type PromptUse } from "./prompt_uses.ts";
import { flowsLeadingTo, flowsRoutingTo } from "./flow_uses.ts";
import { ScheduleStore } from "./schedule_store.ts";
import type { IvrEventSink, IvrServices } from "./services.ts";
import { parseKeypadScript } from "./scripted_call.ts";
import { simulateFlow, type SimulationResult } from "./simulator.ts";
import { CallEventSink, type SavedVoicemail, SqliteRecords } from "./sqlite_records.ts";
import { CrmCustomerDirectory } from "./crm_customer_directory.ts";
import { type FlowCatalog, type FlowProblem, parseFlow, validateFlow } from "./validate_flow.ts";

/** Raised when a flow cannot be saved, published or run as asked; lists every problem. */
export class FlowValidationError extends Error {
  override name = "FlowValidationError";

  constructor(message: string, readonly problems: FlowProblem[]) {
    super(message);
  }
}

export interface IvrDomainOptions {
  db: Database;
  clock: Clock;
  dataDir: string;
  log: Logger;
  /** For webhooks; tests may replace it. */
  fetch?: typeof fetch;
  /** Where run events go; `call_events` by default. */
  events?: IvrEventSink;
  /**
   * The CRM, which the IVR asks for customers and gives callback requests. Until the
   * composition root passes the shared one, a CRM over the same database is built.
   */
  crm?: Crm;
  /**
   * The appliance's DIDs, which say what flow a dialed number runs. Until the composition
   * root passes its own, a directory over the same database is built (it keeps no state).
   */
  numbers?: Pick<NumberDirectory, "resolve" | "numbersFor">;
}

/** Told of each voicemail as it is stored: its id, and what the IVR stored. */
export type VoicemailListener = (voicemail: SavedVoicemail & { id: number }) => void;

/**
 * The IVR as the rest of the appliance sees it: flows and their versions, the prompt
 * catalogue, schedules, the simulator, and {@link IvrDomain.runCall} for real calls.
 */
export class IvrDomain {
  readonly flows: FlowStore;
  readonly prompts: PromptCatalog;
  readonly schedules: ScheduleStore;
  readonly services: IvrServices;
  readonly events: IvrEventSink;
  readonly clock: Clock;
  readonly #db: Database;
  readonly #log: Logger;
  readonly #numbers: Pick<NumberDirectory, "resolve" | "numbersFor">;
  /** Parsed published versions; versions never change, so entries never go stale. */
  readonly #cache = new Map<string, RunnableFlow>();
  #voicemailListeners: VoicemailListener[] = [];

  constructor(options: IvrDomainOptions) {
    const { db, clock } = options;
    this.#db = db;
    this.clock = clock;
    this.#log = options.log;
    this.#numbers = options.numbers ?? new NumberDirectory(db, clock);
    this.flows = new FlowStore(db, clock, this.#numbers);
    this.prompts = new PromptCatalog(db, options.dataDir, clock);
    this.schedules = new ScheduleStore(db);
    this.events = options.events ?? new CallEventSink(db);
    const crm = options.crm ?? new Crm({ db, clock, dataDir: options.dataDir });
    this.services = {
      directory: new CrmCustomerDirectory(crm),
      records: new SqliteRecords(db, crm.callbacks, (id, v) => this.#voicemailSaved(id, v)),
      schedules: this.schedules,
      queueId: (name) => db.get<{ id: number }>("SELECT id FROM queues WHERE name = ?", name)?.id,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    };
  }

  /** Subscribes to voicemails as callers leave them; returns the unsubscribe. */
  onVoicemail(listener: VoicemailListener): () => void {
    this.#voicemailListeners.push(listener);
    return () => {
      this.#voicemailListeners = this.#voicemailListeners.filter((l) => l !== listener);
    };
  }

  #voicemailSaved(id: number, v: SavedVoicemail): void {
    for (const listener of this.#voicemailListeners) {
      try {
        listener({ id, ...v });
      } catch (error) {
        // The caller's message is stored; a failed notice must not lose the call.
        this.#log.error("a voicemail listener failed", { call_id: v.callId, error });
      }
    }
  }

  /** What flows may refer to, as it is now. */
  catalog(selfName?: string): FlowCatalog {
    return {
      prompt: (name) => this.prompts.has(name),
      queue: (name) => this.services.queueId(name) !== undefined,
      schedule: (name) => this.schedules.has(name),
      flow: (name) => name === selfName || this.flows.byName(name)?.published_version != null,
    };
  }

  /** The published flows that send callers to the queue of this name. */
  flowsRoutingTo(queue: string): string[] {
    return flowsRoutingTo(this.flows, queue);
  }

  /** The other published flows that hand callers on to the flow of this name (goto, survey). */
  flowsLeadingTo(flow: string): string[] {
    return flowsLeadingTo(this.flows, flow);
  }

  /** Prompt names the published versions and drafts of flows play, with the flows. */
  promptUses(): Map<string, PromptUse[]> {
    return flowPromptUses(this.flows);
  }

  validate(definition: unknown, selfName?: string): { problems: FlowProblem[] } {
    return { problems: validateFlow(definition, this.catalog(selfName)).problems };
  }

  /**
   * Creates a flow with its first draft. The draft must be well-formed (schema and node
   * types); other problems are returned to fix before publishing.
   */
  createFlow(
    input: { name: string; description?: string; definition: unknown },
    userId: number | null,
  ): { id: number; version: number; problems: FlowProblem[] } {
    const definition = { ...(input.definition as object), name: input.name };
    this.#requireWellFormed(definition);
    const id = this.flows.create(input.name, input.description ?? "", definition, userId);
    return {
      id,
      version: this.flows.get(id)!.draft_version!,
      ...this.validate(definition, input.name),
    };
  }

  /**
   * Saves the draft of a flow; the published version keeps running untouched. A save
   * from a stale copy (`edit.expectedRevision`) is refused with a StaleEditError.
   */
  saveDraft(
    id: number,
    definition: unknown,
    userId: number | null,
    edit: DraftEdit = {},
  ): { version: number; problems: FlowProblem[] } {
    const flow = this.flows.get(id)!;
    const named = { ...(definition as object), name: flow.name };
    this.#requireWellFormed(named);
    const version = this.flows.saveDraft(id, named, userId, edit);
    return { version, ...this.validate(named, flow.name) };
  }

  /**
   * Publishes the draft, or with a version number re-publishes an earlier version (a
   * rollback). Refused with every problem listed; callers keep running what was published.
   */
  publish(
    id: number,
    ref: "draft" | number = "draft",
    note: { comment?: string; by?: string | null } = {},
  ): { version: number } {
    const flow = this.flows.get(id)!;
    const stored = this.flows.read(id, ref);
    if (!stored) {
      throw new FlowValidationError(
        ref === "draft"
          ? `Flow ${flow.name} has no draft to publish`
          : `Flow ${flow.name} has no version ${ref}`,
        [],
      );
    }
    if (
      typeof ref === "number" &&
      !this.flows.versions(id).find((v) => v.version === ref)?.published_at
    ) {
      throw new FlowValidationError(
        `Version ${ref} of ${flow.name} was never published; publish the draft instead`,
        [],
      );
    }
    const { problems } = this.validate(stored.definition, flow.name);
    if (problems.length > 0) {
      throw new FlowValidationError(
        `Flow ${flow.name} has ${problems.length} problem${problems.length === 1 ? "" : "s"}; ` +
          "the published version keeps running until they are fixed",
        problems,
      );
    }
    this.flows.publish(id, stored.version, note);
    this.#log.info("flow published", { flow_id: id, version: stored.version });
    return { version: stored.version };
  }

  /**
   * Parses every published flow into the cache, so that the first call of each does not
   * wait for its definition to be read and checked (some 10 ms on the event loop, under
   * the first calls' other first-time work); returns how many are ready.
   */
  warmPublished(): number {
    let ready = 0;
    for (const flow of this.flows.list()) {
      if (flow.published_version != null && this.load(flow.id, "published")) ready++;
    }
    return ready;
  }

  /** A stored version ready to run, or undefined when it does not exist or is malformed. */
  load(id: number, ref: VersionRef): RunnableFlow | undefined {
    if (ref === "published") {
      // Every call starts here: one small query, then the parsed version from the cache.
      const version = this.flows.publishedVersion(id);
      const cached = version == null ? undefined : this.#cache.get(`${id}/${version}`);
      if (cached) return cached;
    }
    const flow = this.flows.get(id);
    const version = ref === "published"
      ? flow?.published_version
      : ref === "draft"
      ? flow?.draft_version
      : ref;
    if (!flow || version == null) return undefined;
    const key = `${id}/${version}`;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const stored = this.flows.read(id, version);
    if (!stored) return undefined;
    const parsed = parseFlow(stored.definition);
    if (!parsed.flow) return undefined;
    const runnable = { definition: parsed.flow, flowId: id, version };
    if (version === flow.published_version || version !== flow.draft_version) {
      this.#cache.set(key, runnable);
    }
    return runnable;
  }

  /**
   * The published flow a DID runs, if the number is routed to an IVR; the number is
   * matched as the call layer matches it (see {@link NumberDirectory.resolve}).
   */
  flowForDid(number: string): RunnableFlow | undefined {
    const target = this.#numbers.resolve(number);
    return target?.target_type === "ivr" ? this.load(target.target_id, "published") : undefined;
  }

  /**
   * Runs the IVR for a real call: the published flow of `flowId`, of the flow named
   * `flowName` (a post-call survey), or of the DID dialled. Every step is a `call_events`
   * row. Throws a RangeError when there is no published flow to run.
   */
  runCall(
    call: IvrCallPort,
    options: {
      flowId?: number;
      flowName?: string;
      variables?: Record<string, Scalar>;
      signal?: AbortSignal;
    } = {},
  ): Promise<IvrOutcome> {
    const id = options.flowId ??
      (options.flowName ? this.flows.byName(options.flowName)?.id : undefined);
    const flow = id !== undefined ? this.load(id, "published") : this.flowForDid(call.dialed);
    if (!flow) {
      throw new RangeError(
        `No published IVR flow for ${options.flowName ?? options.flowId ?? `DID ${call.dialed}`}`,
      );
    }
    return runFlow(flow, {
      call,
      services: this.services,
      events: this.events,
      signal: options.signal,
      variables: options.variables,
      loadFlow: (name) => this.#published(name),
    });
  }

  /**
   * Runs a version of a flow with a keypad script on a virtual clock; stores nothing.
   * Throws a RangeError for a script that is not in the keypad notation.
   */
  simulate(
    id: number,
    ref: VersionRef,
    request: {
      caller: string;
      did?: string;
      digits: string;
      at: number;
      variables?: Record<string, Scalar>;
    },
  ): Promise<SimulationResult> | undefined {
    parseKeypadScript(request.digits); // a bad script is the request's fault: throw before running
    const flow = this.load(id, ref);
    if (!flow) return undefined;
    const did = request.did ?? this.flows.get(id)!.dids[0] ?? "";
    return simulateFlow(flow, { ...request, did }, {
      services: this.services,
      describe: (name, language) => this.prompts.describe(name, language),
      loadFlow: (name) => this.#published(name),
    });
  }

  #published(name: string): RunnableFlow | undefined {
    const flow = this.flows.byName(name);
    return flow && this.load(flow.id, "published");
  }

  #requireWellFormed(definition: unknown): void {
    const { problems } = parseFlow(definition);
    if (problems.length > 0) {
      throw new FlowValidationError(
        `The flow is not well-formed (${problems.length} problem${
          problems.length === 1 ? "" : "s"
        }); nothing was saved`,
        problems,
      );
    }
  }

  /** Voicemails left for a customer, newest first (for the CRM timeline and tests). */
  voicemailsOf(
    customerId: number,
  ): { id: number; call_id: string; duration_ms: number; created_at: string }[] {
    return this.#db.all<{ id: number; call_id: string; duration_ms: number; created_at: string }>(
      "SELECT id, call_id, duration_ms, created_at FROM voicemails WHERE customer_id = ? ORDER BY id DESC",
      customerId,
    ).map((r) => ({ ...r }));
  }
}
