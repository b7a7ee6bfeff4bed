import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { ApiClient } from "../../common/api_client.ts";
import type { FlowDoc, FlowProblem } from "./flow_model.ts";

/** A flow as `/ivr/flows` lists it. */
export interface FlowListItem {
  id: number;
  name: string;
  description: string;
  published_version: number | null;
  draft_version: number | null;
  dids: string[];
  revision: number;
  saved_by: string | null;
  updated_at: string;
}

/** What an import answered: the flow and the problems its draft still has. */
export interface ImportResult {
  flow: FlowListItem;
  problems: FlowProblem[];
  created: boolean;
}

/** The list of call flows, and creating, duplicating, importing and deleting them. */
export class FlowsController implements ReactiveController {
  flows: FlowListItem[] = [];
  loading = false;
  error: string | null = null;

  constructor(private readonly host: ReactiveControllerHost, private readonly api: ApiClient) {
    host.addController(this);
  }

  hostConnected(): void {}

  async load(): Promise<void> {
    this.loading = true;
    this.host.requestUpdate();
    try {
      this.flows = (await this.api.request<{ flows: FlowListItem[] }>("GET", "/ivr/flows")).flows;
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.loading = false;
      this.host.requestUpdate();
    }
  }

  /** Creates a flow that welcomes and says goodbye; returns its id. */
  async create(name: string): Promise<number> {
    const answer = await this.api.request<{ flow: FlowListItem }>("POST", "/ivr/flows", { name });
    await this.load();
    return answer.flow.id;
  }

  /** Copies a flow's draft (else its published version) under a new name; returns its id. */
  async duplicate(flow: FlowListItem, name: string): Promise<number> {
    const detail = await this.api.request<{ draft: FlowDoc | null; published: FlowDoc | null }>(
      "GET",
      `/ivr/flows/${flow.id}`,
    );
    const definition = detail.draft ?? detail.published;
    const answer = await this.api.request<{ flow: FlowListItem }>("POST", "/ivr/flows", {
      name,
      description: flow.description,
      definition: definition ? { ...definition, name } : undefined,
    });
    await this.load();
    return answer.flow.id;
  }

  /**
   * Imports a flow document: a new flow, or a new draft of the flow with its name. A file
   * that fails the schema is refused with every problem (an ApiError) and nothing changes.
   */
  async importDocument(document: unknown): Promise<ImportResult> {
    const answer = await this.api.request<ImportResult>("POST", "/ivr/flows/import", document);
    await this.load();
    return answer;
  }

  /** Deletes a flow; the server refuses (409) while a number routes to it. */
  async remove(flow: FlowListItem): Promise<void> {
    await this.api.request("DELETE", `/ivr/flows/${flow.id}`);
    await this.load();
  }

  /** Where the browser downloads a flow's document. */
  exportUrl(flow: FlowListItem): string {
    return `/api/v1/ivr/flows/${flow.id}/export`;
  }
}
