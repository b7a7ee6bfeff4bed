import type { Verb } from "./verb.ts";
import { businessHoursVerb } from "./verbs/business_hours.ts";
import { callbackVerb } from "./verbs/callback.ts";
import { collectVerb } from "./verbs/collect.ts";
import { conditionVerb } from "./verbs/condition.ts";
import { crmLookupVerb } from "./verbs/crm_lookup.ts";
import { gotoVerb } from "./verbs/goto.ts";
import { hangupVerb } from "./verbs/hangup.ts";
import { languageVerb } from "./verbs/language.ts";
import { menuVerb } from "./verbs/menu.ts";
import { playVerb } from "./verbs/play.ts";
import { queueVerb } from "./verbs/queue.ts";
import { selfServiceVerb } from "./verbs/self_service.ts";
import { setVariableVerb } from "./verbs/set_variable.ts";
import { surveyVerb } from "./verbs/survey.ts";
import { transferVerb } from "./verbs/transfer.ts";
import { voicemailVerb } from "./verbs/voicemail.ts";
import { webhookVerb } from "./verbs/webhook.ts";

/** Every node type a flow may use, by its `type`. */
export const VERBS: ReadonlyMap<string, Verb> = new Map(
  [
    playVerb,
    menuVerb,
    collectVerb,
    conditionVerb,
    businessHoursVerb,
    crmLookupVerb,
    selfServiceVerb,
    setVariableVerb,
    languageVerb,
    queueVerb,
    transferVerb,
    voicemailVerb,
    callbackVerb,
    surveyVerb,
    webhookVerb,
    gotoVerb,
    hangupVerb,
  ].map((verb) => [verb.name, verb]),
);
