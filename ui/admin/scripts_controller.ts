import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import type { FieldDef, SampleCustomer } from "./script_variables.ts";

/** A script as the API keeps it. */
export interface AgentScript {
  id: number;
  name: string;
  queue_id: number | null;
  body: string;
  updated_at: string;
}

/** What a save sends. */
export type ScriptInput = Pick<AgentScript, "name" | "queue_id" | "body">;

/** A queue a script can belong to. */
export interface QueueChoice {
  id: number;
  name: string;
}

/** A stored customer the preview can be filled with. */
export interface CustomerChoice {
  id: number;
  name: string;
  phones: string[];
}

/** What `POST /scripts/preview` answers. */
export interface ScriptPreview {
  text: string;
  missing: string[];
  unknown: string[];
}

/** Who and what the preview is filled with. */
export interface PreviewContext {
  /** A stored customer, or the made-up sample when absent. */
  customer?: CustomerChoice;
  sample?: SampleCustomer;
  queue?: string;
}

/** How long the sample call has waited, in seconds. */
export const SAMPLE_WAIT_S = 42;

/**
 * The agent scripts for the admin, with what the editor needs beside them: the
 * renderer's variables, the queues, the custom fields, customers to preview with, and
 * the preview itself (filled in by the server's renderer, so it matches what agents see).
 */
export class ScriptsController implements ReactiveController {
  scripts: AgentScript[] = [];
  variables: string[] = [];
  queues: QueueChoice[] = [];
  fields: FieldDef[] = [];
  error: string | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly api: Pick<ApiClient, "request">,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  async load(): Promise<void> {
    try {
      const [list, queues, fields] = await Promise.all([
        this.api.request<{ scripts: AgentScript[]; variables: string[] }>("GET", "/scripts"),
        this.api.request<{ queues: QueueChoice[] }>("GET", "/queues"),
        this.api.request<{ fields: FieldDef[] }>("GET", "/crm/custom-fields"),
      ]);
      this.scripts = list.scripts;
      this.variables = list.variables;
      this.queues = queues.queues;
      this.fields = fields.fields;
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
    this.host.requestUpdate();
  }

  /** Writes a new script (`id` undefined) or changes one; rejects with the API's refusal. */
  async save(input: ScriptInput, id?: number): Promise<AgentScript> {
    const { script } = await this.api.request<{ script: AgentScript }>(
      id === undefined ? "POST" : "PATCH",
      id === undefined ? "/scripts" : `/scripts/${id}`,
      input,
    );
    await this.load();
    return script;
  }

  async remove(id: number): Promise<void> {
    await this.api.request("DELETE", `/scripts/${id}`);
    await this.load();
  }

  /** Customers whose name starts with `prefix`, to preview with. */
  async findCustomers(prefix: string): Promise<CustomerChoice[]> {
    if (!prefix.trim()) return [];
    const query = new URLSearchParams({ q: prefix.trim(), limit: "10" });
    return (await this.api.request<{ customers: CustomerChoice[] }>(
      "GET",
      `/customers?${query}`,
    )).customers;
  }

  /** `body` filled in for the customer and a call waiting in the queue. */
  async preview(body: string, context: PreviewContext): Promise<ScriptPreview> {
    const request: Record<string, unknown> = { body, wait_s: SAMPLE_WAIT_S };
    if (context.queue) request.queue = context.queue.slice(0, 100);
    if (context.customer) {
      request.customer_id = context.customer.id;
      if (context.customer.phones[0]) request.caller = context.customer.phones[0].slice(0, 40);
    } else if (context.sample) {
      request.sample_customer = context.sample;
      request.caller = context.sample.phone;
    }
    return await this.api.request<ScriptPreview>("POST", "/scripts/preview", request);
  }
}
