import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { ApiClient } from "../common/api_client.ts";

/** A prompt as `/ivr/prompts` lists it. */
export interface Prompt {
  name: string;
  language: "en" | "zh-CN";
  builtin: boolean;
  text: string | null;
  path: string | null;
  duration_ms: number | null;
  description: string;
}

/** The prompt catalogue, and uploading a recording into it. */
export class PromptsController implements ReactiveController {
  prompts: Prompt[] = [];
  error: string | null = null;

  constructor(private readonly host: ReactiveControllerHost, private readonly api: ApiClient) {
    host.addController(this);
  }

  hostConnected(): void {}

  async load(): Promise<void> {
    try {
      this.prompts = (await this.api.request<{ prompts: Prompt[] }>("GET", "/ivr/prompts")).prompts;
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    }
    this.host.requestUpdate();
  }

  /** Prompts whose name, text or description contains every word of `query`. */
  filter(query: string): Prompt[] {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return this.prompts.filter((p) => {
      const text = `${p.name} ${p.language} ${p.text ?? ""} ${p.description}`.toLowerCase();
      return words.every((w) => text.includes(w));
    });
  }

  /** Uploads a recording; the server converts it and refuses what is not audio. */
  async upload(name: string, language: string, description: string, file: File): Promise<void> {
    const query = new URLSearchParams({ name, language });
    if (description) query.set("description", description);
    await this.api.upload(`/ivr/prompts?${query}`, file, file.type || "audio/wav");
    await this.load();
  }
}
