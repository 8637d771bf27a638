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

// Attendance at the door: after a tap swaps the row, focus stays on the row's chosen button (or
// its first), so the next tap or a screen reader continues where the person was.
var klyngeKeepFocus = null;
document.addEventListener("htmx:beforeRequest", function (event) {
  var row = event.detail.elt.closest ? event.detail.elt.closest(".klynge-attendance-row") : null;
  klyngeKeepFocus = row ? row.id : null;
});
document.addEventListener("htmx:afterSettle", function () {
  if (!klyngeKeepFocus) {
    return;
  }
  var row = document.getElementById(klyngeKeepFocus);
  klyngeKeepFocus = null;
  if (!row) {
    return;
  }
  var button = row.querySelector("button[aria-pressed=true]") || row.querySelector("button");
  if (button) {
    button.focus();
  }
});
