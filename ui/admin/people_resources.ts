/**
 * The People screens: users (with their skills), teams, skills and not-ready reasons.
 *
 * @module
 */

import type { ApiClient } from "../common/api_client.ts";
import { ROLES } from "../common/api_client.ts";
import { LANGUAGES, type MessageKey, t } from "../common/i18n.ts";
import {
  type AdminResource,
  type Choice,
  type FormValues,
  type Item,
  type Lookups,
  nullableNumber,
  text,
} from "./resource.ts";

const teamChoices = (lookups: Lookups): Choice[] => [
  { value: "", label: t("admin.form.none") },
  ...(lookups.teams ?? []).map((team) => ({ value: String(team.id), label: String(team.name) })),
];

const skillRows = (lookups: Lookups): Choice[] =>
  (lookups.skills ?? []).map((s) => ({ value: String(s.name), label: String(s.name) }));

/** Levels typed per skill → the API's list, leaving out the empty ones. */
function levelList(values: FormValues, key: string, field: string) {
  const levels = (values[key] ?? {}) as Record<string, string>;
  return Object.entries(levels)
    .filter(([, level]) => String(level).trim() !== "")
    .map(([skill, level]) => ({ skill, [field]: Number(level) }));
}

/** The stored chat capacity as the form was opened with it, to send only a change. */
const CAPACITY_WAS = "chat_capacity_was";

/** The chat capacity typed, or undefined when it is not a whole number from 0 to 20. */
export function chatCapacityOf(values: FormValues): number | undefined {
  const typed = String(values.chat_capacity ?? "").trim();
  if (!/^\d{1,2}$/.test(typed)) return undefined;
  const capacity = Number(typed);
  return capacity <= 20 ? capacity : undefined;
}

export const usersResource: AdminResource = {
  id: "users",
  title: "admin.users.title",
  intro: "admin.users.intro",
  path: "/users",
  listKey: "users",
  itemKey: "user",
  updateMethod: "PATCH",
  versioned: true,
  lookups: { teams: { path: "/teams", key: "teams" }, skills: { path: "/skills", key: "skills" } },
  columns: [
    { label: "admin.users.username", value: (u) => String(u.username) },
    { label: "admin.users.displayName", value: (u) => String(u.display_name) },
    {
      label: "admin.users.role",
      value: (u) =>
        t(`role.${u.role}` as MessageKey) +
        (u.active === false ? ` · ${t("admin.users.disabled")}` : ""),
    },
    { label: "admin.users.extension", value: (u) => text(u.extension) },
    {
      label: "admin.users.team",
      value: (u, l) => String((l.teams ?? []).find((team) => team.id === u.team_id)?.name ?? ""),
    },
  ],
  fields: [
    { key: "username", label: "admin.users.username", type: "text", required: true, onlyNew: true },
    { key: "display_name", label: "admin.users.displayName", type: "text" },
    {
      key: "role",
      label: "admin.users.role",
      type: "select",
      choices: () => ROLES.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) })),
    },
    {
      key: "password",
      label: "admin.users.password",
      hint: "admin.users.passwordHint",
      type: "password",
      aliases: ["sip_password"],
    },
    {
      key: "extension",
      label: "admin.users.extension",
      hint: "admin.users.extensionHint",
      type: "text",
    },
    { key: "team_id", label: "admin.users.team", type: "select", choices: teamChoices },
    {
      key: "language",
      label: "admin.users.language",
      type: "select",
      choices: () => LANGUAGES.map((l) => ({ value: l, label: t(`lang.${l}` as MessageKey) })),
    },
    { key: "active", label: "admin.users.active", type: "checkbox" },
    {
      key: "chat_capacity",
      label: "admin.users.chatCapacity",
      hint: "admin.users.chatCapacityHint",
      type: "number",
      aliases: ["capacity"],
    },
    {
      key: "skills",
      label: "admin.users.skills",
      hint: "admin.users.skillsHint",
      type: "levels",
      choices: skillRows,
    },
  ],
  name: (u) => String(u.username),
  toForm: async (u: Item | undefined, _lookups: Lookups, api: ApiClient): Promise<FormValues> => {
    if (!u) {
      return {
        username: "",
        display_name: "",
        role: "agent",
        password: "",
        extension: "",
        team_id: "",
        language: "zh-CN",
        active: true,
        chat_capacity: "0",
        skills: {},
      };
    }
    const [{ skills }, { chat_capacity }] = await Promise.all([
      api.request<{ skills: { skill: string; level: number }[] }>("GET", `/users/${u.id}/skills`),
      api.request<{ chat_capacity: number }>("GET", `/agents/${u.id}/chat-capacity`),
    ]);
    return {
      display_name: text(u.display_name),
      role: String(u.role),
      password: "",
      extension: text(u.extension),
      team_id: text(u.team_id),
      language: String(u.language ?? "en"),
      active: u.active !== false,
      chat_capacity: String(chat_capacity),
      [CAPACITY_WAS]: String(chat_capacity),
      skills: Object.fromEntries(skills.map((s) => [s.skill, String(s.level)])),
    };
  },
  toBody: (v, isNew) => {
    const common = {
      display_name: String(v.display_name).trim() || undefined,
      role: v.role,
      extension: String(v.extension).trim() || null,
      language: v.language,
      team_id: nullableNumber(v.team_id),
    };
    return isNew
      ? { ...common, username: String(v.username).trim(), password: v.password }
      : { ...common, active: v.active };
  },
  check: (v): Record<string, string> =>
    chatCapacityOf(v) === undefined ? { chat_capacity: t("admin.users.chatCapacityWhole") } : {},
  afterSave: async (api, saved, v) => {
    // The capacity first: the engine learns it at once, and a refusal shows at its field.
    const capacity = chatCapacityOf(v);
    if (capacity !== undefined && String(capacity) !== String(v[CAPACITY_WAS] ?? "0")) {
      await api.request("PUT", `/agents/${saved.id}/chat-capacity`, { capacity });
    }
    if (v.password && !("username" in v && v.username)) {
      await api.request("POST", `/users/${saved.id}/password`, { password: v.password });
    }
    const skills = levelList(v, "skills", "level");
    const isNew = "username" in v && v.username;
    if (isNew && skills.length === 0) return;
    await api.request("PUT", `/users/${saved.id}/skills`, { skills });
  },
};

