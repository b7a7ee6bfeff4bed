import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { HubEvent } from "../common/events_controller.ts";
import { type ApiClient, ApiError } from "../common/api_client.ts";
import { t } from "../common/i18n.ts";
import { fieldMessage, type Issue } from "./field_messages.ts";
import { refusalMessage } from "./refusal_messages.ts";
import type { AdminResource, FormValues, Item, Lookups } from "./resource.ts";

/** Why a save was refused, as the form shows it. */
export interface SaveProblem {
  /** Refused values by field key. */
  fields: Record<string, string>;
  /** What to say above the form. */
  message: string;
  /** Set when someone else changed the record meanwhile. */
  stale?: { who: string; when: string };
  /** The server's error code. */
  code: string;
}

/** The outcome of a save. */
export type SaveResult =
  | { ok: true; item: Item; applied: boolean }
  | { ok: false; problem: SaveProblem };

/**
 * The data behind one admin screen: its list, the lists its choices come from, and the
 * saves and deletes, with refused values mapped back to the fields they belong to.
 * Keeps elements to rendering; testable with a fake host and a fake fetch.
 */
export class ResourceController implements ReactiveController {
  items: Item[] = [];
  lookups: Lookups = {};
  loading = false;
  error: string | null = null;
  #versions = new Map<number, number>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly api: ApiClient,
    public resource: AdminResource,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Switches to another screen's resource, forgetting the last one's list. */
  show(resource: AdminResource): void {
    this.resource = resource;
    this.items = [];
    this.lookups = {};
    this.#versions.clear();
  }

  /** Loads the list and its lookups again. */
  async load(): Promise<void> {
    this.loading = true;
    this.error = null;
    this.host.requestUpdate();
    try {
      const r = this.resource;
      const lookups: Lookups = {};
      await Promise.all(
        Object.entries(r.lookups ?? {}).map(async ([name, source]) => {
          const answer = await this.api.request<Record<string, Item[]>>("GET", source.path);
          lookups[name] = answer[source.key] ?? [];
        }),
      );
      const answer = await this.api.request<Record<string, Item[]>>("GET", r.path);
      this.items = answer[r.listKey] ?? [];
      this.lookups = lookups;
      for (const item of this.items) {
        if (typeof item.version === "number") this.#versions.set(item.id, item.version);
      }
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.loading = false;
      this.host.requestUpdate();
    }
  }

  /** Applies a live event to the list, leaving an open form alone. */
  handleEvent(event: HubEvent): void {
    const changed = this.resource.live?.(this.items, event);
    if (!changed) return;
    this.items = changed;
    this.host.requestUpdate();
  }

  /** Items whose visible text contains every word of `query`, ignoring case. */
  filter(query: string): Item[] {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return this.items;
    return this.items.filter((item) => {
      const haystack = [
        this.resource.name(item),
        ...this.resource.columns.map((c) => c.value(item, this.lookups)),
      ].join(" ").toLowerCase();
      return words.every((w) => haystack.includes(w));
    });
  }

  /** Saves the form as a new item (`id` undefined) or over an existing one. */
  async save(values: FormValues, id?: number): Promise<SaveResult> {
    const r = this.resource;
    const isNew = id === undefined;
    const headers: Record<string, string> = {};
    const version = id === undefined ? undefined : this.#versions.get(id);
    if (r.versioned && version !== undefined) headers["If-Match"] = `"${version}"`;
    try {
      const answer = await this.api.request<Record<string, unknown>>(
        isNew ? "POST" : r.updateMethod,
        isNew ? r.path : `${r.path}/${id}`,
        r.toBody(values, isNew),
        { headers },
      );
      const item = answer[r.itemKey] as Item;
      if (r.afterSave) await r.afterSave(this.api, item, values);
      await this.load();
      return { ok: true, item, applied: answer.applied !== false };
    } catch (error) {
      return { ok: false, problem: problemOf(error, r) };
    }
  }

  /** Deletes an item; a refusal says what still uses it. */
  async remove(id: number): Promise<SaveProblem | null> {
    try {
      await this.api.request("DELETE", `${this.resource.path}/${id}`);
      await this.load();
      return null;
    } catch (error) {
      return problemOf(error, this.resource);
    }
  }
}

/** Maps an API refusal to the fields it names (zod paths such as `options.wrap_up_s`). */
export function problemOf(error: unknown, resource: AdminResource): SaveProblem {
  if (!(error instanceof ApiError)) {
    return { fields: {}, message: String(error), code: "unexpected" };
  }
  const fields: Record<string, string> = {};
  const details = error.details as
    | { issues?: Issue[]; changed_by?: string; changed_at?: string }
    | null;
  for (const issue of details?.issues ?? []) {
    const field = resource.fields.find((f) =>
      issue.path === f.key || issue.path.startsWith(`${f.key}.`) ||
      (f.aliases ?? []).some((a) => issue.path === a || issue.path.startsWith(`${a}.`))
    );
    if (field && !fields[field.key]) fields[field.key] = fieldMessage(issue);
  }
  const stale = error.code === "changed_meanwhile"
    ? { who: details?.changed_by ?? "?", when: details?.changed_at ?? "" }
    : undefined;
  const label = (path: string) => {
    const field = resource.fields.find((f) => path === f.key || path.startsWith(`${f.key}.`));
    return field && t(field.label);
  };
  return { fields, message: refusalMessage(error, label), stale, code: error.code };
}

export type { FormValues };
