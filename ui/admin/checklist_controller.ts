import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import type { MessageKey } from "../common/i18n.ts";

/** One step to a first call: what it is, where it is done and whether it is. */
export interface ChecklistStep {
  id: string;
  label: MessageKey;
  /** The section that does it. */
  section: string;
  done: boolean;
}

type Lists = Record<string, Record<string, unknown>[] | Record<string, unknown>>;

const SOURCES: Record<string, [path: string, key: string]> = {
  center: ["/center", "center"],
  skills: ["/skills", "skills"],
  teams: ["/teams", "teams"],
  users: ["/users", "users"],
  queues: ["/queues", "queues"],
  trunks: ["/trunks", "trunks"],
  numbers: ["/numbers", "numbers"],
  schedules: ["/ivr/schedules", "schedules"],
};

/** The steps, decided from what the center has. */
export function checklistSteps(lists: Lists): ChecklistStep[] {
  const list = (name: string) => {
    const value = lists[name];
    return Array.isArray(value) ? value : [];
  };
  const has = (name: string) => list(name).length > 0;
  const agents = list("users").filter((u) => u.role === "agent" && u.extension);
  const center = lists.center as { configured?: boolean } | undefined;
  return [
    {
      id: "center",
      label: "admin.checklist.center",
      section: "center",
      done: center?.configured === true,
    },
    { id: "skills", label: "admin.checklist.skills", section: "skills", done: has("skills") },
    { id: "teams", label: "admin.checklist.teams", section: "teams", done: has("teams") },
    { id: "agents", label: "admin.checklist.agents", section: "users", done: agents.length > 0 },
    { id: "queues", label: "admin.checklist.queues", section: "queues", done: has("queues") },
    { id: "trunks", label: "admin.checklist.trunks", section: "trunks", done: has("trunks") },
    { id: "numbers", label: "admin.checklist.numbers", section: "numbers", done: has("numbers") },
    { id: "hours", label: "admin.checklist.hours", section: "hours", done: has("schedules") },
  ];
}

/** Loads what the checklist looks at, again after every change an admin saves. */
export class ChecklistController implements ReactiveController {
  steps: ChecklistStep[] = [];
  loaded = false;

  constructor(private readonly host: ReactiveControllerHost, private readonly api: ApiClient) {
    host.addController(this);
  }

  hostConnected(): void {}

  async load(): Promise<void> {
    const lists: Lists = {};
    await Promise.all(
      Object.entries(SOURCES).map(async ([name, [path, key]]) => {
        try {
          const answer = await this.api.request<Lists>("GET", path);
          lists[name] = (answer as Record<string, Lists[string]>)[key] ?? [];
        } catch {
          lists[name] = [];
        }
      }),
    );
    this.steps = checklistSteps(lists);
    this.loaded = true;
    this.host.requestUpdate();
  }
}
