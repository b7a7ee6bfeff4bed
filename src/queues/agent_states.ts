import type { AgentView } from "../acd/mod.ts";
import type { CallJournal } from "../call_history/mod.ts";
import type { Database } from "../db/mod.ts";
import type { SipStack } from "../sip/mod.ts";
import type { AcdRunner } from "./acd_runner.ts";
import { type AgentInfo, agentKey } from "./queue_config.ts";
import { QueueDeskError } from "./queue_desk_error.ts";

/**
 * How soon after this box began serving an agent must be back for the state they had on
 * the box that died to be given back: a browser moves within about 15 s of a takeover,
 * a desk phone at its next registration; later than this, nobody knows they are there.
 */
export const RETURN_READY_WITHIN_MS = 120_000;
/**
 * States that mean the agent was waiting for calls when the box died (an offer ringing
 * then was lost with the box). Someone on a call or in wrap-up lost that call and comes
 * back not ready, as does someone on a break.
 */
const WERE_TAKING_CALLS = new Set(["ready", "ringing"]);

/**
 * Who the agents are and whether they take calls: logged in and out as their phones or
 * browsers register and go, ready or not ready as they or a supervisor say.
 */
export class AgentStates {
  constructor(
    private readonly deps: {
      db: Database;
      journal: CallJournal;
      /** Whether an agent's extension has a registered phone or browser. */
      sip: Pick<SipStack, "contactsOf">;
      acd: AcdRunner;
    },
  ) {}

  of(userId: number): AgentInfo | undefined {
    return this.deps.acd.setup.agents.get(agentKey(userId));
  }

  byExtension(extension: string): AgentInfo | undefined {
    for (const a of this.deps.acd.setup.agents.values()) if (a.extension === extension) return a;
    return undefined;
  }

  /** True while the agent's extension has a registered phone or browser. */
  registered(agent: AgentInfo): boolean {
    return agent.extension !== null && this.deps.sip.contactsOf(agent.extension).length > 0;
  }

  /**
   * A phone registered: its agent is logged in, not ready until they say otherwise, unless
   * they were ready when the box they worked on died (this box restarted or took over)
   * and their phone or browser is back within {@link RETURN_READY_WITHIN_MS}: then they
   * are ready again (docs/decisions/040-agents-after-failover.md).
   */
  phoneRegistered(extension: string): void {
    const { db, journal, acd } = this.deps;
    const agent = this.byExtension(extension);
    if (!agent) {
      // A user created since the engine was built: pick them up with the next build.
      if (db.get("SELECT 1 FROM users WHERE extension = ? AND active = 1", extension)) {
        acd.reload();
      }
      return;
    }
    const key = agentKey(agent.userId);
    const left = journal.takeStateLeftBehind(agent.userId, RETURN_READY_WITHIN_MS);
    const initial = left !== undefined && WERE_TAKING_CALLS.has(left) ? "ready" : "not_ready";
    acd.input((e) => e.agent(key).state === "logged_out" && e.agentLoggedIn(key, initial));
  }

  /** The last registration of an extension is gone: log out, re-queue what rang there. */
  phoneGone(extension: string, expired: boolean): void {
    const agent = this.byExtension(extension);
    if (!agent) return;
    const key = agentKey(agent.userId);
    this.deps.acd.input((e) => expired ? e.agentVanished(key) : e.agentLoggedOut(key));
  }

  /**
   * Changes an agent's state as the agent (`forced` false) or for them as a supervisor.
   * Going ready needs a registered phone or browser, or calls would ring nowhere.
   */
  set(
    userId: number,
    change: { state: "ready" | "not_ready" | "logged_out"; reason?: string },
    forced: boolean,
  ): AgentView {
    const { acd } = this.deps;
    const agent = this.of(userId);
    if (!agent) throw new QueueDeskError("not_found", `Agent ${userId}`);
    const key = agentKey(userId);
    const now = acd.engine.agent(key).state;
    if (change.state === "ready" && !this.registered(agent)) {
      throw new QueueDeskError(
        "conflict",
        agent.extension
          ? `Extension ${agent.extension} has no registered phone or browser; sign in to the softphone first`
          : `${agent.username} has no extension; an admin must give them one before they can take calls`,
      );
    }
    const reason = change.reason ?? (forced ? "supervisor" : undefined);
    if (change.state === "not_ready" && !reason) {
      throw new QueueDeskError(
        "invalid",
        `Say why: reason is one of ${acd.engine.config.notReadyReasons.join(", ")}`,
      );
    }
    acd.input((e) => {
      if (forced) return e.forceAgentState(key, change.state, reason);
      if (change.state === "logged_out") return e.agentLoggedOut(key);
      if (now === "logged_out") e.agentLoggedIn(key, change.state);
      return change.state === "ready" ? e.agentReady(key) : e.agentNotReady(key, reason!);
    }, (error) => {
      if (error instanceof RangeError) throw new QueueDeskError("invalid", error.message);
    });
    return acd.engine.agent(key);
  }
}
