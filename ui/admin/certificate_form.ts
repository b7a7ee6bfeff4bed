import { css, html, LitElement, nothing } from "lit";
import { I18nController, type MessageKey, t } from "../common/i18n.ts";
import { baseStyles } from "../common/styles.ts";
import { adminStyles } from "./admin_styles.ts";
import type { SystemFigures, SystemFiguresController } from "./system_figures_controller.ts";

/**
 * The HTTPS certificate in use, and a form to install one's own: certificate and key
 * pasted or read from files, refusals shown under the field they concern.
 */
export class CcCertificateForm extends LitElement {
  static override styles = [
    baseStyles,
    adminStyles,
    css`
      dl {
        display: grid;
        grid-template-columns: 10rem minmax(0, 1fr);
        gap: 0.375rem 1rem;
        margin: 0 0 0.75rem;
        font-size: 0.875rem;
      }
      dt {
        color: var(--cc-text-muted);
        font-weight: 600;
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      textarea {
        font-family: var(--cc-font-mono);
        font-size: 0.75rem;
        min-height: 5rem;
      }
      details {
        margin-bottom: 1rem;
      }
      summary {
        cursor: pointer;
        font-weight: 600;
        margin-bottom: 0.5rem;
      }
      .file {
        justify-self: start;
        font-size: 0.8125rem;
      }
    `,
  ];

  static override properties = {
    controller: { attribute: false },
    system: { attribute: false },
    errors: { state: true },
    notice: { state: true },
    busy: { state: true },
  };

  /** The System page's figures, which hold the certificate and install a new one. */
  declare controller: SystemFiguresController;
  /** The figures as last loaded: a new object after each load, so the element updates. */
  declare system: SystemFigures | null;
  declare private errors: Record<string, string>;
  declare private notice: string | null;
  declare private busy: boolean;

  private readonly i18n = new I18nController(this);

  constructor() {
    super();
    this.system = null;
    this.errors = {};
    this.notice = null;
    this.busy = false;
  }

  override render() {
    const system = this.system;
    const c = system?.certificate;
    const when = (iso: string) => new Date(iso).toLocaleDateString(this.i18n.language);
    return html`
      <h3 id="cert-title">${t("admsys.cert.title")}</h3>
      ${c
        ? html`
          <dl data-testid="certificate">
            <dt>${t("admsys.cert.subject")}</dt>
            <dd>${c.subject}</dd>
            <dt>${t("admsys.cert.issuer")}</dt>
            <dd>${c.issuer}</dd>
            <dt>${t("admsys.cert.names")}</dt>
            <dd>${c.hostnames.join(", ")}</dd>
            <dt>${t("admsys.cert.validTo")}</dt>
            <dd>${when(c.valid_to)}</dd>
            <dt>${t("admsys.cert.source")}</dt>
            <dd>${t(
              `admsys.cert.source.${c.source}` as MessageKey,
            )}</dd>
            <dt>${t("admsys.cert.fingerprint")}</dt>
            <dd><code>${c.fingerprint_sha256}</code></dd>
          </dl>
        `
        : html`<p class="muted">${t("admsys.cert.none")}</p>`}
      ${this.notice
        ? html`<p class="banner good" role="status" data-testid="cert-notice">${this.notice}</p>`
        : nothing}
      ${system?.certificate_configured
        ? html`<p class="hint">${t("admsys.cert.configured")}</p>`
        : this.renderUpload()}
    `;
  }

  private renderUpload() {
    const field = (name: "cert" | "key", label: MessageKey, hint: MessageKey) => {
      const error = this.errors[name];
      return html`
        <label>
          ${t(label)}
          <textarea
            name=${name}
            spellcheck="false"
            autocomplete="off"
            aria-invalid=${error ? "true" : "false"}
            aria-describedby=${error ? `cert-${name}-error cert-${name}-hint` : `cert-${name}-hint`}
            data-testid="cert-${name}"
          ></textarea>
          <span class="hint" id="cert-${name}-hint">${t(hint)}</span>
        </label>
        <label class="file">
          ${t("admsys.cert.chooseFile")}
          <input type="file" accept=".pem,.crt,.cer,.key" @change=${(e: Event) =>
            this.onFile(e, name)} />
        </label>
        ${error
          ? html`<p class="error" id="cert-${name}-error" data-testid="error-${name}">${error}</p>`
          : nothing}
      `;
    };
    return html`
      <details ?open=${Object.keys(this.errors).length > 0}>
        <summary data-testid="cert-open">${t("admsys.cert.upload")}</summary>
        <p class="hint">${t("admsys.cert.intro")}</p>
        <form novalidate @submit=${this.onSubmit} aria-labelledby="cert-title">
          ${field("cert", "admsys.cert.cert", "admsys.cert.certHint")}
          ${field("key", "admsys.cert.key", "admsys.cert.keyHint")}
          <div class="actions">
            <button class="button primary" type="submit" ?disabled=${this
              .busy} data-testid="cert-install">
              ${t("admsys.cert.install")}
            </button>
          </div>
        </form>
      </details>
    `;
  }

  private async onFile(event: Event, name: "cert" | "key"): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    const area = this.renderRoot.querySelector<HTMLTextAreaElement>(`textarea[name="${name}"]`)!;
    area.value = await file.text();
  }

  private async onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    this.busy = true;
    this.notice = null;
    try {
      const result = await this.controller.installCertificate(
        String(data.get("cert") ?? "").trim(),
        String(data.get("key") ?? "").trim(),
      );
      if ("errors" in result) {
        this.errors = result.errors;
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
        return;
      }
      this.errors = {};
      form.reset();
      this.notice = t("admsys.cert.installed", {
        names: result.installed.hostnames.join(", ") || result.installed.subject,
        when: new Date(result.installed.valid_to).toLocaleDateString(this.i18n.language),
      });
    } finally {
      this.busy = false;
    }
  }
}

customElements.define("cc-certificate-form", CcCertificateForm);

declare global {
  interface HTMLElementTagNameMap {
    "cc-certificate-form": CcCertificateForm;
  }
}
