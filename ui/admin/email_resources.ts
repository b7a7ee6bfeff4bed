/**
 * The Mailboxes screen: the addresses whose e-mail becomes cases, where they are read
 * (IMAP) and sent from (SMTP), and how each one is doing.
 *
 * @module
 */

import { t } from "../common/i18n.ts";
import {
  type AdminResource,
  type FormValues,
  type Item,
  nullableNumber,
  optionalNumber,
  text,
} from "./resource.ts";

type Server = { host?: string; port?: number; tls?: boolean; user?: string; folder?: string };

/** A mailbox's state in words: reading, or failing with how many tries. */
export function mailboxStatus(item: Item): string {
  const failures = Number(item.failures ?? 0);
  if (failures > 0) return t("admin.mailboxes.failing", { count: failures });
  if (!item.last_fetch_at) return t("admin.mailboxes.neverFetched");
  return t("admin.mailboxes.ok");
}

export const mailboxesResource: AdminResource = {
  id: "mailboxes",
  title: "admin.mailboxes.title",
  intro: "admin.mailboxes.intro",
  path: "/mailboxes",
  listKey: "mailboxes",
  itemKey: "mailbox",
  updateMethod: "PATCH",
  deletable: true,
  lookups: { queues: { path: "/queues", key: "queues" } },
  columns: [
    { label: "admin.mailboxes.name", value: (m) => String(m.name) },
    { label: "admin.mailboxes.address", value: (m) => String(m.address) },
    {
      label: "admin.mailboxes.imapHost",
      value: (m) => {
        const imap = m.imap as Server;
        return `${imap.host}:${imap.port}`;
      },
    },
    { label: "admin.mailboxes.status", value: (m) => mailboxStatus(m) },
  ],
  fields: [
    { key: "name", label: "admin.mailboxes.name", type: "text", required: true },
    { key: "address", label: "admin.mailboxes.address", type: "text", required: true },
    { key: "imap.host", label: "admin.mailboxes.imapHost", type: "text", required: true },
    { key: "imap.port", label: "admin.mailboxes.imapPort", type: "number" },
    { key: "imap.tls", label: "admin.mailboxes.imapTls", type: "checkbox" },
    { key: "imap.user", label: "admin.mailboxes.imapUser", type: "text", required: true },
    {
      key: "imap.password",
      label: "admin.mailboxes.imapPassword",
      hint: "admin.mailboxes.passwordHint",
      type: "password",
    },
    { key: "imap.folder", label: "admin.mailboxes.folder", type: "text" },
    { key: "smtp.host", label: "admin.mailboxes.smtpHost", type: "text", required: true },
    { key: "smtp.port", label: "admin.mailboxes.smtpPort", type: "number" },
    { key: "smtp.tls", label: "admin.mailboxes.smtpTls", type: "checkbox" },
    { key: "smtp.user", label: "admin.mailboxes.smtpUser", type: "text" },
    {
      key: "smtp.password",
      label: "admin.mailboxes.smtpPassword",
      hint: "admin.mailboxes.passwordHint",
      type: "password",
    },
    {
      key: "queue_id",
      label: "admin.queues.title",
      type: "select",
      choices: (l) => [
        { value: "", label: t("admin.form.none") },
        ...(l.queues ?? []).map((q) => ({ value: String(q.id), label: String(q.name) })),
      ],
    },
    { key: "service_level_s", label: "admin.mailboxes.serviceLevel", type: "number" },
    { key: "poll_s", label: "admin.mailboxes.poll", type: "number" },
    { key: "acknowledge", label: "admin.mailboxes.acknowledge", type: "checkbox" },
    { key: "enabled", label: "admin.mailboxes.enabled", type: "checkbox" },
  ],
  name: (m) => String(m.name),
  toForm: (m): FormValues => {
    const imap = (m?.imap ?? {}) as Server;
    const smtp = (m?.smtp ?? {}) as Server;
    return {
      name: text(m?.name),
      address: text(m?.address),
      "imap.host": text(imap.host),
      "imap.port": text(imap.port ?? 993),
      "imap.tls": imap.tls ?? true,
      "imap.user": text(imap.user),
      "imap.password": "",
      "imap.folder": text(imap.folder ?? "INBOX"),
      "smtp.host": text(smtp.host),
      "smtp.port": text(smtp.port ?? 465),
      "smtp.tls": smtp.tls ?? true,
      "smtp.user": text(smtp.user),
      "smtp.password": "",
      queue_id: text(m?.queue_id),
      service_level_s: text(m?.service_level_s ?? 86_400),
      poll_s: text(m?.poll_s ?? 30),
      acknowledge: m ? m.acknowledge === true : true,
      enabled: m ? m.enabled === true : true,
    };
  },
  toBody: (v, isNew) => {
    const password = (key: string) => {
      const value = String(v[key] ?? "");
      // Left empty on an existing mailbox: the stored password stays.
      return value === "" && !isNew ? "" : value;
    };
    return {
      name: String(v.name).trim(),
      address: String(v.address).trim(),
      imap: {
        host: String(v["imap.host"]).trim(),
        port: optionalNumber(v["imap.port"]),
        tls: v["imap.tls"] === true,
        user: String(v["imap.user"]).trim(),
        password: password("imap.password"),
        folder: String(v["imap.folder"]).trim() || undefined,
      },
      smtp: {
        host: String(v["smtp.host"]).trim(),
        port: optionalNumber(v["smtp.port"]),
        tls: v["smtp.tls"] === true,
        user: String(v["smtp.user"]).trim(),
        password: password("smtp.password"),
      },
      queue_id: nullableNumber(v.queue_id),
      service_level_s: optionalNumber(v.service_level_s),
      poll_s: optionalNumber(v.poll_s),
      acknowledge: v.acknowledge === true,
      enabled: v.enabled === true,
    };
  },
};
