/**
 * The Telephony screens: trunks from the PBX and the numbers dialed on them.
 *
 * @module
 */

import type { ApiClient } from "../common/api_client.ts";
import type { HubEvent } from "../common/events_controller.ts";
import { type MessageKey, t } from "../common/i18n.ts";
import {
  type AdminResource,
  type FormValues,
  type Item,
  nullableNumber,
  optionalNumber,
  text,
} from "./resource.ts";

/**
 * A trunk's health (OPTIONS answered or not) and registration state as the event hub
 * reports them, applied to the listed trunks; null for other events.
 */
export function applyTrunkEvent(items: Item[], event: HubEvent): Item[] | null {
  if (event.type !== "trunk.health" && event.type !== "trunk.registration") return null;
  const id = Number(event.data.trunk_id);
  if (!items.some((item) => item.id === id)) return null;
  const { trunk_id: _id, name: _name, ...change } = event.data;
  return items.map((item) => {
    if (item.id !== id) return item;
    return event.type === "trunk.health"
      ? { ...item, health: change.health }
      : { ...item, registration: change };
  });
}

export const trunksResource: AdminResource = {
  id: "trunks",
  title: "admin.trunks.title",
  intro: "admin.trunks.intro",
  path: "/trunks",
  listKey: "trunks",
  itemKey: "trunk",
  updateMethod: "PUT",
  deletable: true,
  live: applyTrunkEvent,
  columns: [
    { label: "admin.trunks.name", value: (tr) => String(tr.name) },
    { label: "admin.trunks.host", value: (tr) => `${tr.host}:${tr.port}` },
    { label: "admin.trunks.allow", value: (tr) => ((tr.allow_cidrs ?? []) as string[]).join(", ") },
    {
      label: "admin.trunks.health",
      value: (tr) => tr.health ? t(`admin.trunks.health.${tr.health}` as MessageKey) : "",
    },
    {
      label: "admin.trunks.registration",
      value: (tr) => {
        const reg = tr.registration as { state: string; reason: string | null } | undefined;
        if (!reg) return "";
        const state = t(`admin.trunks.reg.${reg.state}` as MessageKey);
        return reg.reason ? `${state}: ${reg.reason}` : state;
      },
    },
  ],
  fields: [
    { key: "name", label: "admin.trunks.name", type: "text", required: true },
    {
      key: "host",
      label: "admin.trunks.host",
      hint: "admin.trunks.hostHint",
      type: "text",
      required: true,
    },
    { key: "port", label: "admin.trunks.port", type: "number" },
    {
      key: "transport",
      label: "admin.trunks.transport",
      type: "select",
      choices: () => [{ value: "udp", label: "UDP" }, { value: "tcp", label: "TCP" }],
    },
    {
      key: "allow_cidrs",
      label: "admin.trunks.allow",
      hint: "admin.trunks.allowHint",
      type: "text",
    },
    { key: "username", label: "admin.trunks.username", type: "text" },
    {
      key: "password",
      label: "admin.trunks.password",
      hint: "admin.trunks.passwordHint",
      type: "password",
    },
    { key: "register", label: "admin.trunks.register", type: "checkbox" },
    { key: "max_calls", label: "admin.trunks.maxCalls", type: "number" },
    { key: "enabled", label: "admin.trunks.enabled", type: "checkbox" },
    {
      key: "default_country",
      label: "outbound5.trunk.country",
      hint: "outbound5.trunk.countryHint",
      type: "text",
    },
    {
      key: "dial_plan.format",
      label: "outbound5.trunk.format",
      type: "select",
      choices: () =>
        DIAL_FORMATS.map((f) => ({
          value: f,
          label: t(`outbound5.trunk.format.${f}` as MessageKey),
        })),
    },
    {
      key: "dial_plan.strip_prefix",
      label: "outbound5.trunk.strip",
      hint: "outbound5.trunk.stripHint",
      type: "text",
    },
    {
      key: "dial_plan.add_prefix",
      label: "outbound5.trunk.add",
      hint: "outbound5.trunk.addHint",
      type: "text",
    },
    {
      key: "dial_plan.allowed_prefixes",
      label: "outbound5.trunk.allowed",
      hint: "outbound5.trunk.allowedHint",
      type: "text",
    },
    {
      key: "dial_plan.max_outbound",
      label: "outbound5.trunk.maxOutbound",
      hint: "outbound5.trunk.maxOutboundHint",
      type: "number",
    },
    {
      key: "dial_sample",
      label: "outbound5.trunk.sample",
      hint: "outbound5.trunk.sampleHint",
      type: "text",
      preview: dialPreview,
    },
  ],
  name: (tr) => String(tr.name),
  toForm: (tr): FormValues => ({
    name: text(tr?.name),
    host: text(tr?.host),
    port: text(tr?.port ?? 5060),
    transport: String(tr?.transport ?? "udp"),
    allow_cidrs: ((tr?.allow_cidrs ?? []) as string[]).join(", "),
    username: text(tr?.username),
    password: "",
    register: tr?.register === true,
    max_calls: text(tr?.max_calls ?? 30),
    enabled: tr ? tr.enabled === true : true,
    ...dialPlanForm(tr),
  }),
  toBody: (v) => ({
    name: String(v.name).trim(),
    host: String(v.host).trim(),
    port: optionalNumber(v.port),
    transport: v.transport,
    allow_cidrs: String(v.allow_cidrs).split(/[\s,]+/).filter(Boolean),
    username: String(v.username).trim() || null,
    password: String(v.password) || null,
    register: v.register === true,
    max_calls: optionalNumber(v.max_calls),
    enabled: v.enabled === true,
    default_country: String(v.default_country).trim() || undefined,
    dial_plan: dialPlanBody(v),
  }),
};

