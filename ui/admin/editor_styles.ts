import { css } from "lit";

/**
 * The layout of the screens that edit long text (knowledge-base articles, agent
 * scripts): a narrow list beside a wide editor whose text and preview sit side by side,
 * stacking when the window is narrow.
 */
export const editorStyles = css`
  .screen.wide {
    grid-template-columns: minmax(14rem, 20rem) minmax(0, 1fr);
  }
  .pair {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    gap: 0.75rem;
    align-items: start;
  }
  @media (max-width: 75rem) {
    .pair {
      grid-template-columns: 1fr;
    }
  }
  .row2 {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    gap: 0.75rem;
    align-items: start;
  }
  textarea {
    width: 100%;
    min-height: 10rem;
    resize: vertical;
    line-height: 1.5;
  }
  textarea.code {
    font-family: var(--cc-font-mono, ui-monospace, monospace);
    font-size: 0.875rem;
  }
  textarea[aria-invalid="true"] {
    border-color: var(--cc-danger, #b42318);
  }
  .preview {
    min-height: 10rem;
    max-height: 26rem;
    overflow-y: auto;
    margin: 0;
    padding: 0.625rem 0.75rem;
    border-left: 3px solid var(--cc-accent);
    border-radius: 0 var(--cc-radius) var(--cc-radius) 0;
    background: var(--cc-surface-muted);
    font-size: 0.9rem;
    font-weight: 400;
    line-height: 1.55;
    overflow-wrap: anywhere;
  }
  .preview .text {
    white-space: pre-wrap;
  }
  .preview h3 {
    margin: 0 0 0.5rem;
    font-size: 1rem;
    white-space: normal;
  }
  .chip {
    display: inline-block;
    margin: 0 0.25rem 0.25rem 0;
    padding: 0 0.5rem;
    border-radius: 999px;
    background: var(--cc-accent-soft);
    font-size: 0.75rem;
  }
  .list-scroll {
    max-height: 32rem;
    overflow-y: auto;
  }
`;
