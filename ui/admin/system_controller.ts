import type { ReactiveController, ReactiveControllerHost } from "lit";
import { refusalMessage } from "./refusal_messages.ts";
import type { ApiClient, Health } from "../common/api_client.ts";

/** One row of the audit log, as `/audit` lists it. */
export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  ip: string | null;
}

/** The appliance's version and uptime, and the audit log filtered by entity. */
export class SystemController implements ReactiveController {
  health: Health | null = null;
  entries: AuditEntry[] = [];
  error: string | null = null;

  constructor(private readonly host: ReactiveControllerHost, private readonly api: ApiClient) {
    host.addController(this);
  }

  hostConnected(): void {}

  async load(entity = ""): Promise<void> {
    try {
      const query = new URLSearchParams({ limit: "200" });
      if (entity) query.set("entity", entity);
      const [health, audit] = await Promise.all([
        this.api.health(),
        this.api.request<{ entries: AuditEntry[] }>("GET", `/audit?${query}`),
      ]);
      this.health = health;
      this.entries = audit.entries;
      this.error = null;
    } catch (error) {
      this.error = refusalMessage(error);
    }
    this.host.requestUpdate();
  }

  /** Entries whose actor, action or entity id contains every word of `query`. */
  filter(query: string): AuditEntry[] {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return this.entries.filter((e) => {
      const text = `${e.actor} ${e.action} ${e.entity} ${e.entity_id ?? ""} ${e.at}`.toLowerCase();
      return words.every((w) => text.includes(w));
    });
  }
}
