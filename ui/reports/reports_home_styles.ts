import { css } from "lit";

/** The reports area's own layout: the tabs, the chart beside the table, notices. */
export const reportsHomeStyles = css`
  .panel {
    display: grid;
    gap: 1rem;
    padding: 0.875rem 1rem;
    border: 1px solid var(--cc-border);
    border-radius: var(--cc-radius-lg);
    background: var(--cc-surface);
  }
  .panel > * {
    /* Grid items would otherwise grow to the table's width. */
    min-width: 0;
  }
  .tabs {
    display: flex;
    gap: 0.5rem;
    border-bottom: 1px solid var(--cc-border);
  }
  .tab {
    font: inherit;
    padding: 0.375rem 0.75rem;
    border: 0;
    border-bottom: 2px solid transparent;
    background: none;
    cursor: pointer;
  }
  .tab[aria-selected="true"] {
    border-bottom-color: var(--cc-accent);
    color: var(--cc-accent);
  }
  h2 {
    margin: 0;
    font-size: 1.0625rem;
  }
  .actions {
    display: flex;
    gap: 1rem;
    align-items: center;
  }
  .error {
    color: var(--cc-danger-text);
  }
  .notice {
    color: var(--cc-text-muted);
  }
  .list-head {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
  }
  h3 {
    margin: 0;
    font-size: 0.9375rem;
  }
`;
