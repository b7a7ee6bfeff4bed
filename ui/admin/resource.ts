/**
 * What one admin screen edits, described as data: where its list comes from, which
 * columns the list shows, which fields the form has and how the form becomes the API's
 * body. `cc-admin-resource` renders any of them; the data moves through
 * {@linkcode ResourceController}.
 *
 * @module
 */

import type { ApiClient } from "../common/api_client.ts";
import type { HubEvent } from "../common/events_controller.ts";
import type { MessageKey } from "../common/i18n.ts";

/** A record as the API lists it. */
export type Item = Record<string, unknown> & { id: number };

/** Other lists a screen needs for its choices (teams for users, queues for numbers). */
export type Lookups = Record<string, Item[]>;

/** Form values by field key, as the inputs hold them. */
export type FormValues = Record<string, string | boolean | Record<string, string>>;

/** One choice in a select. */
export interface Choice {
  value: string;
  label: string;
}

/** One input of a form. */
export interface FieldSpec {
  /** Form key; also the API's field path, so a refused value is shown at its field. */
  key: string;
  label: MessageKey;
  /** What the setting does, shown under it. */
  hint?: MessageKey;
  type: "text" | "password" | "number" | "select" | "checkbox" | "levels" | "checks";
  required?: boolean;
  /** Shown only when adding (a username cannot change). */
  onlyNew?: boolean;
  /**
   * The choices of a select, the rows of a "levels" field (one number per row) or of a
   * "checks" field (one checkbox per row; checked rows hold "on").
   */
  choices?: (lookups: Lookups, values: FormValues) => Choice[];
  /** Other API paths that refused values for this field come back under. */
  aliases?: string[];
  /**
   * A line under the field saying what the form's values give, asked of the API as they
   * change (a trunk's dial plan on a sample number); null shows nothing.
   */
  preview?: (values: FormValues, api: ApiClient) => Promise<string | null>;
}

/** A column of the list. */
export interface ColumnSpec {
  label: MessageKey;
  value: (item: Item, lookups: Lookups) => string;
}

/** One screen's resource. */
export interface AdminResource {
  /** The section id (`users`), used for test ids too. */
  id: string;
  title: MessageKey;
  intro: MessageKey;
  /** The list endpoint (`/users`); items are at `${path}/${id}`. */
  path: string;
  /** The key the list answer holds its items under (`users`). */
  listKey: string;
  /** The key a single answer holds its item under (`user`). */
  itemKey: string;
  /** How an existing item is changed. */
  updateMethod: "PUT" | "PATCH";
  /** Whether the API refuses stale saves through If-Match. */
  versioned?: boolean;
  /** Whether items can be deleted. */
  deletable?: boolean;
  /** Other lists to load for choices and columns: name → API path and list key. */
  lookups?: Record<string, { path: string; key: string }>;
  columns: ColumnSpec[];
  fields: FieldSpec[];
  /** The name an item goes by in headings and confirmations. */
  name: (item: Item) => string;
  /** Form values for an item, or for a new one. */
  toForm: (
    item: Item | undefined,
    lookups: Lookups,
    api: ApiClient,
  ) => FormValues | Promise<FormValues>;
  /** The API body for the form; `isNew` when adding. */
  toBody: (values: FormValues, isNew: boolean) => Record<string, unknown>;
  /**
   * Applies a live event to the list: the changed items, or null when the event is not
   * about this screen. Lets a screen show state that changes on its own (trunk health).
   */
  live?: (items: Item[], event: HubEvent) => Item[] | null;
  /**
   * Values the form refuses before anything is sent, by field key, with the message to
   * show there: for a value another endpoint takes after the save (`afterSave`), which
   * would otherwise be refused only once the item is already saved.
   */
  check?: (values: FormValues) => Record<string, string>;
  /** Writes that belong to the same save but go to another endpoint (an agent's skills). */
  afterSave?: (api: ApiClient, saved: Item, values: FormValues) => Promise<void>;
}

/** Text as a number, or undefined when empty (an optional setting left out). */
export function optionalNumber(value: unknown): number | undefined {
  const text = String(value ?? "").trim();
  return text === "" ? undefined : Number(text);
}

/** Text as a number, or null when empty (a setting cleared). */
export function nullableNumber(value: unknown): number | null {
  return optionalNumber(value) ?? null;
}

/** The text of a value for an input. */
export function text(value: unknown): string {
  return value === undefined || value === null ? "" : String(value);
}
