import {
  type Call,
  type CallService,
  type DialedLeg,
  type DialOutcome,
  IllegalPartyMove,
  type Party,
} from "../calls/mod.ts";
import { type CallJournal } from "../call_history/mod.ts";
import type { CancelTimer, Clock } from "../clock/mod.ts";
import type { Logger } from "../log/mod.ts";
import type { LegEndCause } from "../sip/mod.ts";

/** How a supervisor is on a monitored call: the call core's modes a supervisor may take. */
export const MonitorMode = { listen: "listen", whisper: "whisper", barge: "barge" } as const;
export type MonitorMode = typeof MonitorMode[keyof typeof MonitorMode];

/**
 * Where a monitoring session is: its leg `ringing` at the supervisor, `joined` to the call
 * in a monitor mode, `taken_over` (the supervisor talks with the caller, the agent is
 * gone), or `ended`.
 */
export const MonitorState = {
  ringing: "ringing",
  joined: "joined",
  taken_over: "taken_over",
  ended: "ended",
} as const;
export type MonitorState = typeof MonitorState[keyof typeof MonitorState];

const MOVES: Record<MonitorState, readonly MonitorState[]> = {
  ringing: ["joined", "ended"],
  joined: ["taken_over", "ended"],
  taken_over: ["ended"],
  ended: [],
};

/** A change a monitoring session refuses in the state it is in. */
export class IllegalMonitorMove extends Error {
  override name = "IllegalMonitorMove";
}

/** The supervisor on the other end of a monitoring session. */
export interface Supervisor {
  userId: number;
  username: string;
  extension: string;
}

/** What a monitoring session needs: the call-control API, the journal and time. */
export interface MonitorLine {
  calls: Pick<CallService, "dial">;
  journal: CallJournal;
  clock: Clock;
  log: Logger;
  /** How long the supervisor's phone rings before the session gives up. */
  ringSeconds: number;
}

/** A monitoring session as the API shows it. */
export interface MonitorView {
  call_id: string;
  supervisor: string;
  mode: MonitorMode;
  state: MonitorState;
}

/**
 * One supervisor monitoring one call: rings the supervisor's own extension (browser or
 * desk phone) and, once answered, puts them on the call as a party in a monitor mode:
 * `listen` hears both sides, `whisper` is heard by the agent alone, `barge` by everyone.
 * Everything it does is a change of parties and modes on the call; the call core decides
 * who hears whom. It leaves no party behind: the session ends with its leg or the call.
 */
export class CallMonitor {
  #state: MonitorState = "ringing";
  #mode: MonitorMode;
  #dialed: DialedLeg | undefined;
  #party: Party | undefined;
  #cancelRing: CancelTimer | undefined;
  #unlisten: (() => void) | undefined;
  #endReason: string | undefined;
  #tookOver = false;
  readonly partyId: string;

  constructor(
    private readonly line: MonitorLine,
    readonly call: Call,
    readonly supervisor: Supervisor,
    mode: MonitorMode,
    /** The party the agent is on the call as now (whispers go to them), if any. */
    private readonly agentParty: () => string | undefined,
    /** Told once, when the session is over and its leg is gone. */
    private readonly closed: (monitor: CallMonitor, reason: string) => void,
  ) {
    this.#mode = mode;
    this.partyId = `supervisor:${supervisor.userId}`;
    call.callerLeg.listen({ ended: () => this.end("call_ended") });
  }

  get state(): MonitorState {
    return this.#state;
  }

  get mode(): MonitorMode {
    return this.#mode;
  }

  /** True once the supervisor took the caller over (the call is theirs to end). */
  get tookOver(): boolean {
    return this.#tookOver;
  }

  /** Why the session ended, once it has. */
  get endReason(): string | undefined {
    return this.#endReason;
  }

  view(): MonitorView {
    return {
      call_id: this.call.id,
      supervisor: this.supervisor.username,
      mode: this.#mode,
      state: this.#state,
    };
  }

