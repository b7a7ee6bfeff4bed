/**
 * Styles shared by the UI's elements. Colours, spacing and type come from the
 * custom properties defined on `:root` in `ui/app.css`, which reach into every
 * shadow root.
 *
 * @module
 */

import { css, html, nothing, type TemplateResult } from "lit";
import type { User } from "./api_client.ts";
import { t } from "./i18n.ts";
import { icons } from "./icons.ts";

/** Box sizing, focus ring, buttons and the visually-hidden helper. */
export const baseStyles = css`
  :host {
    box-sizing: border-box;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  .icon {
    flex: none;
    display: block;
  }
  :focus-visible {
    outline: 2px solid var(--cc-focus);
    outline-offset: 2px;
    border-radius: 4px;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5rem;
    min-height: 2.5rem;
    padding: 0.5rem 1rem;
    border: 1px solid var(--cc-border-strong);
    border-radius: var(--cc-radius);
    background: var(--cc-surface);
    color: var(--cc-text);
    font: inherit;
    font-weight: 600;
    line-height: 1.2;
    text-decoration: none;
    cursor: pointer;
    transition: background-color 120ms ease, border-color 120ms ease, color 120ms ease;
  }
  .button:hover {
    background: var(--cc-surface-muted);
  }
  .button:focus-visible {
    border-radius: var(--cc-radius);
  }
  .button.primary {
    border-color: var(--cc-accent);
    background: var(--cc-accent);
    color: var(--cc-on-accent);
  }
  .button.primary:hover {
    border-color: var(--cc-accent-strong);
    background: var(--cc-accent-strong);
  }
  .button[disabled],
  .button[aria-disabled="true"] {
    cursor: not-allowed;
    opacity: 0.6;
  }
  .button.primary[disabled]:hover {
    background: var(--cc-accent);
  }
  a {
    color: var(--cc-link);
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
      animation: none !important;
    }
  }
`;

/** Page header, panels and feature lists used by the work areas. */
export const areaStyles = css`
  :host {
    display: block;
  }
  .area-header {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    justify-content: space-between;
    gap: 0.75rem 1.5rem;
    margin-bottom: 1.5rem;
  }
  .area-header h1 {
    margin: 0;
    font-size: 1.625rem;
    font-weight: 650;
    letter-spacing: -0.01em;
    line-height: 1.25;
  }
  /* Headings receive focus only programmatically, after navigation; no ring. */
  .area-header h1:focus,
  .area-header h1:focus-visible {
    outline: none;
  }
  .lead {
    margin: 0.375rem 0 0;
    max-width: 60ch;
    color: var(--cc-text-muted);
  }
  .who {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.375rem 0.75rem;
    border: 1px solid var(--cc-border);
    border-radius: 999px;
    background: var(--cc-surface);
    color: var(--cc-text-muted);
    font-size: 0.875rem;
  }
  .who {
    margin: 0;
  }
  .who strong {
    color: var(--cc-text);
    font-weight: 600;
  }
  .who .role {
    padding-left: 0.5rem;
    border-left: 1px solid var(--cc-border);
  }
  .grid {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1.6fr);
    gap: 1.25rem;
    align-items: start;
  }
  @media (max-width: 900px) {
    .grid {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .panel {
    border: 1px solid var(--cc-border);
    border-radius: var(--cc-radius-lg);
    background: var(--cc-surface);
    box-shadow: var(--cc-shadow);
  }
  .panel > header {
    padding: 1rem 1.25rem 0;
  }
  .panel h2 {
    margin: 0;
    font-size: 1rem;
    font-weight: 650;
  }
  .panel .intro {
    margin: 0.25rem 0 0;
    color: var(--cc-text-muted);
    font-size: 0.875rem;
  }
  .panel-body {
    padding: 1rem 1.25rem 1.25rem;
  }
  .empty {
    display: grid;
    justify-items: center;
    gap: 0.5rem;
    padding: 2.5rem 1.5rem;
    text-align: center;
  }
  .empty .art {
    display: grid;
    place-items: center;
    width: 3.5rem;
    height: 3.5rem;
    margin-bottom: 0.25rem;
    border-radius: 50%;
    background: var(--cc-accent-soft);
    color: var(--cc-accent);
  }
  .empty h2,
  .empty h3 {
    margin: 0;
    font-size: 1rem;
    font-weight: 650;
  }
  .empty p {
    margin: 0;
    max-width: 38ch;
    color: var(--cc-text-muted);
    font-size: 0.9375rem;
  }
  .features {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
    gap: 0.75rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .features li {
    display: flex;
    gap: 0.75rem;
    padding: 0.875rem;
    border: 1px solid var(--cc-border);
    border-radius: var(--cc-radius);
    background: var(--cc-surface-muted);
  }
  .features .feature-icon {
    display: grid;
    place-items: center;
    flex: none;
    width: 2.25rem;
    height: 2.25rem;
    border-radius: var(--cc-radius);
    background: var(--cc-surface);
    color: var(--cc-accent);
    border: 1px solid var(--cc-border);
  }
  .features h3 {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.375rem;
    margin: 0 0 0.125rem;
    font-size: 0.9375rem;
    font-weight: 600;
  }
  .features p {
    margin: 0;
    color: var(--cc-text-muted);
    font-size: 0.875rem;
    line-height: 1.45;
  }
  .tag {
    display: inline-block;
    padding: 0.0625rem 0.4375rem;
    border-radius: 999px;
    background: var(--cc-surface);
    border: 1px solid var(--cc-border);
    color: var(--cc-text-muted);
    font-size: 0.6875rem;
    font-weight: 600;
    letter-spacing: 0.02em;
    text-transform: uppercase;
  }
  dl.facts {
    display: grid;
    grid-template-columns: auto 1fr;
    gap: 0.5rem 1rem;
    margin: 0;
  }
  dl.facts dt {
    color: var(--cc-text-muted);
    font-size: 0.875rem;
  }
  dl.facts dd {
    margin: 0;
    font-weight: 600;
  }
`;

/** The "signed in as" pill shown beside an area's heading (styled by {@linkcode areaStyles}). */
export function signedInAs(user: User | null): TemplateResult | typeof nothing {
  if (!user) return nothing;
  return html`<p class="who" data-testid="signed-in-as">
    ${icons.headset(16)}<span>${t("area.signedInAs")}</span>
    <strong>${user.display_name || user.username}</strong>
    <span class="role">${t(`role.${user.role}`)}</span>
  </p>`;
}
