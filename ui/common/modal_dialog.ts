import { css } from "lit";

/**
 * Opens or closes the `<dialog>` a component renders so that it follows the component's
 * state: `showModal()` when there is something to show (the page behind becomes inert and
 * Escape sends `cancel`), focusing `focus` inside it, and `close()` when there is not.
 */
export function followModal(root: ParentNode, open: boolean, focus: string): void {
  const dialog = root.querySelector("dialog");
  if (!dialog) return;
  if (open && !dialog.open) {
    dialog.showModal();
    dialog.querySelector<HTMLElement>(focus)?.focus();
  } else if (!open && dialog.open) dialog.close();
}

/** A modal dialog's frame, backdrop and heading; the component sets its own `max-width`. */
export const modalStyles = css`
  dialog {
    width: calc(100vw - 2rem);
    border: 1px solid var(--cc-border);
    border-radius: var(--cc-radius-lg);
    background: var(--cc-surface);
    color: var(--cc-text);
    padding: 1rem 1.25rem;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.35);
  }
  dialog h2 {
    margin: 0 0 0.5rem;
    font-size: 1.0625rem;
  }
`;
