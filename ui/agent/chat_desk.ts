import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import type { ApiClient, User } from "../common/api_client.ts";
import type { EventsController } from "../common/events_controller.ts";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import { ChatDeskController, type DeskChat, type DeskMessage } from "./chat_desk_controller.ts";

/**
 * The agent's chats: one tab per chat with the conversation, the customer's card and open
 * cases beside it, quick replies with the customer's details filled in, files, transfer
 * and the end with a disposition. Nothing is shown while the agent has no chat. Visitors'
 * text goes into the page only through text bindings, never as HTML.
 */
export class CcChatDesk extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      section {
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius, 8px);
        background: var(--cc-surface);
        margin: 0 0 1rem;
      }
      .head {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        padding: 0.5rem 0.75rem;
        border-bottom: 1px solid var(--cc-border);
        flex-wrap: wrap;
      }
      .head h2 {
        margin: 0;
        font-size: 1rem;
      }
      [role="tablist"] {
        display: flex;
        gap: 0.25rem;
        flex-wrap: wrap;
      }
      [role="tab"] {
        border: 1px solid var(--cc-border);
        background: var(--cc-surface-muted);
        border-radius: 999px;
        padding: 0.25rem 0.75rem;
        font: inherit;
        cursor: pointer;
      }
      [role="tab"][aria-selected="true"] {
        background: var(--cc-accent-soft);
        border-color: var(--cc-accent);
      }
      [role="tab"] .dot {
        display: inline-block;
        width: 0.5rem;
        height: 0.5rem;
        border-radius: 50%;
        background: var(--cc-warning);
        margin-right: 0.25rem;
      }
      .body {
        display: grid;
        grid-template-columns: minmax(0, 2fr) minmax(16rem, 1fr);
        gap: 0.75rem;
        padding: 0.75rem;
      }
      .log {
        height: 18rem;
        overflow-y: auto;
        background: var(--cc-surface-muted);
        border-radius: 6px;
        padding: 0.5rem;
        display: flex;
        flex-direction: column;
        gap: 0.375rem;
      }
      .msg {
        max-width: 85%;
        padding: 0.375rem 0.625rem;
        border-radius: 8px;
        background: var(--cc-surface);
        border: 1px solid var(--cc-border);
        overflow-wrap: anywhere;
      }
      .msg .text {
        white-space: pre-wrap;
      }
      .msg.agent {
        align-self: flex-end;
        background: var(--cc-accent-soft);
      }
      .msg.system {
        align-self: center;
        border: 0;
        background: transparent;
        color: var(--cc-text-muted);
        font-size: 0.8125rem;
      }
      .who {
        display: block;
        font-size: 0.75rem;
        color: var(--cc-text-muted);
      }
      .typing {
        min-height: 1.25rem;
        font-size: 0.8125rem;
        color: var(--cc-text-muted);
      }
      .compose {
        display: flex;
        gap: 0.375rem;
        align-items: flex-end;
      }
      textarea,
      input,
      select {
        font: inherit;
        padding: 0.375rem;
        border: 1px solid var(--cc-border-strong);
        border-radius: 6px;
        width: 100%;
      }
      .compose .button {
        white-space: nowrap;
      }
      .compose textarea {
        height: 3rem;
        resize: vertical;
      }
      aside {
        display: grid;
        gap: 0.75rem;
        align-content: start;
      }
      aside h3 {
        margin: 0 0 0.25rem;
        font-size: 0.875rem;
      }
      .card {
        border: 1px solid var(--cc-border);
        border-radius: 6px;
        padding: 0.5rem;
      }
      .card p {
        margin: 0.125rem 0;
      }
      .offer {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        padding: 0.75rem;
        background: var(--cc-warning-soft);
      }
      .offer p {
        margin: 0;
        flex: 1;
      }
      .error {
        color: var(--cc-danger, #b42318);
        padding: 0.25rem 0.75rem;
      }
      form {
        display: grid;
        gap: 0.375rem;
      }
      label {
        display: grid;
        gap: 0.125rem;
        font-size: 0.8125rem;
      }
      @media (max-width: 900px) {
        .body {
          grid-template-columns: minmax(0, 1fr);
        }
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    events: { attribute: false },
    user: { attribute: false },
  };

  declare api: ApiClient | null;
  declare events: EventsController | null;
  declare user: User | null;

  readonly i18n = new I18nController(this);
  #desk: ChatDeskController | null = null;
  #unsubscribe: (() => void) | null = null;
  #dispositions: { code: string; label: string }[] = [];
  #typingTimer: ReturnType<typeof setTimeout> | undefined;
  #typingSent = false;

  constructor() {
    super();
    this.api = null;
    this.events = null;
    this.user = null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("api") && this.api && !this.#desk) {
      this.#desk = new ChatDeskController(this, this.api);
      void this.#desk.load();
      void this.#loadDispositions();
    }
    if (changed.has("events")) {
      this.#unsubscribe?.();
      this.#unsubscribe = this.events?.addListener((e) => void this.#desk?.onEvent(e)) ?? null;
    }
  }

  override updated(): void {
    const log = this.renderRoot.querySelector(".log");
    if (log) log.scrollTop = log.scrollHeight;
  }

  override render() {
    const desk = this.#desk;
    if (!desk || desk.chats.length === 0) return nothing;
    const current = desk.current;
    return html`
      <section data-testid="chat-desk" aria-label=${t("chat.title")}>
        <div class="head">
          <h2>${t("chat.title")}</h2>
          <div role="tablist" aria-label=${t("chat.title")}>
            ${desk.chats.map((c) =>
              html`
                <button
                  role="tab"
                  type="button"
                  data-testid="chat-tab"
                  data-chat-id=${c.chat.id}
                  data-state=${c.chat.state}
                  aria-selected=${c.chat.id === desk.active ? "true" : "false"}
                  @click=${() => desk.select(c.chat.id)}
                >${c.chat.state === "offered" ? html`<span class="dot"></span>` : nothing}${c.chat
                  .visitor_name}</button>
              `
            )}
          </div>
        </div>
        ${desk.error
          ? html`<p class="error" role="alert" data-testid="chat-desk-error">${
            t("chat.error", {
              reason: desk.error,
            })
          }</p>`
          : nothing}
        ${desk.chats.filter((c) => c.chat.state === "offered").map((c) => this.#renderOffer(c))}
        ${current ? this.#renderChat(current) : nothing}
      </section>
    `;
  }

  #renderChat(c: DeskChat) {
    const desk = this.#desk!;
    const id = c.chat.id;
    if (c.chat.state === "offered") {
      return html`<div class="body">${this.#renderLog(c)}${this.#renderSide(c)}</div>`;
    }
    const live = c.chat.state === "with_agent";
    return html`
      <div class="body" data-testid="chat-panel" data-chat-id=${id} data-state=${c.chat.state}>
        <div>
          ${this.#renderLog(c)}
          <div class="typing" data-testid="chat-visitor-typing">${desk.typing(id)
            ? t("chat.typing", { name: c.chat.visitor_name })
            : ""}</div>
          ${live
            ? html`
              <div class="compose">
                <textarea
                  data-testid="chat-reply"
                  aria-label=${t("chat.placeholder")}
                  placeholder=${t("chat.placeholder")}
                  maxlength="4000"
                  @input=${() => this.#typed(id)}
                  @keydown=${(e: KeyboardEvent) => {
                    if (e.key === "Enter" && !e.shiftKey) {
                      e.preventDefault();
                      void this.#send(id);
                    }
                  }}
                ></textarea>
                <label class="button" title=${t("chat.sendFile")}>
                  ${t("chat.sendFile")}<input type="file" hidden data-testid="chat-agent-file"
                    @change=${(e: Event) => this.#sendFile(id, e)} />
                </label>
                <button class="button primary" type="button" data-testid="chat-reply-send"
                  @click=${() => void this.#send(id)}>${t("chat.send")}</button>
              </div>
            `
            : html`<p data-testid="chat-ended-note">${
              c.chat.end_reason === "visitor_left" ? t("chat.visitorLeft") : t("chat.ended")
            }</p>`}
        </div>
        ${this.#renderSide(c)}
      </div>
    `;
  }

  /** Every offer shows above the tabs' content, whichever chat the agent is looking at. */
  #renderOffer(c: DeskChat) {
    const desk = this.#desk!;
    const id = c.chat.id;
    return html`
      <div class="offer" data-testid="chat-offer" data-chat-id=${id}>
        <p>
          <strong>${t("chat.offer", { name: c.chat.visitor_name })}</strong>
          ${c.chat.topic ? html`<br />${t("chat.offerTopic", { topic: c.chat.topic })}` : nothing}
        </p>
        <button class="button primary" type="button" data-testid="chat-accept"
          @click=${() => void desk.accept(id)}>${t("chat.accept")}</button>
        <button class="button" type="button" data-testid="chat-decline"
          @click=${() => void desk.decline(id)}>${t("chat.decline")}</button>
      </div>
    `;
  }

  #renderLog(c: DeskChat) {
    return html`
      <div class="log" data-testid="chat-agent-log" aria-live="polite">
        ${c.messages.map((m) => this.#renderMessage(c, m))}
      </div>
    `;
  }

  #renderMessage(c: DeskChat, m: DeskMessage) {
    const who = t(`chat.sender.${m.sender}` as MessageKey);
    const name = m.sender === "visitor" ? c.chat.visitor_name : who;
    const file = m.attachment
      ? html`
        <a
          href=${`/api/v1/chats/${c.chat.id}/files/${m.attachment.id}`}
          download=${m.attachment.name}
          data-testid="chat-agent-file-link"
        >${t("chat.file", { name: m.attachment.name })}</a>
      `
      : nothing;
    // One line of template: the bubble keeps the text's own line breaks and nothing else.
    return html`
      <div class="msg ${m.sender}" data-testid="chat-agent-message"
        data-sender=${m
          .sender}>${name ? html`<span class="who">${name}</span>` : nothing}<span class="text">${m
          .body}</span>${file}</div>
    `;
  }

  #renderSide(c: DeskChat) {
    const desk = this.#desk!;
    const id = c.chat.id;
    const live = c.chat.state === "with_agent";
    const replies = desk.replies(id);
    const cases = c.customer?.open_cases ?? [];
    return html`
      <aside>
        <div class="card" data-testid="chat-customer">
          <h3>${t("chat.customer")}</h3>
          <p><strong>${c.customer?.name ?? c.chat.visitor_name}</strong>${c.customer?.vip_level
            ? html`
              · ${t("chat.vip", { level: c.customer.vip_level })}
            `
            : nothing}</p>
          ${[...(c.customer?.phones ?? []), ...(c.customer?.emails ?? [])].map((v) =>
            html`<p>${v}</p>`
          )}
          ${c.chat.topic ? html`<p>${t("chat.offerTopic", { topic: c.chat.topic })}</p>` : nothing}
          <h3>${t("chat.openCase")}</h3>
          ${cases.length === 0
            ? html`<p>${t("chat.noCase")}</p>`
            : cases.map((k) => html`<p>#${k.id} ${k.subject} (${k.status})</p>`)}
        </div>
        ${live && replies.length > 0
          ? html`
            <label>${t("chat.quickReplies")}
              <select data-testid="chat-quick-replies" @change=${(e: Event) =>
                this.#insertReply(e)}>
                <option value="">${t("chat.quickReplyPick")}</option>
                ${replies.map((r) => html`<option value=${r.text}>${r.title}</option>`)}
              </select>
            </label>
          `
          : nothing}
        ${live
          ? html`
            <details>
              <summary>${t("chat.transfer")}</summary>
              <form data-testid="chat-transfer" @submit=${(e: SubmitEvent) =>
                this.#transfer(id, e)}>
                <label>${t(
                  "chat.transferQueue",
                )}<input name="queue_id" inputmode="numeric" /></label>
                <label>${t(
                  "chat.transferAgent",
                )}<input name="user_id" inputmode="numeric" /></label>
                <label>${t(
                  "chat.transferNote",
                )}<textarea name="note" maxlength="1000"></textarea></label>
                <button class="button" type="submit">${t("chat.transferSend")}</button>
              </form>
            </details>
          `
          : nothing}
        ${c.chat.state === "offered" ? nothing : html`
          <form class="card" data-testid="chat-end" @submit=${(e: SubmitEvent) => this.#end(id, e)}>
            <h3>${t("chat.end")}</h3>
            <label>${t("chat.disposition")}
              <select name="disposition" data-testid="chat-disposition">
                ${this.#dispositions.map((d) => html`<option value=${d.code}>${d.label}</option>`)}
              </select>
            </label>
            ${cases.length > 0
              ? html`<label>${t("chat.attachCase")}
                <select name="case_id" data-testid="chat-case">
                  <option value="">—</option>
                  ${cases.map((k) => html`<option value=${k.id}>#${k.id} ${k.subject}</option>`)}
                </select>
              </label>`
              : nothing}
            <label>${t("chat.notes")}<textarea name="notes" maxlength="5000"></textarea></label>
            <button class="button primary" type="submit" data-testid="chat-end-send">${t(
              "chat.endSend",
            )}</button>
          </form>
        `}
      </aside>
    `;
  }

  async #send(id: number): Promise<void> {
    const box = this.renderRoot.querySelector<HTMLTextAreaElement>('[data-testid="chat-reply"]');
    const text = box?.value.trim();
    if (!box || !text) return;
    if (await this.#desk!.send(id, text)) box.value = "";
    this.#stopTyping(id);
  }

  #sendFile(id: number, e: Event): void {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) void this.#desk!.sendFile(id, file);
    input.value = "";
  }

  #insertReply(e: Event): void {
    const select = e.target as HTMLSelectElement;
    const box = this.renderRoot.querySelector<HTMLTextAreaElement>('[data-testid="chat-reply"]');
    if (box && select.value) box.value = box.value ? `${box.value} ${select.value}` : select.value;
    select.value = "";
    box?.focus();
  }

  #typed(id: number): void {
    if (!this.#typingSent) {
      this.#typingSent = true;
      void this.#desk!.setTyping(id, true);
    }
    clearTimeout(this.#typingTimer);
    this.#typingTimer = setTimeout(() => this.#stopTyping(id), 3000);
  }

  #stopTyping(id: number): void {
    clearTimeout(this.#typingTimer);
    if (this.#typingSent) void this.#desk!.setTyping(id, false);
    this.#typingSent = false;
  }

  #transfer(id: number, e: SubmitEvent): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const num = (k: string) => {
      const v = Number(String(data.get(k) ?? "").trim());
      return Number.isInteger(v) && v > 0 ? v : undefined;
    };
    const note = String(data.get("note") ?? "").trim();
    void this.#desk!.transfer(id, {
      queue_id: num("queue_id"),
      user_id: num("user_id"),
      ...(note ? { note } : {}),
    });
  }

  #end(id: number, e: SubmitEvent): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const disposition = String(data.get("disposition") ?? "");
    const caseId = Number(data.get("case_id") ?? "");
    const notes = String(data.get("notes") ?? "").trim();
    void this.#desk!.end(id, {
      ...(disposition ? { disposition } : {}),
      ...(caseId > 0 ? { case_id: caseId } : {}),
      ...(notes ? { notes } : {}),
    });
  }

  async #loadDispositions(): Promise<void> {
    try {
      const { dispositions } = await this.api!.request<
        { dispositions: { code: string; label: string; active: boolean }[] }
      >("GET", "/dispositions");
      this.#dispositions = dispositions.filter((d) => d.active);
      this.requestUpdate();
    } catch {
      // Without the list the chat ends without a disposition.
    }
  }
}

customElements.define("cc-chat-desk", CcChatDesk);

declare global {
  interface HTMLElementTagNameMap {
    "cc-chat-desk": CcChatDesk;
  }
}
