/**
 * A server refusal in the admin's language. The API's one error shape carries a code,
 * and for refused values the issues with their field paths; English readers get the
 * server's message (the most specific), others a sentence built from the code and
 * details, naming the field when the refusal is about one.
 *
 * @module
 */

import { ApiError } from "../common/api_client.ts";
import { getLanguage, type MessageKey, t } from "../common/i18n.ts";
import { fieldMessage, type Issue } from "./field_messages.ts";

/** Something that plays a prompt, as the API lists it in `used_by` and in a 409's `uses`. */
export type PromptUse =
  | { kind: "flow"; flow_id: number; flow: string; version: number; published: boolean }
  | { kind: "queue"; queue_id: number; queue: string; setting: string };

/** "Flow Main menu (published)", in the admin's language. */
export function useLabel(use: PromptUse): string {
  if (use.kind === "queue") return t("prompts.use.queueMusic", { queue: use.queue });
  return t(use.published ? "prompts.use.flowPublished" : "prompts.use.flowDraft", {
    flow: use.flow,
  });
}

/**
 * What to say about a refused request. `label` names a field by its API path (the
 * form's own label), so a refused value says which field and why.
 */
export function refusalMessage(
  error: unknown,
  label: (path: string) => string | undefined = () => undefined,
): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  if (getLanguage() === "en") return error.message;
  const details = (error.details ?? {}) as {
    issues?: Issue[];
    uses?: PromptUse[];
    /** `kind` picks the words (`refusal.kind.<kind>`); the server's `InUse` lists them. */
    in_use?: { kind: string; names: string[] };
    changed_by?: string;
    changed_at?: string;
    max_bytes?: number;
  };
  switch (error.code) {
    case "changed_meanwhile":
      return t("refusal.changed", {
        who: details.changed_by ?? "?",
        when: details.changed_at ?? "",
      });
    case "payload_too_large":
      return t("refusal.tooLarge", {
        mb: Math.round((details.max_bytes ?? 1024 * 1024) / (1024 * 1024)),
      });
    case "not_found":
      return t("refusal.notFound");
    case "forbidden":
      return t("refusal.forbidden");
    case "unauthorized":
      return t("refusal.signIn");
    case "storage_full":
    case "storage_unavailable":
      return t("refusal.storage");
    case "speech_unavailable":
      return t("refusal.speech");
    case "unworkable_configuration":
      return t("refusal.unworkable", { reason: error.message });
    case "calibration_closed":
      return t("refusal.calibrationClosed");
  }
  if (details.in_use) {
    const { kind, names } = details.in_use;
    return t("refusal.inUseBy", {
      what: t(`refusal.kind.${kind}` as MessageKey),
      // Settings are named by key (`outbound_policy`), worded here.
      names: names.map((n) => kind === "settings" ? t(`refusal.setting.${n}` as MessageKey) : n)
        .join("、"),
    });
  }
  if (details.uses && details.uses.length > 0) {
    return t("refusal.inUse", { uses: details.uses.map(useLabel).join("、") });
  }
  const issue = details.issues?.[0];
  if (issue) {
    return t("refusal.field", {
      field: label(issue.path) ?? issue.path,
      reason: fieldMessage(issue),
    });
  }
  return t("refusal.other", { reason: error.message });
}

/** The columns of a user CSV by the labels the users screen gives them. */
const USER_COLUMNS: Record<string, MessageKey> = {
  username: "admin.users.username",
  display_name: "admin.users.displayName",
  role: "admin.users.role",
  password: "admin.users.password",
  extension: "admin.users.extension",
  language: "admin.users.language",
  team: "admin.users.team",
  skills: "admin.nav.skills",
  skill: "admin.nav.skills",
};

/** Why a row of a user CSV was refused: the server's words in English, else its column and why. */
export function importRowRefusal(row: { reason: string; issue?: Issue }): string {
  if (getLanguage() === "en" || !row.issue) return row.reason;
  const column = USER_COLUMNS[row.issue.path];
  return t("refusal.field", {
    field: column ? t(column) : row.issue.path,
    reason: fieldMessage(row.issue),
  });
}
