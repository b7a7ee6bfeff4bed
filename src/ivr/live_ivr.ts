import type {
  Call,
  CallRecordings,
  CallService,
  FlowVariables,
  RecordingWriter,
} from "../calls/mod.ts";
import { settlesWithin } from "../clock/mod.ts";
import type { Logger } from "../log/mod.ts";
import { recordCaller } from "./early_recording.ts";
import type { IvrDomain } from "./ivr_domain.ts";
import type { CallIvr, IvrExit } from "./ivr_exit.ts";
import { IvrSession } from "./ivr_session.ts";
import type { IvrRoute } from "./outcome.ts";
import type { PromptAudio } from "./prompt_audio.ts";

export interface LiveIvrOptions {
  ivr: IvrDomain;
  prompts: PromptAudio;
  /** Where the IVR part of each call is recorded; nothing is recorded without it. */
  recordings?: CallRecordings;
  dataDir: string;
  log: Logger;
}

/**
 * Runs IVR flows on answered calls: an {@link IvrSession} over the call's media, the
 * caller recorded mono while in the IVR, and the flow's route turned into where the
 * call goes next. A caller hanging up aborts the run at once.
 */
export class LiveIvr implements CallIvr {
  readonly #options: LiveIvrOptions;
  readonly #running = new Set<Promise<unknown>>();

  constructor(options: LiveIvrOptions) {
    this.#options = options;
  }

  /** Calls in the IVR right now. */
  get active(): number {
    return this.#running.size;
  }

  run(
    call: Call,
    flowId: number,
    service: CallService,
    variables?: FlowVariables,
  ): Promise<IvrExit> {
    const running = this.#run(call, flowId, service, variables);
    const settled = running.catch(() => {}).finally(() => this.#running.delete(settled));
    this.#running.add(settled);
    return running;
  }

  /**
   * Waits until runs in progress have ended (their calls were hung up) and their
   * recordings are closed, for at most `limitMs`; resolves false when some did not end.
   */
  async drain(limitMs = 2000): Promise<boolean> {
    if (this.#running.size === 0) return true;
    const ended = await settlesWithin(
      this.#options.ivr.clock,
      Promise.all([...this.#running]),
      limitMs,
    );
    if (!ended) {
      this.#options.log.warn("IVR calls still running at shutdown", { calls: this.#running.size });
    }
    return ended;
  }

  async #run(
    call: Call,
    flowId: number,
    service: CallService,
    variables: FlowVariables | undefined,
  ): Promise<IvrExit> {
    const { ivr, log } = this.#options;
    const media = call.media;
    if (!media) throw new Error(`Call ${call.id} has no media for the IVR`);
    // The flow starts at once: opening the file can wait behind other file work when many
    // calls are up, and the caller would hear silence meanwhile.
    const opening = this.#record(call);
    const recording = recordCaller(media, opening);
    // Once open (and fed what was said meanwhile), the IVR's recording is the call's to
    // pause: a node asking for a card number silences it through the call core.
    let untrack = () => {};
    const tracked = opening.then(
      (writer) => {
        if (writer && call.audio) untrack = call.audio.addOutsideRecording(writer);
      },
      () => {},
    );
    const session = new IvrSession({
      callId: call.id,
      caller: call.info.caller,
      dialed: call.info.did,
      clock: ivr.clock,
      media,
      prompts: this.#options.prompts,
      dataDir: this.#options.dataDir,
      hangup: () => service.hangup(call.id),
      event: (type, data) => service.journal.event(call.id, type, data),
      recording: {
        pause: async () => {
          await tracked;
          service.pauseRecording(call, "ivr");
        },
        resume: () => service.resumeRecording(call, "ivr"),
      },
      log,
    });
    try {
      const outcome = await ivr.runCall(session, {
        flowId,
        variables,
        signal: media.closedSignal,
      });
      if (outcome.customerId !== null) {
        call.customerId = outcome.customerId;
        service.journal.update(call.id, { customerId: outcome.customerId });
      }
      log.info("IVR finished", {
        call_id: call.id,
        route: outcome.route.type,
        node: outcome.lastNode,
        steps: outcome.steps,
      });
      const exit = exitFor(outcome.route);
      if (exit.type === "queue" && outcome.route.type === "queue" && outcome.route.survey) {
        const survey = ivr.flows.byName(outcome.route.survey);
        if (survey) exit.request.surveyFlowId = survey.id;
        else {
          log.warn("the queue's survey flow does not exist; no survey for this call", {
            call_id: call.id,
            flow: outcome.route.survey,
          });
        }
      }
      return exit;
    } finally {
      untrack();
      session.close();
      await recording.close().catch((error) =>
        log.error("closing the IVR recording failed", { call_id: call.id, error })
      );
    }
  }

  async #record(call: Call): Promise<RecordingWriter | undefined> {
    try {
      return await this.#options.recordings?.start(call.id, { channels: 1, legs: ["caller"] });
    } catch (error) {
      // The caller is still served; a missing recording is an operations problem, not theirs.
      this.#options.log.error("could not start recording the IVR", { call_id: call.id, error });
      return undefined;
    }
  }
}

/** Where the call layer takes the caller after the flow's route. */
export function exitFor(route: IvrRoute): IvrExit {
  switch (route.type) {
    case "queue":
      return {
        type: "queue",
        request: {
          queueId: route.queueId,
          queueName: route.queue,
          priority: route.priority,
          skills: route.skills,
          language: route.language,
          customerId: route.customerId,
        },
      };
    case "transfer":
      return { type: "transfer", target: route.target, kind: route.kind };
    default:
      return { type: "done" };
  }
}
