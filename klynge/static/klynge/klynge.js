// Starts DKFDS's components (menus, accordions, alerts) once the page has loaded.
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
});

// Buttons marked data-confirm ask before submitting their form (no inline script needed); also
// buttons that htmx swaps in later, so the listener sits on the document.
document.addEventListener(
  "click",
  function (event) {
    var el = event.target.closest ? event.target.closest("[data-confirm]") : null;
    if (el && !window.confirm(el.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  },
  true
);
