import { css } from "lit";

/** How the planner's inputs and choices look, wherever they stand. */
export const controlLook = css`
  font: inherit;
  min-height: 2.25rem;
  padding: 0.25rem 0.5rem;
  border: 1px solid var(--cc-border-strong);
  border-radius: var(--cc-radius);
  background: var(--cc-surface);
  color: var(--cc-text);
`;

/** Styles of the planner's forms: labelled fields in a row, each refusal under its input. */
export const planFormStyles = css`
  form {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 0.75rem;
    align-items: start;
  }
  .field {
    display: grid;
    gap: 0.25rem;
    font-size: 0.8125rem;
  }
  .field label {
    color: var(--cc-text-muted);
    font-weight: 500;
  }
  .field .hint {
    margin: 0;
    max-width: 32rem;
    color: var(--cc-text-subtle);
    font-size: 0.75rem;
  }
  .field .error {
    max-width: 16rem;
    margin: 0;
    color: var(--cc-danger-text);
    font-weight: 500;
  }
  input,
  select {
    ${controlLook} font-size: 0.875rem;
  }
  [aria-invalid="true"] {
    border-color: var(--cc-danger);
    outline-color: var(--cc-danger);
  }
  .check {
    display: flex;
    align-items: center;
    gap: 0.375rem;
    min-height: 2.25rem;
    /* Level with the inputs, below their labels. */
    margin-top: calc(0.8125rem * 1.5 + 0.25rem);
    font-size: 0.8125rem;
  }
  .check input {
    min-height: 0;
  }
  form > .button {
    min-height: 2.25rem;
    margin-top: calc(0.8125rem * 1.5 + 0.25rem);
  }
`;
