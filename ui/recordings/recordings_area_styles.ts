import { css } from "lit";

/** The recordings area's own layout: search, results, player, QA panels and forms. */
export const recordingsAreaStyles = css`
  form {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 0.75rem;
    align-items: end;
    margin-bottom: 0.875rem;
  }
  label {
    display: grid;
    gap: 0.25rem;
    font-size: 0.8125rem;
    color: var(--cc-text-muted);
  }
  input,
  select {
    font: inherit;
    max-width: 11rem;
  }
  .grid {
    display: grid;
    grid-template-columns: minmax(0, 0.9fr) minmax(0, 1.3fr);
    gap: 0.875rem;
    align-items: start;
  }
  .panel {
    border: 1px solid var(--cc-border);
    border-radius: var(--cc-radius-lg);
    background: var(--cc-surface);
    box-shadow: var(--cc-shadow);
    padding: 0.75rem;
    min-width: 0;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.8125rem;
  }
  th,
  td {
    padding: 0.375rem 0.375rem;
    text-align: left;
    border-bottom: 1px solid var(--cc-border);
  }
  tr[aria-selected="true"] td {
    background: var(--cc-surface-muted);
  }
  td button {
    border: 0;
    background: none;
    padding: 0;
    font: inherit;
    color: var(--cc-accent);
    cursor: pointer;
    text-decoration: underline;
  }
  h2 {
    margin: 0 0 0.5rem;
    font-size: 1rem;
  }
  .empty {
    color: var(--cc-text-muted);
  }
  .evaluations {
    margin-top: 0.875rem;
  }
  h3 {
    margin: 0.75rem 0 0.375rem;
    font-size: 0.9375rem;
  }
  form.calibrate {
    margin: 0.75rem 0 0;
    align-items: start;
  }
  form.calibrate .field {
    display: grid;
    /* The choice keeps its width when a refusal beneath it is wider. */
    justify-items: start;
    gap: 0.25rem;
    font-size: 0.8125rem;
  }
  form.calibrate label {
    display: block;
  }
  form.calibrate .error,
  form.calibrate .notice {
    /* As wide as the inputs, so a refusal does not push the start button to a new line. */
    max-width: 11rem;
    margin: 0;
    color: var(--cc-danger-text, var(--cc-danger, #b42318));
    font-weight: 500;
    font-size: 0.8125rem;
  }
  form.calibrate .notice {
    flex-basis: 100%;
    max-width: none;
  }
  form.calibrate [aria-invalid="true"] {
    border-color: var(--cc-danger, #b42318);
    outline-color: var(--cc-danger, #b42318);
  }
  form.calibrate button[type="submit"] {
    /* Level with the inputs, below their labels. */
    margin-top: calc(0.8125rem * 1.5 + 0.25rem);
  }
`;
