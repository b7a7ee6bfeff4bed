import { css, html, LitElement, nothing } from "lit";
import "../admin/admin_home.ts";
import "../agent/agent_home.ts";
import "../reports/reports_home.ts";
import "../supervisor/supervisor_home.ts";
import "../supervisor/tv_screen.ts";
import "../voicemail/voicemail_inbox.ts";
import "../recordings/recordings_area.ts";
import { ApiClient, ApiError, NETWORK_ERROR, type Session } from "./api_client.ts";
import { EventsController } from "./events_controller.ts";
import { FailoverController, RESUME_STORAGE_KEY, takeResumeTicket } from "./failover_controller.ts";
import { I18nController, t } from "./i18n.ts";
import "./layout.ts";
import { type LoginNotice } from "./login.ts";
import "./login.ts";
import "./not_allowed.ts";
import "./not_found.ts";
import { AREA_LABELS, areaPath, canOpen, homeArea, resolveRoute } from "./routes.ts";
import { baseStyles } from "./styles.ts";

/** How long to wait before asking an unreachable server again, in milliseconds. */
const RETRY_BOOT_MS = 3000;
/** Where an admin signed in to a standby lands: the replication screen. */
const STANDBY_HOME = "/admin/replication";

/**
 * The application shell. Finds out who is signed in, routes between the login
 * page and the areas the user's role may open (using the history API), and
 * keeps the live-events connection up while someone is signed in.
 *
 * Unknown paths get a "not found" panel; areas outside the role get a polite
 * "not allowed" panel. A TV link (`/tv/<token>`) shows the read-only wall
 * screen and nothing else: no session, no sign-in, no events socket.
 */
