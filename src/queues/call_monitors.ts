import type { CallService } from "../calls/mod.ts";
import type { CallJournal } from "../call_history/mod.ts";
import { IllegalPartyMove } from "../calls/mod.ts";
import type { Clock } from "../clock/mod.ts";
import type { Logger } from "../log/mod.ts";
import {
  CallMonitor,
  IllegalMonitorMove,
  type MonitorMode,
  type MonitorView,
} from "./call_monitor.ts";
import type { QueueDesk } from "./queue_desk.ts";
import { QueueDeskError } from "./queue_desk_error.ts";
import type { QueuedCall } from "./queued_call.ts";

/** Who asks to monitor a call, as their account says. */
export interface MonitorActor {
  userId: number;
  username: string;
  role: string;
  /** A team lead's team; they may monitor only its agents. */
  teamId: number | null;
  /** Where the supervisor's own phone or browser is registered. */
  extension: string | null;
}

export interface CallMonitorsOptions {
  desk: QueueDesk;
  calls: Pick<CallService, "dial">;
  journal: CallJournal;
  clock: Clock;
  log: Logger;
  /** How long a supervisor's phone rings for a monitoring session; 30 s by default. */
  ringSeconds?: number;
}

/**
 * Supervisors monitoring live calls at agents: at most one session per call, started,
 * switched, turned into a take-over and ended here, with the rights checked first (a team
 * lead only on their own team's agents). Each session is a {@link CallMonitor}; a take-over
 * also tells the desk that the agent's part is over, so they wrap up as after a hang-up.
 */
export class CallMonitors {
  readonly #sessions = new Map<string, CallMonitor>();

  constructor(private readonly o: CallMonitorsOptions) {}

  /** The session on a call, if one is under way. */
  get(callId: string): MonitorView | undefined {
    return this.#sessions.get(callId)?.view();
  }

  /** Every session under way. */
  list(): MonitorView[] {
    return [...this.#sessions.values()].map((m) => m.view());
  }

  /** Rings the supervisor's extension and joins them to the call in `mode` on answer. */
  async start(callId: string, actor: MonitorActor, mode: MonitorMode): Promise<MonitorView> {
    const qc = this.#agentCall(callId, actor);
    if (this.#sessions.has(callId)) {
      const other = this.#sessions.get(callId)!.supervisor.username;
      throw new QueueDeskError("conflict", `Call ${callId} is already monitored by ${other}`);
    }
    if (!actor.extension) {
      throw new QueueDeskError(
        "conflict",
        "You have no extension to be rung on; an admin must give you one before you can monitor calls",
      );
    }
    const monitor = new CallMonitor(
      {
        calls: this.o.calls,
        journal: this.o.journal,
        clock: this.o.clock,
        log: this.o.log,
        ringSeconds: this.o.ringSeconds ?? 30,
      },
      qc.call,
      { userId: actor.userId, username: actor.username, extension: actor.extension },
      mode,
      () => qc.agentKey === undefined ? undefined : `agent:${qc.agentKey}`,
      (m, reason) => this.#closed(qc, m, reason),
    );
    this.#sessions.set(callId, monitor);
    const outcome = await monitor.start();
    if (outcome === "unreachable") {
      throw new QueueDeskError(
        "conflict",
        `Extension ${actor.extension} has no registered phone or browser; sign in to the softphone first`,
      );
    }
    if (outcome === "gone") throw new QueueDeskError("not_found", `Live call ${callId}`);
    return monitor.view();
  }

  /** Switches the session on the call to another mode without hanging up. */
  setMode(callId: string, actor: MonitorActor, mode: MonitorMode): MonitorView {
    const monitor = this.#own(callId, actor);
    this.#refused(() => monitor.setMode(mode));
    return monitor.view();
  }

  /**
   * Hands the caller to the supervisor: they talk with the caller from now on, the agent's
   * leg is let go and the agent wraps up as after a hang-up.
   */
  takeOver(callId: string, actor: MonitorActor): MonitorView {
    const monitor = this.#own(callId, actor);
    const qc = this.o.desk.live(callId);
    if (!qc || qc.done) throw new QueueDeskError("not_found", `Live call ${callId}`);
    if (monitor.state !== "joined") {
      throw new QueueDeskError(
        "conflict",
        `The monitoring session is ${monitor.state}; only a joined supervisor can take over`,
      );
    }
    if (qc.transfer) {
      throw new QueueDeskError(
        "conflict",
        "A transfer is under way on this call; try again after it",
      );
    }
    this.#refused(() => monitor.takeOver());
    this.o.desk.releaseAgent(qc, "supervisor_take_over");
    return monitor.view();
  }

  /** Ends the session: the supervisor's leg is hung up (after a take-over, the call too). */
  stop(callId: string, actor: MonitorActor): void {
    const monitor = this.#own(callId, actor);
    const tookOver = monitor.tookOver;
    monitor.end("stopped");
    if (tookOver) this.o.desk.live(callId)?.end("supervisor_hangup");
  }

  /** Ends every session (shutdown). */
  close(): void {
    for (const monitor of [...this.#sessions.values()]) monitor.end("shutdown");
  }

  #closed(qc: QueuedCall, monitor: CallMonitor, reason: string): void {
    if (this.#sessions.get(monitor.call.id) === monitor) this.#sessions.delete(monitor.call.id);
    // After a take-over the supervisor is the caller's only company: their hang-up ends it.
    if (monitor.tookOver && reason === "supervisor_hangup") qc.end("supervisor_hangup");
  }

  /** The live call at an agent that `actor` may monitor. */
  #agentCall(callId: string, actor: MonitorActor): QueuedCall {
    const qc = this.o.desk.live(callId);
    if (!qc || qc.done) throw new QueueDeskError("not_found", `Live call ${callId}`);
    const key = qc.agentKey;
    if (key === undefined || qc.call.state !== "connected") {
      throw new QueueDeskError("conflict", `Call ${callId} is not with an agent`);
    }
    const agent = this.o.desk.setup.agents.get(key);
    if (actor.role === "team_lead" && (agent?.teamId == null || agent.teamId !== actor.teamId)) {
      throw new QueueDeskError("forbidden", "Team leads may monitor only their own team's agents");
    }
    return qc;
  }

  /** The session on the call, if `actor` may change it: its supervisor, or a supervisor above. */
  #own(callId: string, actor: MonitorActor): CallMonitor {
    const monitor = this.#sessions.get(callId);
    if (!monitor) throw new QueueDeskError("not_found", `Monitoring session on call ${callId}`);
    if (monitor.supervisor.userId !== actor.userId && actor.role === "team_lead") {
      throw new QueueDeskError(
        "forbidden",
        "Only the supervisor monitoring this call may change it",
      );
    }
    return monitor;
  }

  #refused(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      if (error instanceof IllegalMonitorMove || error instanceof IllegalPartyMove) {
        throw new QueueDeskError("conflict", error.message);
      }
      if (error instanceof RangeError) throw new QueueDeskError("invalid", error.message);
      throw error;
    }
  }
}
