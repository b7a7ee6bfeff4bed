import { css } from "lit";

/** The layout shared by the admin screens: list beside form, fields in a column. */
export const adminStyles = css`
  .screen {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(20rem, 26rem);
    gap: 1rem;
    align-items: start;
  }
  @media (max-width: 60rem) {
    .screen {
      grid-template-columns: 1fr;
    }
  }
  .toolbar {
    display: flex;
    gap: 0.5rem;
    align-items: end;
    margin-bottom: 0.75rem;
  }
  .toolbar label {
    flex: 1;
  }
  label,
  .field {
    display: grid;
    gap: 0.25rem;
    font-size: 0.875rem;
    font-weight: 500;
  }
  input,
  select,
  textarea {
    font: inherit;
    font-weight: 400;
    padding: 0.375rem 0.5rem;
    border: 1px solid var(--cc-border-strong);
    border-radius: var(--cc-radius);
    background: var(--cc-surface);
    color: var(--cc-text);
    min-width: 0;
  }
  input[type="checkbox"] {
    width: 1.1rem;
    height: 1.1rem;
  }
  input[aria-invalid="true"],
  select[aria-invalid="true"] {
    border-color: var(--cc-danger, #b42318);
  }
  .check {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    grid-template-columns: none;
  }
  .hint {
    margin: 0;
    color: var(--cc-text-muted);
    font-size: 0.8125rem;
    font-weight: 400;
  }
  .preview {
    margin: 0;
    font-size: 0.875rem;
    font-variant-numeric: tabular-nums;
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  }
  .error {
    margin: 0;
    color: var(--cc-danger, #b42318);
    font-size: 0.8125rem;
    font-weight: 500;
  }
  .banner {
    padding: 0.5rem 0.75rem;
    border-radius: var(--cc-radius);
    margin: 0 0 0.75rem;
    font-size: 0.875rem;
  }
  .banner.bad {
    background: #fef3f2;
    color: #912018;
    border: 1px solid #fecdca;
  }
  .banner.good {
    background: #ecfdf3;
    color: #05603a;
    border: 1px solid #abefc6;
  }
  form {
    display: grid;
    gap: 0.75rem;
  }
  .actions {
    display: flex;
    gap: 0.5rem;
    flex-wrap: wrap;
  }
  .actions .spacer {
    flex: 1;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.875rem;
  }
  th,
  td {
    text-align: left;
    padding: 0.375rem 0.5rem;
    border-bottom: 1px solid var(--cc-border);
  }
  th {
    color: var(--cc-text-muted);
    font-weight: 600;
  }
  tr.selected td {
    background: var(--cc-accent-soft);
  }
  td button.link {
    padding: 0;
    border: 0;
    background: none;
    color: var(--cc-link);
    font: inherit;
    cursor: pointer;
    text-align: left;
  }
  .levels {
    display: grid;
    grid-template-columns: 1fr 5rem;
    gap: 0.25rem 0.5rem;
    align-items: center;
  }
  .levels span {
    font-weight: 400;
  }
  .muted {
    color: var(--cc-text-muted);
  }
  .panel-body {
    overflow-x: auto;
  }
  audio {
    width: 11rem;
    height: 2rem;
  }
`;
