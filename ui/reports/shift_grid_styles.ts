import { css } from "lit";

/** The week's grid: fixed day columns, a 24-hour track per cell, shifts and breaks as text. */
export const shiftGridStyles = css`
  :host {
    display: block;
  }
  .scroll {
    overflow-x: auto;
  }
  table {
    width: 100%;
    min-width: 56rem;
    border-collapse: collapse;
    table-layout: fixed;
    font-size: 0.8125rem;
  }
  col.agent {
    width: 8rem;
  }
  col.hours {
    width: 3.5rem;
  }
  th,
  td {
    padding: 0.375rem 0.4375rem;
    border: 1px solid var(--cc-border);
    vertical-align: top;
    text-align: left;
  }
  thead th {
    background: var(--cc-surface-muted);
    font-weight: 600;
    white-space: nowrap;
  }
  thead th.today {
    color: var(--cc-accent);
    box-shadow: inset 0 -2px 0 var(--cc-accent);
  }
  tbody th {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  td.today {
    background: var(--cc-accent-soft);
  }
  .hours,
  tfoot td {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  tfoot th,
  tfoot td {
    background: var(--cc-surface-muted);
    color: var(--cc-text-muted);
  }
  .cell-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.25rem;
  }
  .track {
    position: relative;
    flex: 1;
    height: 0.5rem;
    border-radius: 999px;
    background: var(--cc-border);
  }
  .bar {
    position: absolute;
    top: 0;
    bottom: 0;
    border-radius: 999px;
    background: var(--cc-accent);
  }
  .pause {
    position: absolute;
    top: 0;
    bottom: 0;
    background: var(--cc-warning);
  }
  ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  li {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.25rem;
    font-variant-numeric: tabular-nums;
  }
  li.shift {
    font-weight: 600;
  }
  li.break {
    padding-left: 0.25rem;
    color: var(--cc-warning-text);
    font-size: 0.75rem;
    white-space: nowrap;
  }
  .swatch {
    display: inline-block;
    width: 0.5rem;
    height: 0.5rem;
    margin-right: 0.25rem;
    border-radius: 2px;
    background: var(--cc-warning);
  }
  .swatch.shift {
    background: var(--cc-accent);
  }
  .legend {
    display: flex;
    gap: 1rem;
    margin: 0 0 0.375rem;
    color: var(--cc-text-muted);
    font-size: 0.75rem;
  }
  .next {
    color: var(--cc-text-muted);
    font-weight: 400;
  }
  .off {
    color: var(--cc-text-subtle);
  }
  button.icon-button {
    flex: none;
    width: 1.375rem;
    height: 1.375rem;
    padding: 0;
    border: 1px solid transparent;
    border-radius: var(--cc-radius);
    background: none;
    color: var(--cc-text-muted);
    font: inherit;
    line-height: 1;
    cursor: pointer;
  }
  button.icon-button:hover {
    border-color: var(--cc-border-strong);
    color: var(--cc-danger-text);
  }
  button.add {
    color: var(--cc-accent);
    font-size: 1rem;
  }
  button.add:hover {
    color: var(--cc-accent-strong);
  }
`;
