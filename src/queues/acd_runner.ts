import { AcdConfigError, AcdEngine, type AcdOutput, parseAcdConfig } from "../acd/mod.ts";
import type { Clock } from "../clock/mod.ts";
import type { Database } from "../db/mod.ts";
import type { Logger } from "../log/mod.ts";
import { type AcdSetup, type AgentInfo, readAcdSetup } from "./queue_config.ts";

/**
 * The running {@link AcdEngine} and the configuration it was built from. The engine has
 * no live reconfiguration, so a changed configuration is applied by building a new one
 * once the ACD holds no call and no agent is ringing, talking or in wrap-up; logged-in
 * agents keep their state and reason (longest-idle order approximated by the time of
 * their last change). Until then the running configuration stays in force.
 */
export class AcdRunner {
  #engine: AcdEngine;
  #setup: AcdSetup;
  #next: AcdSetup | undefined;
  #rebuilding = false;

  constructor(
    private readonly o: {
      db: Database;
      clock: Clock;
      log: Logger;
      output: AcdOutput;
      /** Whether an agent's phone is registered (new agents log in as their phones are). */
      registered: (agent: AgentInfo) => boolean;
      /** A new configuration is in force. */
      applied: (setup: AcdSetup) => void;
    },
  ) {
    try {
      this.#setup = readAcdSetup(o.db, undefined, o.clock.now());
    } catch (error) {
      o.log.error("the stored queue configuration cannot work; no calls will be queued", {
        error,
      });
      this.#setup = {
        config: parseAcdConfig({ queues: [] }),
        queues: new Map(),
        agents: new Map(),
      };
    }
    this.#engine = this.#build(this.#setup);
  }

  get engine(): AcdEngine {
    return this.#engine;
  }

  get setup(): AcdSetup {
    return this.#setup;
  }

  /** True while agents are logged back in after a rebuild (their state did not change). */
  get rebuilding(): boolean {
    return this.#rebuilding;
  }

  /** True while a saved configuration waits for a quiet moment. */
  get pending(): boolean {
    return this.#next !== undefined;
  }

  /** Runs an engine input; errors are logged (or handed to `onError`, which may rethrow). */
  input<T>(fn: (engine: AcdEngine) => T, onError?: (error: unknown) => void): T | undefined {
    try {
      return fn(this.#engine);
    } catch (error) {
      onError?.(error);
      this.o.log.warn("the ACD refused an input", { error });
      return undefined;
    }
  }

  /** Re-reads the configuration; it takes effect at once when idle, else when idle. */
  reload(): void {
    try {
      this.#next = readAcdSetup(this.o.db, undefined, this.o.clock.now());
    } catch (error) {
      const problems = error instanceof AcdConfigError ? error.problems : [String(error)];
      this.o.log.error("the stored queue configuration cannot work; keeping the running one", {
        problems,
      });
      return;
    }
    this.rebuildIfIdle();
  }

  rebuildIfIdle(): void {
    const next = this.#next;
    if (!next) return;
    const agents = this.#engine.agents();
    const busy = agents.some((a) =>
      a.state === "ringing" || a.state === "on_call" || a.state === "wrap_up"
    );
    if (this.#engine.callCount > 0 || this.#engine.chatCount > 0 || busy) return;
    this.#next = undefined;
    const carried = agents.filter((a) => a.state === "ready" || a.state === "not_ready")
      .sort((a, b) => a.since - b.since);
    const known = new Set(this.#setup.agents.keys());
    this.#setup = next;
    this.#engine = this.#build(next);
    this.#rebuilding = true;
    try {
      for (const a of carried) {
        if (!next.agents.has(a.id)) continue;
        this.#engine.agentLoggedIn(a.id, a.state === "ready" ? "ready" : "not_ready");
        if (a.state === "not_ready" && a.reason && a.reason !== "login") {
          this.input((e) => e.agentNotReady(a.id, a.reason!));
        }
      }
    } finally {
      this.#rebuilding = false;
    }
    // Agents new to the engine whose phones registered before it knew them.
    for (const [key, agent] of next.agents) {
      if (!known.has(key) && this.o.registered(agent)) {
        this.input((e) => e.agentLoggedIn(key, "not_ready"));
      }
    }
    this.o.applied(next);
    this.o.log.info("queue configuration applied", {
      queues: next.queues.size,
      agents: next.agents.size,
    });
  }

  #build(setup: AcdSetup): AcdEngine {
    return new AcdEngine({ config: setup.config, clock: this.o.clock, output: this.o.output });
  }
}
