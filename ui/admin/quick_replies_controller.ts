import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { ApiClient } from "../common/api_client.ts";

/** A quick reply as the API lists it: the center's (owner null) or the signed-in user's. */
export interface QuickReply {
  id: number;
  owner_id: number | null;
  title: string;
  body: string;
}

/** The center's quick replies for the admin: list, add, remove. */
export class QuickRepliesController implements ReactiveController {
  replies: QuickReply[] = [];
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
      const { replies } = await this.api.request<{ replies: QuickReply[] }>(
        "GET",
        "/quick-replies",
      );
      this.replies = replies.filter((r) => r.owner_id === null);
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
    this.host.requestUpdate();
  }

  /** Adds one of the center's replies; rejects with the API's refusal (unknown variables…). */
  async add(title: string, body: string): Promise<void> {
    await this.api.request("POST", "/quick-replies", { title, body, scope: "center" });
    await this.load();
  }

  async remove(id: number): Promise<void> {
    await this.api.request("DELETE", `/quick-replies/${id}`);
    await this.load();
  }
}
