import { css, html, LitElement, nothing } from "lit";
import { type ApiClient, ApiError, NETWORK_ERROR, type Session } from "./api_client.ts";
import { I18nController, type MessageKey, type MessageParams, t } from "./i18n.ts";
import { icons, logoMark } from "./icons.ts";
import "./lang_switch.ts";
import { baseStyles } from "./styles.ts";

/** Why the login page is shown, when it is not the first visit. */
export type LoginNotice = "signed_out" | "expired";

interface Message {
  key: MessageKey;
  params?: MessageParams;
}

/**
 * The sign-in page: username and password, with clear messages for a wrong
 * password, for throttling (counting down the wait), and for an unreachable
 * server. Includes the language switch so the page can be read before signing in.
 *
 * @fires login-success - Signed in; `detail.session` is the {@linkcode Session}.
 */
export class CcLogin extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 100vh;
        min-height: 100dvh;
        background:
          radial-gradient(60rem 30rem at 50% -10%, var(--cc-accent-soft), transparent 70%),
          var(--cc-bg);
      }
      .top {
        display: flex;
        justify-content: flex-end;
        padding: 1rem 1.25rem;
      }
      .center {
        flex: 1;
        display: grid;
        place-items: center;
        padding: 1rem 1rem 3rem;
      }
      .card {
        width: 100%;
        max-width: 25rem;
        padding: 2rem 2rem 1.75rem;
        border: 1px solid var(--cc-border);
        border-radius: var(--cc-radius-lg);
        background: var(--cc-surface);
        box-shadow: var(--cc-shadow-lg);
      }
      .brand {
        display: flex;
        align-items: center;
        gap: 0.625rem;
        margin-bottom: 1.5rem;
        font-weight: 700;
        font-size: 1.0625rem;
      }
      h1 {
        margin: 0;
        font-size: 1.5rem;
        font-weight: 650;
        letter-spacing: -0.01em;
      }
      .subtitle {
        margin: 0.375rem 0 1.5rem;
        color: var(--cc-text-muted);
        font-size: 0.9375rem;
      }
      form {
        display: grid;
        gap: 1rem;
      }
      .field {
        display: grid;
        gap: 0.375rem;
      }
      label {
        font-size: 0.875rem;
        font-weight: 600;
      }
      .input-wrap {
        position: relative;
        display: flex;
      }
      input {
        width: 100%;
        min-height: 2.75rem;
        padding: 0.5rem 0.75rem;
        border: 1px solid var(--cc-border-strong);
        border-radius: var(--cc-radius);
        background: var(--cc-surface);
        color: var(--cc-text);
        font: inherit;
      }
      input[name="password"] {
        padding-right: 3rem;
      }
      input:hover {
        border-color: var(--cc-text-muted);
      }
      input:focus-visible {
        outline: 2px solid var(--cc-focus);
        outline-offset: 1px;
        border-color: var(--cc-accent);
      }
      input[aria-invalid="true"] {
        border-color: var(--cc-danger);
      }
      .reveal {
        position: absolute;
        top: 50%;
        right: 0.375rem;
        display: grid;
        place-items: center;
        width: 2.25rem;
        height: 2.25rem;
        transform: translateY(-50%);
        border: 0;
        border-radius: var(--cc-radius);
        background: transparent;
        color: var(--cc-text-muted);
        cursor: pointer;
      }
      .reveal:hover {
        color: var(--cc-text);
        background: var(--cc-surface-muted);
      }
      .field-error {
        margin: 0;
        color: var(--cc-danger);
        font-size: 0.8125rem;
      }
      .alert {
        display: flex;
        gap: 0.625rem;
        align-items: flex-start;
        padding: 0.75rem 0.875rem;
        border: 1px solid var(--cc-danger-border);
        border-radius: var(--cc-radius);
        background: var(--cc-danger-soft);
        color: var(--cc-danger-text);
        font-size: 0.875rem;
        line-height: 1.45;
      }
      .alert.info {
        border-color: var(--cc-info-border);
        background: var(--cc-info-soft);
        color: var(--cc-info-text);
      }
      .alert .icon {
        margin-top: 0.0625rem;
      }
      .alerts:empty {
        display: none;
      }
      .submit {
        width: 100%;
        min-height: 2.75rem;
        margin-top: 0.25rem;
      }
      .help {
        margin: 1.25rem 0 0;
        color: var(--cc-text-muted);
        font-size: 0.8125rem;
        text-align: center;
      }
      .foot {
        padding: 0 1rem 1.5rem;
        color: var(--cc-text-subtle);
        font-size: 0.8125rem;
        text-align: center;
      }
      @media (max-width: 480px) {
        .center {
          align-items: start;
          padding-top: 0.5rem;
        }
        .card {
          padding: 1.5rem 1.25rem;
        }
      }
    `,
  ];

  static override properties = {
    api: { attribute: false },
    notice: { type: String },
    version: { type: String },
    busy: { state: true },
    error: { state: true },
    fieldErrors: { state: true },
    waitSeconds: { state: true },
    showPassword: { state: true },
  };

  /** The API client used to sign in. */
  declare api: ApiClient | null;
  /** A note shown above the form: why the user is here again. */
  declare notice: LoginNotice | null;
  /** The server version, shown under the form when known. */
  declare version: string | null;

  declare private busy: boolean;
  declare private error: Message | null;
  declare private fieldErrors: { username?: MessageKey; password?: MessageKey };
  declare private waitSeconds: number;
  declare private showPassword: boolean;

  private readonly i18n = new I18nController(this);
  private waitUntil = 0;
  private waitTimer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    super();
    this.api = null;
    this.notice = null;
    this.version = null;
    this.busy = false;
    this.error = null;
    this.fieldErrors = {};
    this.waitSeconds = 0;
    this.showPassword = false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.waitTimer);
  }

  protected override firstUpdated(): void {
    this.input("username")?.focus();
  }

  override render() {
    const waiting = this.waitSeconds > 0;
    const fieldErrors = this.fieldErrors;
    return html`
      <div class="top">
        <cc-lang-switch></cc-lang-switch>
      </div>
      <main class="center">
        <section class="card" aria-labelledby="login-title">
          <div class="brand">${logoMark(32)}<span>${t("app.name")}</span></div>
          <h1 id="login-title">${t("login.title")}</h1>
          <p class="subtitle">${t("login.subtitle")}</p>
          <form novalidate @submit=${this.onSubmit}>
            <div class="alerts" id="login-alerts" role="alert" aria-live="assertive"
              data-testid="login-error">${this.error
                ? html`<div class=${
                  this.error.key === "login.error.throttledDone" ? "alert info" : "alert"
                }>${icons.alert(18)}<span>${
                  t(
                    this.error.key,
                    this.error.params,
                  )
                }</span></div>`
                : nothing}</div>
            ${!this.error && this.notice
              ? html`<div class="alert info" role="status">
                ${icons.info(18)}<span>${
                t(
                  this.notice === "expired" ? "login.notice.expired" : "login.notice.signedOut",
                )
              }</span>
              </div>`
              : nothing}
            <div class="field">
              <label for="username">${t("login.username")}</label>
              <input
                id="username"
                name="username"
                type="text"
                autocomplete="username"
                autocapitalize="none"
                spellcheck="false"
                required
                aria-invalid=${fieldErrors.username ? "true" : "false"}
                aria-describedby=${fieldErrors.username ? "username-error" : nothing}
                @input=${this.onInput}
              />
              ${fieldErrors.username
                ? html`<p class="field-error" id="username-error">${t(fieldErrors.username)}</p>`
                : nothing}
            </div>
            <div class="field">
              <label for="password">${t("login.password")}</label>
              <div class="input-wrap">
                <input
                  id="password"
                  name="password"
                  type=${this.showPassword ? "text" : "password"}
                  autocomplete="current-password"
                  required
                  aria-invalid=${fieldErrors.password ? "true" : "false"}
                  aria-describedby=${fieldErrors.password ? "password-error" : nothing}
                  @input=${this.onInput}
                />
                <button
                  class="reveal"
                  type="button"
                  aria-pressed=${this.showPassword ? "true" : "false"}
                  aria-controls="password"
                  title=${t(this.showPassword ? "login.hidePassword" : "login.showPassword")}
                  @click=${this.onTogglePassword}
                >
                  ${this.showPassword ? icons.eyeOff(18) : icons.eye(18)}
                  <span class="visually-hidden">${t("login.showPassword")}</span>
                </button>
              </div>
              ${fieldErrors.password
                ? html`<p class="field-error" id="password-error">${t(fieldErrors.password)}</p>`
                : nothing}
            </div>
            <button
              class="button primary submit"
              type="submit"
              ?disabled=${this.busy || waiting}
              aria-busy=${this.busy ? "true" : "false"}
            >
              ${this.busy
                ? t("login.submitting")
                : waiting
                ? t("login.waiting", { seconds: this.waitSeconds })
                : t("login.submit")}
            </button>
          </form>
          <p class="help">${t("login.help")}</p>
        </section>
      </main>
      ${this.version
        ? html`<div class="foot">${t("app.version", { version: this.version })}</div>`
        : nothing}
    `;
  }

  private input(name: "username" | "password"): HTMLInputElement | null {
    return this.renderRoot.querySelector<HTMLInputElement>(`input[name="${name}"]`);
  }

  private startWait(seconds: number): void {
    clearInterval(this.waitTimer);
    this.waitUntil = Date.now() + seconds * 1000;
    this.waitSeconds = seconds;
    this.waitTimer = setInterval(() => {
      const left = Math.max(0, Math.ceil((this.waitUntil - Date.now()) / 1000));
      this.waitSeconds = left;
      if (left === 0) {
        clearInterval(this.waitTimer);
        this.waitTimer = undefined;
        this.error = { key: "login.error.throttledDone" };
      }
    }, 250);
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy || this.waitSeconds > 0 || !this.api) return;
    const username = this.input("username")?.value.trim() ?? "";
    const password = this.input("password")?.value ?? "";

    const fieldErrors: { username?: MessageKey; password?: MessageKey } = {};
    if (!username) fieldErrors.username = "login.error.usernameRequired";
    if (!password) fieldErrors.password = "login.error.passwordRequired";
    this.fieldErrors = fieldErrors;
    if (fieldErrors.username || fieldErrors.password) {
      this.error = null;
      this.input(fieldErrors.username ? "username" : "password")?.focus();
      return;
    }

    this.busy = true;
    this.error = null;
    try {
      const session = await this.api.login(username, password);
      this.dispatchEvent(
        new CustomEvent<{ session: Session }>("login-success", {
          detail: { session },
          bubbles: true,
          composed: true,
        }),
      );
    } catch (error) {
      this.error = this.describe(error);
      await this.updateComplete;
      if (error instanceof ApiError && error.code === "invalid_credentials") {
        const field = this.input("password");
        if (field) {
          field.value = "";
          field.focus();
        }
      }
    } finally {
      this.busy = false;
    }
  }

  private describe(error: unknown): Message {
    if (!(error instanceof ApiError)) {
      console.error("ui/login: sign-in failed", error);
      return { key: "login.error.unexpected", params: { code: "client_error" } };
    }
    switch (error.code) {
      case "invalid_credentials":
        return { key: "login.error.invalidCredentials" };
      case "too_many_attempts": {
        const seconds = error.retryAfterSeconds ?? 60;
        this.startWait(seconds);
        return { key: "login.error.throttled", params: { seconds } };
      }
      case "invalid_request":
        return { key: "login.error.invalidRequest" };
      case "standby":
        return { key: "login.error.standby" };
      case NETWORK_ERROR:
        return { key: "login.error.network" };
      default:
        return { key: "login.error.unexpected", params: { code: error.code } };
    }
  }

  private onInput(event: Event): void {
    const name = (event.target as HTMLInputElement).name as "username" | "password";
    if (this.fieldErrors[name]) this.fieldErrors = { ...this.fieldErrors, [name]: undefined };
  }

  private onTogglePassword(): void {
    this.showPassword = !this.showPassword;
  }
}

customElements.define("cc-login", CcLogin);

declare global {
  interface HTMLElementTagNameMap {
    "cc-login": CcLogin;
  }
}