/** How a trunk's PBX wants numbers: E.164, its digits, or national for the trunk's country. */
const DIAL_FORMATS = ["e164", "digits", "national"] as const;

/** A number the preview tries when the admin has typed none: one outside most countries. */
export const DIAL_SAMPLE = "+442079460000";

/** The dial plan's form values for a trunk (the API's defaults for a new one). */
function dialPlanForm(tr: Item | undefined): FormValues {
  const plan = (tr?.dial_plan ?? {}) as {
    format?: string;
    strip_prefix?: string;
    add_prefix?: string;
    allowed_prefixes?: string[];
    max_outbound?: number | null;
  };
  return {
    default_country: text(tr?.default_country ?? "86"),
    "dial_plan.format": plan.format ?? "e164",
    "dial_plan.strip_prefix": text(plan.strip_prefix),
    "dial_plan.add_prefix": text(plan.add_prefix),
    "dial_plan.allowed_prefixes": (plan.allowed_prefixes ?? []).join(", "),
    "dial_plan.max_outbound": text(plan.max_outbound),
    dial_sample: DIAL_SAMPLE,
  };
}

/** The API's `dial_plan` for the form: prefixes split on commas or spaces, no limit when empty. */
export function dialPlanBody(v: FormValues): Record<string, unknown> {
  return {
    format: v["dial_plan.format"] || "e164",
    strip_prefix: String(v["dial_plan.strip_prefix"] ?? "").trim(),
    add_prefix: String(v["dial_plan.add_prefix"] ?? "").trim(),
    allowed_prefixes: String(v["dial_plan.allowed_prefixes"] ?? "").split(/[\s,]+/)
      .filter(Boolean),
    max_outbound: nullableNumber(v["dial_plan.max_outbound"]),
  };
}

/**
 * "+442079460000 → 00442079460000": what the sample number becomes under the plan in the
 * form, as the server's own dial plan rule answers; null while the plan or the sample is
 * not valid (the save says why, at its field).
 */
export async function dialPreview(v: FormValues, api: ApiClient): Promise<string | null> {
  const number = String(v.dial_sample ?? "").trim();
  if (!number) return null;
  const answer = await api.request<{ dialled?: string; refused?: string }>(
    "POST",
    "/trunks/dial-preview",
    {
      number,
      default_country: String(v.default_country ?? "").trim() || "86",
      dial_plan: dialPlanBody(v),
    },
  ).catch(() => null);
  if (!answer) return null;
  return answer.dialled !== undefined
    ? t("outbound5.trunk.preview", { number, dialled: answer.dialled })
    : t("outbound5.trunk.previewRefused", { number });
}

const TARGETS = ["queue", "ivr", "agent"] as const;

export const numbersResource: AdminResource = {
  id: "numbers",
  title: "admin.numbers.title",
  intro: "admin.numbers.intro",
  path: "/numbers",
  listKey: "numbers",
  itemKey: "number",
  updateMethod: "PUT",
  deletable: true,
  lookups: {
    queue: { path: "/queues", key: "queues" },
    ivr: { path: "/ivr/flows", key: "flows" },
    agent: { path: "/users", key: "users" },
  },
  columns: [
    { label: "admin.numbers.number", value: (n) => String(n.number) },
    { label: "admin.numbers.description", value: (n) => text(n.description) },
    {
      label: "admin.numbers.target",
      value: (n, l) => {
        const target = (l[String(n.target_type)] ?? []).find((x) => x.id === n.target_id);
        return `${t(`admin.numbers.target.${n.target_type}` as MessageKey)}: ${
          target?.name ?? target?.username ?? n.target_id
        }`;
      },
    },
  ],
  fields: [
    { key: "number", label: "admin.numbers.number", type: "text", required: true },
    { key: "description", label: "admin.numbers.description", type: "text" },
    {
      key: "target_type",
      label: "admin.numbers.targetType",
      type: "select",
      choices: () =>
        TARGETS.map((x) => ({ value: x, label: t(`admin.numbers.target.${x}` as MessageKey) })),
    },
    {
      key: "target_id",
      label: "admin.numbers.target",
      type: "select",
      required: true,
      choices: (l, v) => [
        { value: "", label: t("admin.form.none") },
        ...(l[String(v.target_type)] ?? []).map((x) => ({
          value: String(x.id),
          label: String(x.name ?? x.username),
        })),
      ],
    },
    { key: "ring_s", label: "admin.numbers.ring", type: "number" },
  ],
  name: (n) => String(n.number),
  toForm: (n): FormValues => ({
    number: text(n?.number),
    description: text(n?.description),
    target_type: String(n?.target_type ?? "queue"),
    target_id: text(n?.target_id),
    ring_s: text(n?.ring_s ?? 0),
  }),
  toBody: (v) => ({
    number: String(v.number).trim(),
    description: String(v.description).trim(),
    target_type: v.target_type,
    target_id: optionalNumber(v.target_id),
    ring_s: optionalNumber(v.ring_s),
  }),
};