  /** Rings the supervisor's extension; "unreachable" when nothing is registered there. */
  async start(): Promise<DialOutcome> {
    const { line, call } = this;
    const { outcome, dialed } = await line.calls.dial(call, {
      partyId: this.partyId,
      role: "supervisor",
      to: { extension: this.supervisor.extension },
      // Joined silent; the asked-for mode follows once the party is on the call.
      mode: "listen",
      headers: [["X-CC-Monitor", this.#mode]],
      gone: () => this.#state === "ended",
      answered: (party) => this.#answered(party),
      unusable: () => this.end("unusable_answer"),
      ended: (cause) => this.#legEnded(cause),
    });
    this.#dialed = dialed;
    if (outcome !== "ringing") {
      this.end(outcome === "unreachable" ? "unreachable" : "call_ended");
      return outcome;
    }
    if (this.#state === "ringing") {
      this.#cancelRing = line.clock.setTimer(
        line.ringSeconds * 1000,
        () => this.#state === "ringing" && this.end("no_answer"),
      );
    }
    return outcome;
  }

  /**
   * Switches between listen, whisper and barge without hanging up. While the supervisor's
   * phone still rings the new mode is the one they join in.
   */
  setMode(mode: MonitorMode): void {
    if (!Object.hasOwn(MonitorMode, mode)) {
      throw new RangeError(`Monitor mode "${mode}" does not exist; use listen, whisper or barge`);
    }
    if (this.#state === "ringing") {
      this.#mode = mode;
      return;
    }
    if (this.#state !== "joined") {
      throw new IllegalMonitorMove(`A monitoring session that is ${this.#state} has no mode`);
    }
    const from = this.#mode;
    this.#apply(mode);
    if (from !== mode) this.#journal("monitor.mode", { from, mode });
  }

  /**
   * The supervisor talks with the caller from now on. The agent's leg is the desk's to
   * let go; this only turns the supervisor's party into a talking one.
   */
  takeOver(): void {
    this.#move("taken_over");
    this.#tookOver = true;
    this.call.setMode(this.partyId, "talk");
    this.#journal("monitor.take_over", { agent: this.agentParty() ?? null });
  }

  /** Ends the session: the supervisor's party leaves and their leg is hung up. */
  end(reason: string): void {
    if (this.#state === "ended") return;
    const joined = this.#state !== "ringing";
    this.#state = "ended";
    this.#endReason = reason;
    this.#cancelRing?.();
    this.#unlisten?.();
    if (this.#party && !this.#party.left && !this.call.ended) this.call.leave(this.partyId);
    this.#dialed?.drop();
    if (joined) this.#journal("monitor.ended", { reason });
    this.line.log.info("monitoring ended", {
      call_id: this.call.id,
      supervisor: this.supervisor.username,
      reason,
    });
    this.closed(this, reason);
  }

  #answered(party: Party): void {
    const { call } = this;
    if (this.#state !== "ringing" || call.ended) {
      this.#dialed?.drop();
      return;
    }
    this.#cancelRing?.();
    this.#party = party;
    try {
      call.join(party);
    } catch (error) {
      this.line.log.warn("the supervisor could not join the call", {
        call_id: call.id,
        error,
      });
      this.end("call_ended");
      return;
    }
    this.#move("joined");
    this.#unlisten = call.listen({ partyLeft: (left) => this.#partyLeft(left) });
    const asked = this.#mode;
    try {
      this.#apply(asked);
    } catch (error) {
      if (!(error instanceof IllegalPartyMove)) throw error;
      // The agent left while the supervisor's phone rang: nobody to whisper to.
      this.#mode = "listen";
    }
    this.#journal("monitor.started", { mode: this.#mode });
  }

  #apply(mode: MonitorMode): void {
    if (mode === "whisper") {
      const agent = this.agentParty();
      if (!agent || !this.call.party(agent)) {
        throw new IllegalPartyMove(`Call ${this.call.id} has no agent to whisper to`);
      }
      this.call.setMode(this.partyId, "whisper", agent);
    } else this.call.setMode(this.partyId, mode);
    this.#mode = mode;
  }

  /** The one the supervisor whispered to left (a transfer): they listen on instead. */
  #partyLeft(left: Party): void {
    if (this.#state !== "joined" || this.call.ended || left.id === this.partyId) return;
    if (this.#mode !== "whisper" || this.#party?.whisperTo !== left.id) return;
    this.#apply("listen");
    this.#journal("monitor.mode", { from: "whisper", mode: "listen", reason: "agent_left" });
  }

  #legEnded(cause: LegEndCause): void {
    if (this.#state === "ended") return;
    if (this.#state === "ringing") {
      this.end(cause.by === "remote" ? "not_answered" : "call_ended");
      return;
    }
    this.end(cause.by === "remote" ? "supervisor_hangup" : "call_ended");
  }

  #move(to: MonitorState): void {
    if (!MOVES[this.#state].includes(to)) {
      throw new IllegalMonitorMove(`A monitoring session cannot go from ${this.#state} to ${to}`);
    }
    this.#state = to;
  }

  #journal(type: string, data: Record<string, unknown>): void {
    this.line.journal.event(this.call.id, type, {
      supervisor: this.supervisor.username,
      ...data,
    });
  }
}