export const teamsResource: AdminResource = {
  id: "teams",
  title: "admin.teams.title",
  intro: "admin.teams.intro",
  path: "/teams",
  listKey: "teams",
  itemKey: "team",
  updateMethod: "PUT",
  versioned: true,
  deletable: true,
  columns: [
    { label: "admin.teams.name", value: (team) => String(team.name) },
    { label: "admin.teams.members", value: (team) => String(team.members) },
  ],
  fields: [{ key: "name", label: "admin.teams.name", type: "text", required: true }],
  name: (team) => String(team.name),
  toForm: (team) => ({ name: text(team?.name) }),
  toBody: (v) => ({ name: String(v.name).trim() }),
};

export const skillsResource: AdminResource = {
  id: "skills",
  title: "admin.skills.title",
  intro: "admin.skills.intro",
  path: "/skills",
  listKey: "skills",
  itemKey: "skill",
  updateMethod: "PUT",
  versioned: true,
  deletable: true,
  columns: [
    { label: "admin.skills.name", value: (s) => String(s.name) },
    { label: "admin.skills.description", value: (s) => text(s.description) },
    { label: "admin.skills.agents", value: (s) => String(s.agents) },
    { label: "admin.skills.queues", value: (s) => ((s.queues ?? []) as string[]).join(", ") },
  ],
  fields: [
    {
      key: "name",
      label: "admin.skills.name",
      hint: "admin.skills.nameHint",
      type: "text",
      required: true,
    },
    { key: "description", label: "admin.skills.description", type: "text" },
  ],
  name: (s) => String(s.name),
  toForm: (s) => ({ name: text(s?.name), description: text(s?.description) }),
  toBody: (v) => ({ name: String(v.name).trim(), description: String(v.description).trim() }),
};

export const reasonsResource: AdminResource = {
  id: "reasons",
  title: "admin.reasons.title",
  intro: "admin.reasons.intro",
  path: "/reason-codes",
  listKey: "reason_codes",
  itemKey: "reason_code",
  updateMethod: "PUT",
  versioned: true,
  deletable: true,
  columns: [
    { label: "admin.reasons.label", value: (r) => String(r.label) },
    { label: "admin.reasons.code", value: (r) => String(r.code) },
    {
      label: "admin.reasons.paid",
      value: (r) => r.paid ? t("admin.form.yes") : t("admin.form.no"),
    },
    { label: "admin.reasons.limit", value: (r) => text(r.limit_s) },
  ],
  fields: [
    { key: "label", label: "admin.reasons.label", type: "text", required: true },
    {
      key: "code",
      label: "admin.reasons.code",
      hint: "admin.reasons.codeHint",
      type: "text",
      required: true,
    },
    { key: "paid", label: "admin.reasons.paid", type: "checkbox" },
    {
      key: "limit_s",
      label: "admin.reasons.limit",
      hint: "admin.reasons.limitHint",
      type: "number",
    },
  ],
  name: (r) => String(r.label),
  toForm: (r) => ({
    label: text(r?.label),
    code: text(r?.code),
    paid: r?.paid === true,
    limit_s: text(r?.limit_s),
  }),
  toBody: (v) => ({
    code: String(v.code).trim(),
    label: String(v.label).trim(),
    paid: v.paid === true,
    limit_s: nullableNumber(v.limit_s),
  }),
};