export class CcApp extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        min-height: 100vh;
        min-height: 100dvh;
      }
      .boot {
        display: grid;
        place-content: center;
        justify-items: center;
        gap: 1rem;
        min-height: 100vh;
        min-height: 100dvh;
        color: var(--cc-text-muted);
      }
      .standby {
        max-width: 32rem;
        margin: 0;
        text-align: center;
      }
      .standby a {
        display: block;
        margin-top: 0.375rem;
      }
      .spinner {
        width: 1.75rem;
        height: 1.75rem;
        border: 3px solid var(--cc-border);
        border-top-color: var(--cc-accent);
        border-radius: 50%;
        animation: spin 0.8s linear infinite;
      }
      .moved.standby-bar {
        max-width: 40rem;
        margin: 1rem auto 0;
      }
      .moved {
        margin: 0 0 1rem;
        padding: 0.5rem 0.75rem;
        border-left: 4px solid var(--cc-warning-text);
        border-radius: var(--cc-radius);
        background: var(--cc-warning-soft);
      }
      @keyframes spin {
        to {
          transform: rotate(360deg);
        }
      }
    `,
  ];

  static override properties = {
    phase: { state: true },
    session: { state: true },
    path: { state: true },
    version: { state: true },
    notice: { state: true },
    moved: { state: true },
    standbyOf: { state: true },
  };

  declare private phase: "loading" | "unreachable" | "ready";
  declare private session: Session | null;
  declare private path: string;
  declare private version: string | null;
  declare private notice: LoginNotice | null;
  /** Set when the page came here from a box that died and signed in with its ticket. */
  declare private moved: boolean;
  /** On a standby: the primary it follows ("" when unknown); null on a box that serves. */
  declare private standbyOf: string | null;

  private readonly i18n = new I18nController(this);
  private readonly api = new ApiClient({ onUnauthorized: () => this.onSessionEnded() });
  private readonly events = new EventsController(this, {
    shouldReconnect: () => this.stillSignedIn(),
  });
  /** Moves the page to the standby when this box stops serving (decision 032). */
  private readonly failover = new FailoverController(this, this.api, {
    connection: () => this.events.state,
  });
  private returnTo: string | null = null;
  private focusPending = false;
  private bootTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly onPopState = () => this.go(location.pathname, { replace: true, focus: true });

  constructor() {
    super();
    this.phase = "loading";
    this.session = null;
    this.path = location.pathname;
    this.version = null;
    this.notice = null;
    this.moved = false;
    this.standbyOf = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.tvToken()) return;
    globalThis.addEventListener("popstate", this.onPopState);
    void this.boot();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    globalThis.removeEventListener("popstate", this.onPopState);
    clearTimeout(this.bootTimer);
  }

  override render() {
    const tvToken = this.tvToken();
    if (tvToken) return html`<cc-tv-screen .token=${tvToken}></cc-tv-screen>`;
    if (this.phase !== "ready") {
      return html`
        <div class="boot" role="status" aria-live="polite">
          <span class="spinner" aria-hidden="true"></span>
          ${this.phase === "unreachable" && this.standbyOf !== null
            ? html`<p class="standby" data-testid="standby-notice">
              ${t("app.standby.notice")} ${
              this.standbyOf
                ? html`<a href=${this.standbyOf}>${
                  t("app.standby.primary", {
                    address: this.standbyOf,
                  })
                }</a>`
                : nothing
            }
            </p>`
            : html`<span>${
              this.phase === "unreachable" ? t("app.serverUnreachable") : t("app.loading")
            }</span>`}
        </div>
      `;
    }
    const session = this.session;
    if (!session) {
      return html`
        ${this.standbyOf !== null
          ? html`<p class="moved standby-bar" role="status" data-testid="standby-sign-in">
            ${t("app.standby.signIn")} ${this.primaryLink()}
          </p>`
          : nothing}
        <cc-login
          .api=${this.api}
          .notice=${this.notice}
          .version=${this.version}
          @login-success=${this.onLoginSuccess}
        ></cc-login>
      `;
    }
    return html`
      <cc-layout
        .user=${session.user}
        .path=${this.path}
        .version=${this.version}
        .connection=${this.events.state}
        @navigate=${this.onNavigate}
        @logout-request=${this.onLogoutRequest}
      >${this.moved
        ? html`<p class="moved" role="status" data-testid="failover-notice">${
          t(
            "app.failover.moved",
          )
        }</p>`
        : nothing}${this.standbyOf !== null
        ? html`<p class="moved" role="status" data-testid="standby-read-only">
            ${t("app.standby.readOnly")} ${this.primaryLink()}
          </p>`
        : nothing}${this.renderArea(session)}</cc-layout>
    `;
  }

  /** The primary this standby follows, as a link; nothing when it is not known. */
  private primaryLink() {
    return this.standbyOf
      ? html`<a href=${this.standbyOf}>${t("app.standby.primary", { address: this.standbyOf })}</a>`
      : nothing;
  }

  protected override updated(): void {
    document.title = this.pageTitle();
    if (this.focusPending) {
      this.focusPending = false;
      void this.focusArea();
    }
  }

  private renderArea(session: Session) {
    const user = session.user;
    const route = resolveRoute(this.path);
    if (route.kind === "not_found") {
      return html`<cc-not-found data-view .user=${user} .path=${route.path}></cc-not-found>`;
    }
    if (route.kind !== "area") return nothing;
    if (!canOpen(user.role, route.area)) {
      return html`<cc-not-allowed data-view .user=${user} .area=${route.area}></cc-not-allowed>`;
    }
    switch (route.area) {
      case "agent":
        return html`
          <cc-agent-home
            data-view
            .user=${user}
            .api=${this.api}
            .events=${this.events}
            .subpath=${route.rest ?? ""}
          ></cc-agent-home>
        `;
      case "voicemail":
        return html`
          <cc-voicemail-inbox
            data-view
            .user=${user}
            .api=${this.api}
            .events=${this.events}
          ></cc-voicemail-inbox>
        `;
      case "recordings":
        return html`<cc-recordings-area data-view .user=${user} .api=${this.api}></cc-recordings-area>`;
      case "supervisor":
        return html`
          <cc-supervisor-home
            data-view
            .user=${user}
            .api=${this.api}
            .events=${this.events}
          ></cc-supervisor-home>
        `;
      case "reports":
        return html`<cc-reports-home data-view .user=${user} .api=${this.api}></cc-reports-home>`;
      case "admin":
        return html`
          <cc-admin-home
            data-view
            .user=${user}
            .api=${this.api}
            .subpath=${route.rest ?? ""}
            .events=${this.events}
          ></cc-admin-home>
        `;
    }
  }

  private pageTitle(): string {
    const name = t("app.name");
    if (this.phase !== "ready") return name;
    if (!this.session) return `${t("login.title")} · ${name}`;
    const route = resolveRoute(this.path);
    if (route.kind === "area") return `${t(AREA_LABELS[route.area])} · ${name}`;
    if (route.kind === "not_found") return `${t("notFound.title")} · ${name}`;
    return name;
  }

  private tvToken(): string | null {
    const route = resolveRoute(this.path);
    return route.kind === "tv" ? route.token : null;
  }

  private async boot(): Promise<void> {
    clearTimeout(this.bootTimer);
    const resumeTicket = takeResumeTicket();
    const [me, health] = await Promise.allSettled([this.api.me(), this.api.health()]);
    if (health.status === "fulfilled") {
      this.version = health.value.version;
      const standby = health.value.role === "standby";
      this.standbyOf = standby ? (health.value.replication?.peer ?? "") : null;
    }
    if (me.status === "rejected") {
      const reason = me.reason;
      if (!(reason instanceof ApiError) || reason.code !== NETWORK_ERROR) {
        console.error("ui/app: could not load the session", reason);
      }
      this.phase = "unreachable";
      this.bootTimer = setTimeout(() => void this.boot(), RETRY_BOOT_MS);
      return;
    }
    this.session = me.value ?? await this.resume();
    if (this.phase === "unreachable" && !this.session && resumeTicket) {
      // Moved here before this box took over: asked again until it serves.
      this.bootTimer = setTimeout(() => void this.boot(), RETRY_BOOT_MS);
      return;
    }
    this.phase = "ready";
    if (this.session) this.#startSession();
    this.go(location.pathname, { replace: true, focus: false });
  }

  /**
   * Moves to `path`, first sending signed-out users to the login page and
   * signed-in users from `/` or `/login` to their own area.
   */
  private go(path: string, options: { replace?: boolean; focus?: boolean } = {}): void {
    const target = this.settle(path);
    const replace = options.replace || target !== path;
    if (target !== location.pathname) {
      if (replace) history.replaceState(null, "", target);
      else history.pushState(null, "", target);
    }
    const moved = target !== this.path;
    this.path = target;
    if (options.focus ?? true) {
      this.focusPending = true;
      if (moved) globalThis.scrollTo?.(0, 0);
      this.requestUpdate();
    }
  }

  private settle(path: string): string {
    const route = resolveRoute(path);
    const user = this.session?.user;
    if (!user) {
      if (route.kind === "area" || route.kind === "not_found") this.returnTo = path;
      return "/login";
    }
    if (route.kind === "login" || route.kind === "home") {
      const back = this.returnTo;
      this.returnTo = null;
      const backRoute = back ? resolveRoute(back) : null;
      if (backRoute?.kind === "area" && canOpen(user.role, backRoute.area)) return back!;
      // What an admin comes to a standby for: how it follows the primary.
      if (this.standbyOf !== null && user.role === "admin") return STANDBY_HOME;
      return areaPath(homeArea(user.role));
    }
    return path;
  }

  private async focusArea(): Promise<void> {
    const view = this.renderRoot.querySelector<LitElement>("[data-view]");
    if (!view) return;
    await view.updateComplete;
    view.shadowRoot?.querySelector<HTMLElement>("[data-focus-target]")?.focus();
  }

  private async stillSignedIn(): Promise<boolean> {
    try {
      const session = await this.api.me();
      if (!session) {
        this.onSessionEnded();
        return false;
      }
      return true;
    } catch {
      return true;
    }
  }

  /**
   * Signs in with the ticket the page moved here with, once this box serves; null when
   * there is none or it is refused (then the login form shows).
   */
  private async resume(): Promise<Session | null> {
    const ticket = sessionStorage.getItem(RESUME_STORAGE_KEY);
    if (!ticket) return null;
    try {
      const session = await this.api.resume(ticket);
      sessionStorage.removeItem(RESUME_STORAGE_KEY);
      this.moved = true;
      return session;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        sessionStorage.removeItem(RESUME_STORAGE_KEY);
      } else {
        this.phase = "unreachable";
      }
      return null;
    }
  }

  #startSession(): void {
    this.events.start();
    this.failover.start();
  }

  private onSessionEnded(): void {
    if (!this.session) return;
    this.failover.stop();
    this.events.stop();
    this.session = null;
    this.notice = "expired";
    this.go(this.path, { replace: true, focus: false });
  }

  private onLoginSuccess(event: CustomEvent<{ session: Session }>): void {
    this.session = event.detail.session;
    this.notice = null;
    this.#startSession();
    this.go("/login", { replace: true, focus: true });
  }

  private onNavigate(event: CustomEvent<{ path: string }>): void {
    this.go(event.detail.path, { focus: true });
  }

  private async onLogoutRequest(): Promise<void> {
    this.failover.stop();
    this.events.stop();
    try {
      await this.api.logout();
    } catch (error) {
      console.warn("ui/app: sign-out request failed; the session is dropped locally", error);
    }
    this.session = null;
    this.returnTo = null;
    this.notice = "signed_out";
    this.go("/login", { replace: true, focus: false });
  }
}

customElements.define("cc-app", CcApp);

declare global {
  interface HTMLElementTagNameMap {
    "cc-app": CcApp;
  }
}
