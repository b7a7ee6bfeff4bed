/**
 * The Queues screen: strategy, required skills, service level and timers, with what
 * each setting does next to it.
 *
 * @module
 */

import { type MessageKey, t } from "../common/i18n.ts";
import { type AdminResource, type FormValues, optionalNumber, text } from "./resource.ts";

const STRATEGIES = [
  "longest_idle",
  "least_calls",
  "fewest_handle_seconds",
  "round_robin",
  "ring_all",
  "skills_weighted",
] as const;

/** Settings the form does not show, kept as they are when the queue is saved. */
const KEPT = "_kept";

export const queuesResource: AdminResource = {
  id: "queues",
  title: "admin.queues.title",
  intro: "admin.queues.intro",
  path: "/queues",
  listKey: "queues",
  itemKey: "queue",
  updateMethod: "PUT",
  versioned: true,
  deletable: true,
  lookups: {
    skills: { path: "/skills", key: "skills" },
    users: { path: "/users", key: "users" },
  },
  columns: [
    { label: "admin.queues.name", value: (q) => String(q.name) },
    {
      label: "admin.queues.strategy",
      value: (q) => t(`admin.queues.strategy.${q.strategy}` as MessageKey),
    },
    {
      label: "admin.queues.skillsColumn",
      value: (q) =>
        ((q.skills ?? []) as { skill: string; min_level: number }[])
          .map((s) => `${s.skill} ≥ ${s.min_level}`).join(", "),
    },
    {
      label: "admin.queues.members",
      value: (q) => String(((q.members ?? []) as unknown[]).length),
    },
    { label: "admin.queues.serviceLevelColumn", value: (q) => `${q.service_level_s} s` },
  ],
  fields: [
    { key: "name", label: "admin.queues.name", type: "text", required: true },
    {
      key: "strategy",
      label: "admin.queues.strategy",
      hint: "admin.queues.strategyHint",
      type: "select",
      choices: () =>
        STRATEGIES.map((s) => ({
          value: s,
          label: t(`admin.queues.strategy.${s}` as MessageKey),
        })),
    },
    {
      key: "skills",
      label: "admin.queues.skills",
      hint: "admin.queues.skillsHint",
      type: "levels",
      choices: (l) =>
        (l.skills ?? []).map((s) => ({ value: String(s.name), label: String(s.name) })),
    },
    {
      key: "members",
      label: "admin.queues.members",
      hint: "admin.queues.membersHint",
      type: "checks",
      choices: (l) =>
        (l.users ?? []).filter((u) => u.extension && u.active !== false).map((u) => ({
          value: String(u.id),
          label: `${u.display_name} (${u.extension})`,
        })),
    },
    {
      key: "service_level_s",
      label: "admin.queues.serviceLevel",
      hint: "admin.queues.serviceLevelHint",
      type: "number",
    },
    {
      key: "short_abandon_s",
      label: "admin.queues.shortAbandon",
      hint: "admin.queues.shortAbandonHint",
      type: "number",
    },
    {
      key: "ring_timeout_s",
      label: "admin.queues.ringTimeout",
      hint: "admin.queues.ringTimeoutHint",
      type: "number",
      aliases: ["options.ring_timeout_s"],
    },
    {
      key: "wrap_up_s",
      label: "admin.queues.wrapUp",
      hint: "admin.queues.wrapUpHint",
      type: "number",
      aliases: ["options.wrap_up_s", "options.max_wrap_up_s"],
    },
    {
      key: "max_waiting_calls",
      label: "admin.queues.maxWaiting",
      hint: "admin.queues.maxWaitingHint",
      type: "number",
      aliases: ["options.max_waiting_calls"],
    },
    {
      key: "music_on_hold",
      label: "admin.queues.music",
      hint: "admin.queues.musicHint",
      type: "text",
      aliases: ["options.music_on_hold"],
    },
    {
      key: "disposition_required",
      label: "admin.queues.disposition",
      type: "checkbox",
      aliases: ["options.disposition_required"],
    },
  ],
  name: (q) => String(q.name),
  toForm: (q): FormValues => {
    const o = (q?.options ?? {}) as Record<string, unknown>;
    const skills = (q?.skills ?? []) as { skill: string; min_level: number }[];
    return {
      name: text(q?.name),
      strategy: String(q?.strategy ?? "longest_idle"),
      skills: Object.fromEntries(skills.map((s) => [s.skill, String(s.min_level)])),
      members: Object.fromEntries(
        ((q?.members ?? []) as { user_id: number }[]).map((m) => [String(m.user_id), "on"]),
      ),
      service_level_s: text(q?.service_level_s ?? 20),
      short_abandon_s: text(q?.short_abandon_s ?? 20),
      ring_timeout_s: text(o.ring_timeout_s),
      wrap_up_s: text(o.wrap_up_s),
      max_waiting_calls: text(o.max_waiting_calls),
      music_on_hold: text(o.music_on_hold),
      disposition_required: o.disposition_required === true,
      [KEPT]: JSON.stringify({ options: o, members: q?.members ?? [] }),
    };
  },
  toBody: (v) => {
    const kept = JSON.parse(String(v[KEPT] ?? "{}")) as {
      options?: Record<string, unknown>;
      members?: unknown[];
    };
    const levels = (v.skills ?? {}) as Record<string, string>;
    const options: Record<string, unknown> = {
      ...kept.options,
      ring_timeout_s: optionalNumber(v.ring_timeout_s),
      wrap_up_s: optionalNumber(v.wrap_up_s),
      max_waiting_calls: optionalNumber(v.max_waiting_calls),
      music_on_hold: String(v.music_on_hold ?? "").trim() || undefined,
      disposition_required: v.disposition_required === true || undefined,
    };
    return {
      name: String(v.name).trim(),
      strategy: v.strategy,
      skills: Object.entries(levels)
        .filter(([, level]) => String(level).trim() !== "")
        .map(([skill, level]) => ({ skill, min_level: Number(level) })),
      service_level_s: optionalNumber(v.service_level_s),
      short_abandon_s: optionalNumber(v.short_abandon_s),
      members: Object.entries((v.members ?? {}) as Record<string, string>)
        .filter(([, on]) => on === "on")
        .map(([id]) => ({
          user_id: Number(id),
          penalty: (kept.members as { user_id: number; penalty: number }[] | undefined)
            ?.find((m) => m.user_id === Number(id))?.penalty ?? 0,
        })),
      options: JSON.parse(JSON.stringify(options)),
    };
  },
};
