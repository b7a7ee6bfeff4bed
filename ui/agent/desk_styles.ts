/**
 * Styles shared by the agent desktop's elements: compact panels, form
 * fields, chips, alerts and small buttons sized for a 1366 × 768 screen.
 *
 * @module
 */

import { css } from "lit";

/** Panels, fields, chips and alerts of the agent desktop. */
export const deskStyles = css`
  :host {
    display: block;
    font-size: 0.875rem;
  }
  .card {
    border: 1px solid var(--cc-border);
    border-radius: var(--cc-radius-lg);
    background: var(--cc-surface);
    box-shadow: var(--cc-shadow);
  }
  .card-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    min-height: 2.75rem;
    padding: 0.5rem 0.875rem;
    border-bottom: 1px solid var(--cc-border);
  }
  .card-head h2,
  .card-head h3 {
    display: flex;
    align-items: center;
    gap: 0.4375rem;
    margin: 0;
    font-size: 0.875rem;
    font-weight: 650;
  }
  .card-body {
    padding: 0.75rem 0.875rem;
  }
  .muted {
    color: var(--cc-text-muted);
  }
  .subtle {
    color: var(--cc-text-subtle);
    font-size: 0.8125rem;
  }
  .button.small {
    min-height: 2rem;
    padding: 0.3125rem 0.625rem;
    font-size: 0.8125rem;
  }
  .button.success {
    border-color: var(--cc-success);
    background: var(--cc-success);
    color: #fff;
  }
  .button.success:hover {
    filter: brightness(0.94);
  }
  .button.danger {
    border-color: var(--cc-danger);
    background: var(--cc-danger);
    color: #fff;
  }
  .button.danger:hover {
    filter: brightness(0.94);
  }
  .button[aria-pressed="true"] {
    border-color: var(--cc-warning-border);
    background: var(--cc-warning-soft);
    color: var(--cc-warning-text);
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    padding: 0.0625rem 0.5rem;
    border: 1px solid var(--cc-border);
    border-radius: 999px;
    background: var(--cc-surface-muted);
    color: var(--cc-text-muted);
    font-size: 0.75rem;
    font-weight: 600;
    white-space: nowrap;
  }
  .chip.accent {
    border-color: var(--cc-info-border);
    background: var(--cc-info-soft);
    color: var(--cc-info-text);
  }
  .chip.warn {
    border-color: var(--cc-warning-border);
    background: var(--cc-warning-soft);
    color: var(--cc-warning-text);
  }
  .chip.danger {
    border-color: var(--cc-danger-border);
    background: var(--cc-danger-soft);
    color: var(--cc-danger-text);
  }
  .chip.ok {
    border-color: transparent;
    background: var(--cc-success-soft);
    color: var(--cc-success);
  }
  .alert {
    display: flex;
    gap: 0.5rem;
    align-items: flex-start;
    padding: 0.5rem 0.625rem;
    border: 1px solid var(--cc-danger-border);
    border-radius: var(--cc-radius);
    background: var(--cc-danger-soft);
    color: var(--cc-danger-text);
    font-size: 0.8125rem;
    line-height: 1.4;
  }
  .alert.warn {
    border-color: var(--cc-warning-border);
    background: var(--cc-warning-soft);
    color: var(--cc-warning-text);
  }
  .alert.info {
    border-color: var(--cc-info-border);
    background: var(--cc-info-soft);
    color: var(--cc-info-text);
  }
  .alert.ok {
    border-color: transparent;
    background: var(--cc-success-soft);
    color: var(--cc-success);
  }
  .field {
    display: grid;
    gap: 0.25rem;
    margin-bottom: 0.625rem;
  }
  .field label,
  .label {
    color: var(--cc-text-muted);
    font-size: 0.75rem;
    font-weight: 600;
  }
  input[type="text"],
  input[type="search"],
  input[type="datetime-local"],
  select,
  textarea {
    width: 100%;
    min-height: 2.125rem;
    padding: 0.375rem 0.5rem;
    border: 1px solid var(--cc-border-strong);
    border-radius: var(--cc-radius);
    background: var(--cc-surface);
    color: var(--cc-text);
    font: inherit;
  }
  textarea {
    resize: vertical;
    line-height: 1.45;
  }
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible {
    outline: 2px solid var(--cc-focus);
    outline-offset: 0;
  }
  [aria-invalid="true"] {
    border-color: var(--cc-danger);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .grow {
    flex: 1;
    min-width: 0;
  }
  .empty-note {
    display: grid;
    justify-items: center;
    gap: 0.375rem;
    padding: 1.5rem 0.75rem;
    color: var(--cc-text-muted);
    text-align: center;
  }
  .empty-note .art {
    display: grid;
    place-items: center;
    width: 2.75rem;
    height: 2.75rem;
    border-radius: 50%;
    background: var(--cc-accent-soft);
    color: var(--cc-accent);
  }
  .empty-note strong {
    color: var(--cc-text);
  }
  ul.plain {
    margin: 0;
    padding: 0;
    list-style: none;
  }
`;

/** The desk's work-list tables (cases, tasks): full width, muted small headings, rows ruled. */
export const deskTableStyles = css`
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    padding: 0.375rem 0.5rem;
    border-bottom: 1px solid var(--cc-border);
    text-align: left;
    vertical-align: top;
  }
  th {
    color: var(--cc-text-muted);
    font-size: 0.75rem;
    font-weight: 600;
  }
`;
