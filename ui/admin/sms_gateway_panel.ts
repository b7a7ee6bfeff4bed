import { html, LitElement, nothing } from "lit";
import type { ApiClient } from "../common/api_client.ts";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { areaStyles, baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";
import { SmsGatewayController, type SmsGatewayForm } from "./sms_gateway_controller.ts";

/**
 * The SMS gateway: where and how texts are sent, the webhook's secret, and the limits.
 * The token and secret are never shown; a blank field keeps what is stored.
 *
 * @fires admin-changed - after a save
 */
export class CcSmsGatewayPanel extends LitElement {
  static override styles = [baseStyles, areaStyles, adminStyles];

  static override properties = {
    api: { attribute: false },
    errors: { state: true },
    notice: { state: true },
  };

  declare api: ApiClient;
  declare private errors: Record<string, string>;
  declare private notice: string | null;

  private readonly i18n = new I18nController(this);
  private data: SmsGatewayController | undefined;

  constructor() {
    super();
    this.errors = {};
    this.notice = null;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("api") && !this.data) {
      this.data = new SmsGatewayController(
        this,
        <T>(method: string, path: string, body?: unknown) =>
          this.api.request<T>(method, path, body),
      );
      void this.data.load();
    }
  }

  override render() {
    const g = this.data?.gateway;
    if (!g) return nothing;
    const error = (key: string) =>
      this.errors[key]
        ? html`<p class="error" data-testid="error-${key}">${this.errors[key]}</p>`
        : nothing;
    const field = (name: string, label: MessageKey, value: string | number, type = "text") =>
      html`
        <label>
          ${t(label)}
          <input name=${name} type=${type} .value=${String(value)}
            aria-invalid=${this.errors[name] ? "true" : "false"} />
        </label>
        ${error(name)}
      `;
    const secret = (name: string, label: MessageKey, set: boolean) =>
      html`
        <label>
          ${t(label)}
          <input name=${name} type="password" autocomplete="off"
            placeholder=${set ? t("smsGateway.keep") : t("smsGateway.unset")}
            aria-invalid=${this.errors[name] ? "true" : "false"} />
        </label>
        ${error(name)}
      `;
    return html`
      <section class="panel" aria-labelledby="sms-gateway-title" data-testid="admin-sms-gateway">
        <header>
          <h2 id="sms-gateway-title">${t("smsGateway.title")}</h2>
          <p class="intro">${t("smsGateway.intro")}</p>
        </header>
        <div class="panel-body">
          ${this.notice
            ? html`<p class="banner good" role="status" data-testid="notice">${this.notice}</p>`
            : nothing}
          <form novalidate @submit=${this.onSave}>
            <label class="check">
              <input type="checkbox" name="enabled" .checked=${g.enabled} />
              ${t("smsGateway.enabled")}
            </label>
            ${field("send_url", "smsGateway.sendUrl", g.send_url ?? "", "url")}
            <label>
              ${t("smsGateway.method")}
              <select name="method">
                ${["POST", "PUT"].map((m) =>
                  html`<option value=${m} ?selected=${g.method === m}>${m}</option>`
                )}
              </select>
            </label>
            ${field("auth_header", "smsGateway.authHeader", g.auth_header ?? "")}
            ${secret("auth_token", "smsGateway.authToken", g.auth_token_set)}
            <label>
              ${t("smsGateway.bodyFormat")}
              <select name="body_format">
                ${["json", "form"].map((f) =>
                  html`<option value=${f} ?selected=${g.body_format === f}>${f}</option>`
                )}
              </select>
            </label>
            <label>
              ${t("smsGateway.bodyTemplate")}
              <textarea name="body_template" rows="3" .value=${g.body_template}
                aria-invalid=${this.errors.body_template ? "true" : "false"}></textarea>
            </label>
            ${error("body_template")}
            ${field("from", "smsGateway.from", g.from)}
            ${secret("inbound_secret", "smsGateway.inboundSecret", g.inbound_secret_set)}
            ${field("inbound_per_minute", "smsGateway.perMinute", g.inbound_per_minute, "number")}
            ${field(
              "conversation_idle_hours",
              "smsGateway.idleHours",
              g.conversation_idle_hours,
              "number",
            )}
            ${field("response_target_s", "smsGateway.target", g.response_target_s, "number")}
            ${field("send_attempts", "smsGateway.attempts", g.send_attempts, "number")}
            <div class="actions">
              <button class="button primary" type="submit" data-testid="save">${t(
                "admin.form.save",
              )}</button>
            </div>
          </form>
        </div>
      </section>
    `;
  }

  private async onSave(event: Event): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? "");
    const number = (name: string) => Number(form.get(name));
    const values: SmsGatewayForm = {
      enabled: form.get("enabled") === "on",
      send_url: text("send_url"),
      method: text("method") as SmsGatewayForm["method"],
      auth_header: text("auth_header"),
      auth_token: text("auth_token"),
      body_format: text("body_format") as SmsGatewayForm["body_format"],
      body_template: text("body_template"),
      from: text("from").trim(),
      inbound_secret: text("inbound_secret"),
      inbound_per_minute: number("inbound_per_minute"),
      conversation_idle_hours: number("conversation_idle_hours"),
      response_target_s: number("response_target_s"),
      send_attempts: number("send_attempts"),
    };
    const errors = await this.data!.save(values);
    this.errors = errors ?? {};
    this.notice = errors ? null : t("admin.form.saved");
    if (!errors) {
      this.dispatchEvent(new CustomEvent("admin-changed", { bubbles: true, composed: true }));
    }
  }
}

customElements.define("cc-sms-gateway-panel", CcSmsGatewayPanel);

declare global {
  interface HTMLElementTagNameMap {
    "cc-sms-gateway-panel": CcSmsGatewayPanel;
  }
}
