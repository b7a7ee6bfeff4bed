import { type Call, CALLER, type CallService } from "../calls/mod.ts";
import type { Clock } from "../clock/mod.ts";
import type { Logger } from "../log/mod.ts";
import { pcmSource } from "../media/mod.ts";
import type { DoNotCallList } from "../outbound/mod.ts";
import type { Campaign, CampaignContact } from "./campaign_schema.ts";

/** How an agentless call turned out for its contact. */
export const NOTICE_OUTCOMES = ["delivered", "opted_out", "to_agent", "hung_up"] as const;
export type NoticeOutcome = typeof NOTICE_OUTCOMES[number];

/** Audio for what a notice says: its uploaded prompt, or its text spoken. */
export interface NoticeAudio {
  speak(text: string, language: "en" | "zh-CN"): Promise<readonly Int16Array[]>;
  prompt?(name: string, language: "en" | "zh-CN"): Promise<readonly Int16Array[]>;
}

/** Where a customer who pressed for an agent waits: the queues inbound callers wait in. */
export interface NoticeQueues {
  enqueue(call: Call, request: { queueId: number; customerId?: number | null }): void;
}

export interface NoticeDeps {
  calls: Pick<CallService, "play" | "hangup" | "journal">;
  /** Without it a notice offers no agent, whatever the campaign says. */
  queues?: NoticeQueues;
  dnc: Pick<DoNotCallList, "add">;
  audio: NoticeAudio;
  clock: Clock;
  log: Logger;
}

/**
 * Gives an answered customer a campaign's notice with no agent: the notice (an uploaded
 * prompt, else its text spoken), then how to reach an agent (when the campaign names a
 * key and a queue), then how to opt out. The opt-out key pressed at any point puts the
 * number on the do-not-call list (reason `opt_out`, the campaign as its source), says so
 * and ends the call. The agent key stops the notice and puts the customer in the queue as
 * a waiting caller; the call goes on there, and the result is known at once. Otherwise
 * the call ends when the notice has been played. Resolves the contact's result:
 * `delivered`, `opted_out`, `to_agent`, or `hung_up` when the customer left before the end.
 */
export async function deliverNotice(
  deps: NoticeDeps,
  call: Call,
  campaign: Campaign,
  contact: CampaignContact,
  ended: Promise<void>,
): Promise<NoticeOutcome> {
  const { calls, dnc, audio, clock, log, queues } = deps;
  const { notice, language } = campaign.options;
  const fields = { call_id: call.id, campaign: campaign.id, contact: contact.id };
  const media = call.media;
  if (call.ended || !media) return "hung_up";
  const say = (text: string) => text ? audio.speak(text, language) : Promise.resolve([]);
  const agentQueue = notice.agent_digit && queues ? notice.agent_queue_id : null;
  let parts: readonly Int16Array[];
  let agentParts: readonly Int16Array[];
  let optOutParts: readonly Int16Array[];
  try {
    parts = notice.prompt && audio.prompt
      ? await audio.prompt(notice.prompt, language)
      : await say(notice.text);
    agentParts = agentQueue !== null ? await say(notice.agent_text) : [];
    optOutParts = notice.opt_out_digit ? await say(notice.opt_out_text) : [];
  } catch (error) {
    log.warn("the notice could not be made audible", { ...fields, error });
    calls.hangup(call.id);
    return "hung_up";
  }
  if (call.ended) return "hung_up";
  let result: NoticeOutcome | undefined;
  let stopDigits: (() => void) | undefined;
  // Safety: the call never outlives its notice by long.
  const stopSafety = clock.setTimer(5 * 60_000, () => calls.hangup(call.id));
  let handedOver!: () => void;
  const inQueue = new Promise<void>((resolve) => handedOver = resolve);
  const finish = (outcome: NoticeOutcome) => {
    if (result) return;
    result = outcome;
    stopDigits?.();
    calls.journal.event(call.id, "campaign.notice", { campaign: campaign.id, result: outcome });
  };
  if (notice.opt_out_digit || agentQueue !== null) {
    stopDigits = media.onDigit((digit) => {
      if (result) return;
      if (agentQueue !== null && digit === notice.agent_digit) {
        finish("to_agent");
        // Waiting for an agent may take longer than any notice: the safety limit is off.
        stopSafety();
        media.player.stop();
        calls.journal.event(call.id, "campaign.to_agent", {
          campaign: campaign.id,
          contact: contact.id,
          queue: agentQueue,
        });
        log.info("to an agent by key", { ...fields, queue: agentQueue });
        queues!.enqueue(call, { queueId: agentQueue, customerId: contact.customer_id });
        handedOver();
        return;
      }
      if (digit !== notice.opt_out_digit) return;
      finish("opted_out");
      dnc.add(contact.number, { reason: "opt_out", source: `campaign:${campaign.id}` });
      log.info("opted out by key", fields);
      media.player.stop();
      void say(notice.opted_out_text).then((bye) => {
        if (call.ended) return;
        calls.play(call, CALLER, [{
          source: pcmSource(bye),
          bargeIn: false,
          onEnd: () => calls.hangup(call.id),
        }]);
      }).catch(() => calls.hangup(call.id));
    });
  }
  calls.play(call, CALLER, [
    { source: pcmSource(parts), bargeIn: false },
    ...(agentParts.length > 0 ? [{ source: pcmSource(agentParts), bargeIn: false }] : []),
    {
      source: pcmSource(optOutParts),
      bargeIn: false,
      onEnd: (why) => {
        if (why !== "done" || result) return;
        // A moment for a key pressed at the very end.
        clock.setTimer(notice.opt_out_digit || agentQueue !== null ? 3000 : 0, () => {
          if (result) return;
          finish("delivered");
          calls.hangup(call.id);
        });
      },
    },
  ]);
  await Promise.race([ended, inQueue]);
  finish("hung_up");
  return result!;
}
