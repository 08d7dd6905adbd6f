// Keyboard for the review page: a key clicks the element whose data-key names it (y, n, u, z, arrows).
// Without this file the page still works with the mouse; htmx (hx-boost) swaps pages without reloads.
document.addEventListener("keydown", (event) => {
  if (event.repeat || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target instanceof HTMLElement && event.target.closest("input, textarea, select")) return;
  // One answer at a time: ignore keys while a request is in flight.
  if (document.querySelector(".htmx-request")) return;
  const target = document.querySelector(`[data-key="${CSS.escape(event.key)}"]`);
  if (!(target instanceof HTMLElement)) return;
  event.preventDefault();
  target.click();
});
