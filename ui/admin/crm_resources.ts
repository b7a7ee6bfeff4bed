/**
 * The CRM settings screens: wrap-up dispositions, and which queues offer each.
 *
 * @module
 */

import { t } from "../common/i18n.ts";
import { type AdminResource, type FormValues, text } from "./resource.ts";

export const dispositionsResource: AdminResource = {
  id: "dispositions",
  title: "admin.dispositions.title",
  intro: "admin.dispositions.intro",
  path: "/dispositions",
  listKey: "dispositions",
  itemKey: "disposition",
  updateMethod: "PATCH",
  lookups: { queues: { path: "/queues", key: "queues" } },
  columns: [
    { label: "admin.dispositions.label", value: (d) => String(d.label) },
    { label: "admin.dispositions.code", value: (d) => String(d.code) },
    {
      label: "admin.dispositions.resolves",
      value: (d) => d.resolves ? t("admin.form.yes") : t("admin.form.no"),
    },
    {
      label: "admin.dispositions.queues",
      value: (d, l) => {
        const ids = (d.queue_ids ?? []) as number[];
        if (ids.length === 0) return t("admin.dispositions.allQueues");
        return ids.map((id) => String((l.queues ?? []).find((q) => q.id === id)?.name ?? id))
          .join(", ");
      },
    },
    {
      label: "admin.dispositions.active",
      value: (d) => d.active ? t("admin.form.yes") : t("admin.form.no"),
    },
  ],
  fields: [
    { key: "label", label: "admin.dispositions.label", type: "text", required: true },
    {
      key: "code",
      label: "admin.dispositions.code",
      hint: "admin.dispositions.codeHint",
      type: "text",
      required: true,
      onlyNew: true,
    },
    {
      key: "resolves",
      label: "admin.dispositions.resolves",
      hint: "admin.dispositions.resolvesHint",
      type: "checkbox",
    },
    {
      key: "queue_ids",
      label: "admin.dispositions.queues",
      hint: "admin.dispositions.queuesHint",
      type: "checks",
      choices: (l) => (l.queues ?? []).map((q) => ({ value: String(q.id), label: String(q.name) })),
    },
    { key: "active", label: "admin.dispositions.active", type: "checkbox" },
  ],
  name: (d) => String(d.label),
  toForm: (d): FormValues => ({
    label: text(d?.label),
    code: text(d?.code),
    resolves: d?.resolves === true,
    active: d ? d.active === true : true,
    queue_ids: Object.fromEntries(
      ((d?.queue_ids ?? []) as number[]).map((id) => [String(id), "on"]),
    ),
  }),
  toBody: (v, isNew) => {
    const body: Record<string, unknown> = {
      label: String(v.label).trim(),
      resolves: v.resolves === true,
      active: v.active === true,
      queue_ids: Object.entries((v.queue_ids ?? {}) as Record<string, string>)
        .filter(([, on]) => on === "on").map(([id]) => Number(id)),
    };
    if (isNew) body.code = String(v.code).trim();
    return body;
  },
};
