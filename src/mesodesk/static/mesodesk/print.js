// The patient document's "Print" button: a script file, as the Content-Security-Policy allows no inline handler.
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print]")) window.print();
});
