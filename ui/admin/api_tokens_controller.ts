import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { issuesByField } from "./issues_by_field.ts";

/** An API token as `/auth/tokens` lists it: never its secret. */
export interface ApiToken {
  id: number;
  name: string;
  created_at: string;
  last_used_at: string | null;
}

/** The signed-in user's API tokens: list, create (the secret held until dismissed), revoke. */
export class ApiTokensController implements ReactiveController {
  tokens: ApiToken[] = [];
  /** The token just made, with its secret, until the admin says it is copied. */
  created: { name: string; token: string } | null = null;
  error: string | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly api: Pick<ApiClient, "request">,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** The secret leaves memory with the element, never to be shown again. */
  hostDisconnected(): void {
    this.created = null;
  }

  async load(): Promise<void> {
    try {
      this.tokens = (await this.api.request<{ tokens: ApiToken[] }>("GET", "/auth/tokens")).tokens;
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    }
    this.host.requestUpdate();
  }

  /** Creates a token; refusals come back by field. */
  async create(name: string): Promise<Record<string, string> | null> {
    try {
      const made = await this.api.request<{ id: number; name: string; token: string }>(
        "POST",
        "/auth/tokens",
        { name },
      );
      this.created = { name: made.name, token: made.token };
    } catch (error) {
      return issuesByField(error, "name");
    }
    await this.load();
    return null;
  }

  dismissSecret(): void {
    this.created = null;
    this.host.requestUpdate();
  }

  async revoke(id: number): Promise<void> {
    try {
      await this.api.request("DELETE", `/auth/tokens/${id}`);
    } catch (error) {
      this.error = (error as Error).message;
    }
    await this.load();
  }
}
