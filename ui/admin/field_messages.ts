/**
 * A refused value's reason in the admin's language. The API names each problem with zod's
 * issue code and bounds beside its English message; English readers get the message
 * itself where the program wrote it (it is the most specific), others, and English readers
 * of the validation library's own wording, words built from the code.
 *
 * @module
 */

import { getLanguage, t } from "../common/i18n.ts";

/** One refused value as the API lists it in `error.details.issues`. */
export interface Issue {
  path: string;
  message: string;
  code?: string;
  origin?: string;
  minimum?: number;
  maximum?: number;
}

/**
 * zod's own wording of its checks ("Too small: expected string to have >=1 characters"),
 * written for developers: English readers get the code's wording instead, as others do.
 */
const LIBRARY_WORDING =
  /^(Too (small|big): expected |Invalid (input|option|string|format|ISO|email|url|uuid|date)\b)/;

/** What to show under the field. */
export function fieldMessage(issue: Issue): string {
  if (getLanguage() === "en" && !LIBRARY_WORDING.test(issue.message)) {
    return sentence(issue.message);
  }
  const text = issue.origin === "string";
  switch (issue.code) {
    case "too_small":
      if (issue.minimum === undefined) break;
      return text && issue.minimum <= 1
        ? t("admin.form.required")
        : t(text ? "admin.error.tooShort" : "admin.error.tooSmall", { min: issue.minimum });
    case "too_big":
      if (issue.maximum === undefined) break;
      return t(text ? "admin.error.tooLong" : "admin.error.tooBig", { max: issue.maximum });
    case "invalid_format":
    case "invalid_string":
      return t("admin.error.format");
    case "invalid_type":
      return t("admin.error.type");
    case "invalid_value":
    case "invalid_enum_value":
      return t("admin.error.choice");
    case "already_exists":
      return t("refusal.taken");
    case "unknown_skill":
      return t("refusal.unknownSkill");
    case "unknown_team":
      return t("refusal.unknownTeam");
    case "unknown_queue":
      return t("refusal.unknownQueue");
    case "unknown_trunk":
      return t("refusal.unknownTrunk");
    case "unknown_customer":
      return t("refusal.unknownCustomer");
    case "unknown_case":
      return t("refusal.unknownCase");
    case "unknown_agent":
      return t("refusal.unknownAgent");
    case "agent_deactivated":
      return t("refusal.agentDeactivated");
    case "unknown_recording":
      return t("refusal.unknownRecording");
    case "unknown_call":
      return t("refusal.unknownCall");
    case "unknown_flow":
      return t("refusal.unknownFlow");
    case "unknown_follow_up":
      return t("refusal.unknownFollowUp");
    case "format":
      return t("admin.error.format");
    case "duplicate":
      return t("refusal.listedTwice");
    case "not_audio":
      return t("refusal.notAudio");
    case "audio_too_long":
      return t("refusal.audioTooLong", { max: issue.maximum ?? "?" });
    case "unknown_user":
      return t("refusal.unknownUser");
    case "unknown_form":
      return t("refusal.unknownForm");
    case "form_retired":
      return t("refusal.formRetired");
    case "not_escalated":
      return t("refusal.notEscalated");
    case "left_before_joining":
      return t("refusal.leftBeforeJoining");
    case "unknown_disposition":
      return t("refusal.unknownDisposition");
    case "not_for_queue":
      return t("refusal.notForQueue");
    case "required":
      return t("admin.form.required");
    case "not_answered":
      return t("refusal.notAnswered");
    case "na_not_allowed":
      return t("refusal.naNotAllowed");
    case "yes_or_no":
      return t("refusal.yesOrNo");
    case "one_to_five":
      return t("refusal.oneToFive");
    case "self_only":
      return t("refusal.selfOnly");
    case "empty_team":
      return t("refusal.emptyTeam");
    case "ends_before_start":
      return t("refusal.endsBeforeStart");
    case "block_too_long":
      return t("refusal.blockTooLong", { max: issue.maximum ?? "?" });
    case "overlaps_shift":
      return t("refusal.overlapsShift");
    case "overlaps_break":
      return t("refusal.overlapsBreak");
    case "break_outside_shift":
      return t("refusal.breakOutsideShift");
    case "shift_too_short":
      return t("refusal.shiftTooShort");
    case "need_outside_hours":
      return t("refusal.needOutsideHours");
    case "no_shift_fits":
      return t("refusal.noShiftFits");
  }
  return t("admin.error.other", { reason: issue.message });
}

function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
