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

// A refused htmx request (a 4xx with a short plain message, e.g. "Mødet er ikke begyndt endnu…")
// is shown as an error at the top of the page instead of being dropped silently. The text is
// inserted as text, never as HTML.
document.addEventListener("htmx:responseError", function (event) {
  var xhr = event.detail.xhr;
  var text = xhr && xhr.responseText ? xhr.responseText.trim() : "";
  if (!text || text.length > 500 || text.charAt(0) === "<") {
    text = document.documentElement.lang === "en"
      ? "That could not be saved. Reload the page and try again."
      : "Det kunne ikke gemmes. Genindlæs siden og prøv igen.";
  }
  var main = document.getElementById("main-content");
  if (!main) {
    return;
  }
  var box = document.getElementById("klynge-htmx-error");
  if (!box) {
    box = document.createElement("div");
    box.id = "klynge-htmx-error";
    box.className = "alert alert-error";
    box.setAttribute("role", "alert");
    var body = document.createElement("div");
    body.className = "alert-body";
    var p = document.createElement("p");
    p.className = "alert-text";
    body.appendChild(p);
    box.appendChild(body);
    main.insertBefore(box, main.firstChild);
  }
  box.querySelector(".alert-text").textContent = text;
  box.scrollIntoView({ block: "nearest" });
});
