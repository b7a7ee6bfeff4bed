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
