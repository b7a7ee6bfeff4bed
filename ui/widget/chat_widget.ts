import { type ServerFrame, WidgetLink } from "./widget_link.ts";
import { widgetStyles } from "./widget_styles.ts";
import { WIDGET_TEXT, type WidgetLanguage, type WidgetText } from "./widget_text.ts";

/** What the site's script tag asks for. */
export interface WidgetSettings {
  /** The appliance's origin, where the script came from. */
  base: string;
  color: string;
  language: WidgetLanguage;
  /** A chat queue by name or id; the appliance's first chat queue otherwise. */
  queue?: string;
}

interface ShownMessage {
  id: number;
  sender: "visitor" | "agent" | "bot" | "system";
  body: string;
  client_id: string | null;
  file: { id: number; name: string; size: number; url: string } | null;
  articles?: { id: number; title: string; text: string }[];
}

type Attrs = Record<string, string>;

/** Makes an element; text only ever goes in as text nodes, never as HTML. */
function el(tag: string, attrs: Attrs = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(typeof c === "string" ? document.createTextNode(c) : c);
  return node;
}

/**
 * The chat on the center's site: a launcher and a window in a shadow root (the host
 * page's styles and scripts stay apart), the pre-chat form, the conversation with the
 * bot's articles and "did this solve it?", typing, files, and "leave a message" when
 * nobody can answer. Messages survive a dropped connection ({@link WidgetLink}).
 */
export class ChatWidget {
  readonly #t: WidgetText;
  readonly #root: ShadowRoot;
  readonly #link: WidgetLink;
  readonly #shown = new Map<number, HTMLElement>();
  readonly #pending = new Map<string, HTMLElement>();
  #launcher!: HTMLElement;
  #window!: HTMLElement;
  #status!: HTMLElement;
  #prechat!: HTMLFormElement;
  #chatView!: HTMLElement;
  #log!: HTMLElement;
  #actions!: HTMLElement;
  #typing!: HTMLElement;
  #error!: HTMLElement;
  #compose!: HTMLElement;
  #input!: HTMLTextAreaElement;
  #leave!: HTMLFormElement;
  #typingTimer: ReturnType<typeof setTimeout> | undefined;
  #typingSent = false;
  #state = "";

