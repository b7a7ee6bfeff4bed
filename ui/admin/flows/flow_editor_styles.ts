import { css } from "lit";

/** The editor's layout: palette, canvas, properties and the simulator around them. */
export const flowEditorStyles = css`
  :host {
    display: block;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.375rem;
    align-items: center;
    margin-bottom: 0.5rem;
  }
  .bar h2 {
    margin: 0 0.5rem 0 0;
    font-size: 1.15rem;
  }
  .bar .spacer {
    flex: 1;
  }
  .bar input {
    width: 10rem;
  }
  .bar .button,
  .palette .button {
    min-height: 0;
    padding: 0.25rem 0.6rem;
    font-size: 0.85rem;
  }
  .status {
    font-size: 0.85rem;
    color: var(--cc-text-muted);
  }
  .status.bad {
    color: var(--cc-danger, #c62828);
    font-weight: 600;
  }
  .body {
    display: grid;
    grid-template-columns: 9rem minmax(0, 1fr) 21rem;
    gap: 0.5rem;
    height: calc(100vh - 13rem);
    min-height: 26rem;
  }
  .palette {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    overflow-y: auto;
  }
  .palette button {
    display: flex;
    gap: 0.375rem;
    align-items: center;
    justify-content: flex-start;
    padding: 0.25rem 0.4rem;
    font-size: 0.8rem;
    cursor: grab;
    text-align: left;
  }
  cc-flow-canvas {
    height: 100%;
  }
  .side {
    display: flex;
    flex-direction: column;
    min-height: 0;
    border: 1px solid var(--cc-border);
    border-radius: var(--cc-radius);
    background: var(--cc-surface);
  }
  [role="tablist"] {
    display: flex;
    border-bottom: 1px solid var(--cc-border);
  }
  [role="tab"] {
    flex: 1;
    padding: 0.4rem 0.25rem;
    border: 0;
    background: none;
    font: inherit;
    font-size: 0.8rem;
    cursor: pointer;
  }
  [role="tab"][aria-selected="true"] {
    box-shadow: inset 0 -2px 0 var(--cc-accent);
    font-weight: 600;
  }
  [role="tabpanel"] {
    padding: 0.625rem;
    overflow-y: auto;
    flex: 1;
  }
  .figures {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 0.5rem;
    margin: 0.5rem 0;
  }
  .figures div {
    padding: 0.375rem;
    border: 1px solid var(--cc-border);
    border-radius: var(--cc-radius);
  }
  .figures strong {
    display: block;
    font-size: 1.2rem;
  }
`;
