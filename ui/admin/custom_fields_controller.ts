import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { ApiClient } from "../common/api_client.ts";

/** The types a custom field can have, as the API names them. */
export const FIELD_TYPES = ["text", "number", "date", "boolean", "choice"] as const;

/** A custom customer field as `GET /crm/custom-fields` lists it. */
export interface CustomField {
  key: string;
  label: string;
  type: typeof FIELD_TYPES[number];
  choices: string[];
  required: boolean;
}

/** The custom field definitions: listed, defined (added or changed) and removed. */
export class CustomFieldsController implements ReactiveController {
  fields: CustomField[] = [];
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
      this.fields = (await this.api.request<{ fields: CustomField[] }>(
        "GET",
        "/crm/custom-fields",
      )).fields;
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
    this.host.requestUpdate();
  }

  /** Adds the field, or changes the one with the same key; rejects with the API's refusal. */
  async define(field: CustomField): Promise<CustomField> {
    const body = { ...field, choices: field.type === "choice" ? field.choices : [] };
    const saved = (await this.api.request<{ field: CustomField }>(
      "POST",
      "/crm/custom-fields",
      body,
    )).field;
    await this.load();
    return saved;
  }

  async remove(key: string): Promise<void> {
    await this.api.request("DELETE", `/crm/custom-fields/${encodeURIComponent(key)}`);
    await this.load();
  }
}
