import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { type PromptUse, refusalMessage } from "./refusal_messages.ts";

/** A prompt as `/ivr/prompts` lists it. */
export interface Prompt {
  name: string;
  language: "en" | "zh-CN";
  builtin: boolean;
  text: string | null;
  path: string | null;
  duration_ms: number | null;
  description: string;
  /** The published flows, drafts and queues that play it. */
  used_by: PromptUse[];
}

/**
 * The prompt catalogue: listing it with what plays each prompt, and adding a prompt from
 * a file, a microphone recording or typed text, or deleting one. Refusals come back in
 * the admin's language.
 */
export class PromptsController implements ReactiveController {
  prompts: Prompt[] = [];
  /** The longest prompt the appliance stores, in ms. */
  maxDurationMs = 300_000;
  error: string | null = null;

  constructor(private readonly host: ReactiveControllerHost, private readonly api: ApiClient) {
    host.addController(this);
  }

  hostConnected(): void {}

  async load(): Promise<void> {
    try {
      const answer = await this.api.request<{ prompts: Prompt[]; max_duration_ms?: number }>(
        "GET",
        "/ivr/prompts",
      );
      this.prompts = answer.prompts.map((p) => ({ ...p, used_by: p.used_by ?? [] }));
      this.maxDurationMs = answer.max_duration_ms ?? this.maxDurationMs;
      this.error = null;
    } catch (error) {
      this.error = refusalMessage(error);
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

  /** Uploads audio (a file or a recording); the server converts it and refuses what is not audio. */
  async upload(name: string, language: string, description: string, audio: Blob): Promise<void> {
    const query = new URLSearchParams({ name, language });
    if (description) query.set("description", description);
    await this.api.upload(`/ivr/prompts?${query}`, audio, audio.type || "audio/wav");
    await this.load();
  }

  /** Stores typed text, spoken by the voice callers hear. */
  async speak(name: string, language: string, text: string, description: string): Promise<void> {
    await this.api.request("POST", "/ivr/prompts/speech", {
      name,
      language,
      text,
      ...(description ? { description } : {}),
    });
    await this.load();
  }

  /** Deletes an uploaded recording; a prompt still played somewhere is refused, saying where. */
  async remove(prompt: Pick<Prompt, "name" | "language">): Promise<void> {
    await this.api.request(
      "DELETE",
      `/ivr/prompts/${encodeURIComponent(prompt.language)}/${encodeURIComponent(prompt.name)}`,
    );
    await this.load();
  }
}