  constructor(host: HTMLElement, private readonly settings: WidgetSettings) {
    this.#t = WIDGET_TEXT[settings.language];
    this.#root = host.attachShadow({ mode: "open" });
    const ws = settings.base.replace(/^http/, "ws") + "/widget/socket";
    this.#link = new WidgetLink({
      url: ws,
      open: (url) => new WebSocket(url),
      store: sessionStorage,
      onFrame: (f) => this.#frame(f),
      onStatus: (s) => this.#connection(s),
    });
    this.#build();
    if (this.#link.hasChat) {
      this.#showChat();
      this.#open();
    }
  }

  #build(): void {
    const t = this.#t;
    const style = el("style");
    style.textContent = widgetStyles(this.settings.color);
    this.#launcher = el("button", {
      class: "launcher",
      type: "button",
      "data-testid": "chat-launcher",
    }, t.launcher);
    this.#launcher.addEventListener("click", () => this.#open());

    this.#status = el("div", { class: "status", role: "status", hidden: "" });
    const close = el("button", {
      type: "button",
      "aria-label": t.close,
      "data-testid": "chat-close",
    }, "×");
    close.addEventListener("click", () => {
      this.#window.hidden = true;
      this.#launcher.hidden = false;
    });

    const field = (label: string, name: string, type = "text", extra: Attrs = {}) =>
      el("label", {}, label, el("input", { name, type, ...extra }));
    this.#prechat = el(
      "form",
      { class: "prechat", "data-testid": "chat-prechat", novalidate: "" },
      el("p", { class: "hint" }, t.intro),
      field(t.name, "name", "text", { required: "", maxlength: "100", autocomplete: "name" }),
      field(t.phone, "phone", "tel", { maxlength: "40", autocomplete: "tel" }),
      field(t.email, "email", "email", { maxlength: "200", autocomplete: "email" }),
      el("p", { class: "hint" }, t.contactHint),
      field(t.topic, "topic", "text", { maxlength: "200" }),
      el("button", { class: "primary", type: "submit", "data-testid": "chat-start" }, t.start),
    ) as HTMLFormElement;
    this.#prechat.addEventListener("submit", (e) => {
      e.preventDefault();
      this.#start();
    });

    this.#log = el("div", { class: "log", "data-testid": "chat-log", "aria-live": "polite" });
    this.#actions = el("div", { class: "actions", hidden: "" });
    this.#typing = el("div", { class: "typing", "data-testid": "chat-typing" });
    this.#error = el("div", {
      class: "error",
      role: "alert",
      "data-testid": "chat-error",
      hidden: "",
    });
    this.#input = el("textarea", {
      placeholder: t.placeholder,
      "aria-label": t.placeholder,
      "data-testid": "chat-input",
      maxlength: "4000",
    }) as HTMLTextAreaElement;
    this.#input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey) {
        e.preventDefault();
        this.#sendText();
      }
    });
    this.#input.addEventListener("input", () => this.#typed());
    const file = el("input", {
      type: "file",
      hidden: "",
      "data-testid": "chat-file",
    }) as HTMLInputElement;
    file.addEventListener("change", () => {
      const chosen = file.files?.[0];
      if (chosen) void this.#sendFile(chosen);
      file.value = "";
    });
    const attach = el("button", {
      class: "icon",
      type: "button",
      title: t.attach,
      "aria-label": t.attach,
    }, "+");
    attach.addEventListener("click", () => file.click());
    const send = el(
      "button",
      { class: "primary", type: "button", "data-testid": "chat-send" },
      t.send,
    );
    send.addEventListener("click", () => this.#sendText());
    this.#compose = el("div", { class: "compose" }, attach, file, this.#input, send);
    const end = el("button", { class: "link", type: "button", "data-testid": "chat-end" }, t.end);
    end.addEventListener("click", () => {
      this.#link.send({ type: "end" });
      this.#ended();
    });

    const leaveText = el("textarea", { name: "text", required: "", maxlength: "4000", rows: "4" });
    this.#leave = el(
      "form",
      { class: "leave", "data-testid": "chat-leave", hidden: "" },
      el("strong", {}, t.leaveTitle),
      el("p", { class: "hint" }, t.leaveHint),
      leaveText,
      el(
        "button",
        { class: "primary", type: "submit", "data-testid": "chat-leave-send" },
        t.leaveSend,
      ),
    ) as HTMLFormElement;
    this.#leave.addEventListener("submit", (e) => {
      e.preventDefault();
      const text = (leaveText as HTMLTextAreaElement).value.trim();
      if (text) this.#link.send({ type: "leave_message", text });
    });

    this.#chatView = el(
      "div",
      { hidden: "", style: "display:flex;flex-direction:column;flex:1;min-height:0" },
      this.#log,
      this.#actions,
      this.#typing,
      this.#error,
      this.#leave,
      this.#compose,
      el("div", { class: "footer" }, end),
    );
    this.#window = el(
      "section",
      {
        class: "window",
        role: "dialog",
        "aria-label": t.title,
        hidden: "",
        "data-testid": "chat-window",
        lang: this.settings.language,
      },
      el("header", {}, el("h2", {}, t.title), close),
      this.#status,
      this.#prechat,
      this.#chatView,
    );
    this.#root.append(style, this.#launcher, this.#window);
  }

  #open(): void {
    this.#launcher.hidden = true;
    this.#window.hidden = false;
    if (!this.#socketStarted) {
      this.#socketStarted = true;
      this.#link.connect();
    }
  }

  #socketStarted = false;

  #start(): void {
    const data = new FormData(this.#prechat);
    const value = (k: string) => String(data.get(k) ?? "").trim();
    const name = value("name");
    const phone = value("phone");
    const email = value("email");
    if (!name || (!phone && !email)) {
      this.#showError("invalid_request");
      return;
    }
    const sent = this.#link.send({
      type: "start",
      name,
      ...(phone ? { phone } : {}),
      ...(email ? { email } : {}),
      topic: value("topic"),
      language: this.settings.language,
      ...(this.settings.queue ? { queue: this.settings.queue } : {}),
    });
    if (!sent) this.#showError("other");
  }

  #showChat(): void {
    this.#prechat.hidden = true;
    this.#chatView.hidden = false;
  }

  #frame(f: ServerFrame): void {
    switch (f.type) {
      case "started":
        this.#showChat();
        this.#hideError();
        for (const m of f.messages as ShownMessage[]) this.#show(m);
        this.#setState(String(f.state));
        return;
      case "message":
        this.#show(f.message as ShownMessage);
        return;
      case "ack": {
        const node = this.#pending.get(String(f.client_id));
        node?.classList.remove("pending");
        return;
      }
      case "state":
        this.#setState(String(f.state), f.can_leave_message === true);
        return;
      case "ask_solved":
        this.#askSolved();
        return;
      case "typing":
        this.#typing.textContent = f.typing ? this.#t.typing : "";
        return;
      case "left_message":
        this.#leave.hidden = true;
        this.#show({
          id: -Date.now(),
          sender: "system",
          body: this.#t.left(Number(f.case_id)),
          client_id: null,
          file: null,
        });
        this.#ended(false);
        return;
      case "error": {
        const code = String(f.code);
        if (f.client_id) {
          const id = String(f.client_id);
          this.#link.drop(id);
          this.#pending.get(id)?.remove();
          this.#pending.delete(id);
        }
        if (code === "chat_not_found") this.#link.stop();
        this.#showError(code);
        return;
      }
    }
  }

  #setState(state: string, canLeave = false): void {
    this.#state = state;
    this.#actions.replaceChildren();
    this.#actions.hidden = true;
    if (state === "bot") {
      const person = el("button", {
        class: "secondary",
        type: "button",
        "data-testid": "chat-person",
      }, this.#t.person);
      person.addEventListener("click", () => this.#link.send({ type: "person" }));
      this.#actions.append(person);
      this.#actions.hidden = false;
    }
    this.#leave.hidden = !(state === "waiting" && canLeave);
    this.#compose.hidden = state === "ended" || state === "left_message" ||
      (state === "waiting" && canLeave);
    if (state === "ended" || state === "left_message") this.#ended(state === "ended");
  }

  #askSolved(): void {
    this.#actions.replaceChildren();
    const yes = el("button", {
      class: "secondary",
      type: "button",
      "data-testid": "chat-solved-yes",
    }, this.#t.yes);
    const no = el(
      "button",
      { class: "secondary", type: "button", "data-testid": "chat-solved-no" },
      this.#t.no,
    );
    const person = el("button", {
      class: "secondary",
      type: "button",
      "data-testid": "chat-person",
    }, this.#t.person);
    yes.addEventListener("click", () => this.#link.send({ type: "solved", solved: true }));
    no.addEventListener("click", () => this.#link.send({ type: "solved", solved: false }));
    person.addEventListener("click", () => this.#link.send({ type: "person" }));
    this.#actions.append(el("span", { class: "hint" }, this.#t.solvedAsk), yes, no, person);
    this.#actions.hidden = false;
  }

  #show(m: ShownMessage): void {
    if (this.#shown.has(m.id)) return;
    const pending = m.client_id ? this.#pending.get(m.client_id) : undefined;
    const who = m.sender === "visitor"
      ? this.#t.you
      : m.sender === "agent"
      ? this.#t.agent
      : m.sender === "bot"
      ? this.#t.bot
      : "";
    const node = el("div", {
      class: `msg ${m.sender}`,
      "data-sender": m.sender,
      "data-testid": "chat-message",
    });
    if (who) node.append(el("span", { class: "who" }, who));
    if (m.body) node.append(m.body);
    if (m.file) {
      const href = this.settings.base + m.file.url;
      node.append(
        el("a", {
          href,
          target: "_blank",
          rel: "noopener",
          download: m.file.name,
          "data-testid": "chat-file-link",
        }, m.file.name),
      );
    }
    for (const a of m.articles ?? []) {
      node.append(
        el(
          "div",
          { class: "article", "data-testid": "chat-article" },
          el("strong", {}, a.title),
          a.text,
        ),
      );
    }
    this.#shown.set(m.id, node);
    if (pending) {
      pending.replaceWith(node);
      this.#pending.delete(m.client_id!);
    } else this.#log.append(node);
    this.#log.scrollTop = this.#log.scrollHeight;
  }

  #sendText(): void {
    const text = this.#input.value.trim();
    if (!text || this.#state === "ended") return;
    this.#input.value = "";
    const id = this.#link.sendReliably({ type: "message", text });
    this.#addPending(id, text);
    this.#stopTyping();
  }

  async #sendFile(file: File): Promise<void> {
    if (file.size > 1_000_000) return this.#showError("file_too_large");
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    }
    const id = this.#link.sendReliably({
      type: "file",
      name: file.name,
      content_type: file.type || "application/octet-stream",
      data: btoa(binary),
    });
    this.#addPending(id, file.name);
  }

  #addPending(clientId: string, text: string): void {
    const node = el(
      "div",
      { class: "msg visitor pending", "data-sender": "visitor", "data-testid": "chat-message" },
      el("span", { class: "who" }, this.#t.you),
      text,
    );
    this.#pending.set(clientId, node);
    this.#log.append(node);
    this.#log.scrollTop = this.#log.scrollHeight;
  }

  #typed(): void {
    if (this.#state !== "with_agent") return;
    if (!this.#typingSent) {
      this.#typingSent = true;
      this.#link.send({ type: "typing", typing: true });
    }
    clearTimeout(this.#typingTimer);
    this.#typingTimer = setTimeout(() => this.#stopTyping(), 3000);
  }

  #stopTyping(): void {
    clearTimeout(this.#typingTimer);
    if (this.#typingSent) this.#link.send({ type: "typing", typing: false });
    this.#typingSent = false;
  }

  #ended(say = true): void {
    this.#state = "ended";
    this.#compose.hidden = true;
    this.#actions.hidden = true;
    this.#typing.textContent = "";
    if (say && !this.#root.querySelector('[data-testid="chat-ended"]')) {
      this.#log.append(
        el("div", { class: "msg system", "data-testid": "chat-ended" }, this.#t.ended),
      );
    }
    this.#link.stop();
  }

  #connection(status: "connecting" | "online" | "offline"): void {
    this.#status.hidden = status === "online" || this.#state === "ended";
    this.#status.textContent = status === "offline" ? this.#t.offline : this.#t.connecting;
    this.#status.dataset.state = status;
  }

  #showError(code: string): void {
    this.#error.textContent = this.#t.errors[code] ?? this.#t.errors.other;
    this.#error.dataset.code = code;
    this.#error.hidden = false;
    clearTimeout(this.#errorTimer);
    this.#errorTimer = setTimeout(() => this.#hideError(), 8000);
  }

  #errorTimer: ReturnType<typeof setTimeout> | undefined;

  #hideError(): void {
    this.#error.hidden = true;
  }
}
