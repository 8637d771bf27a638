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

// Wide tables scroll sideways inside their own region, never the page (360 px phones). A table
// not already in a `.table-wrapper` gets one; each region is named for screen readers (the
// table's caption, else the heading before it) and, while it really scrolls, reachable by
// keyboard (tabindex), so it can be scrolled with the arrow keys (WCAG 2.1.1).
(function () {
  var WRAPPERS = ".table-wrapper, .table-scroll";

  function labelOf(wrapper) {
    var table = wrapper.querySelector("table");
    if (table && table.getAttribute("aria-label")) return table.getAttribute("aria-label");
    var caption = table && table.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    for (var el = wrapper; el && el !== document.body; el = el.parentElement) {
      for (var prev = el.previousElementSibling; prev; prev = prev.previousElementSibling) {
        if (/^H[1-6]$/.test(prev.tagName) && prev.textContent.trim()) {
          return prev.textContent.trim();
        }
        var inner = prev.querySelectorAll ? prev.querySelectorAll("h1, h2, h3, h4, h5, h6") : [];
        if (inner.length) return inner[inner.length - 1].textContent.trim();
      }
    }
    return document.documentElement.lang === "en" ? "Table" : "Tabel";
  }

  function prepare(root) {
    var scope = root && root.querySelectorAll ? root : document;
    scope.querySelectorAll("main table").forEach(function (table) {
      if (table.closest(WRAPPERS)) return;
      var wrapper = document.createElement("div");
      wrapper.className = "table-scroll";
      table.parentNode.insertBefore(wrapper, table);
      wrapper.appendChild(table);
    });
    document.querySelectorAll(WRAPPERS).forEach(function (wrapper) {
      if (!wrapper.hasAttribute("role")) wrapper.setAttribute("role", "region");
      if (!wrapper.hasAttribute("aria-label")) wrapper.setAttribute("aria-label", labelOf(wrapper));
    });
    focusable();
  }

  function focusable() {
    document.querySelectorAll(WRAPPERS).forEach(function (wrapper) {
      if (wrapper.dataset.klyngeOwnTabindex === undefined) {
        wrapper.dataset.klyngeOwnTabindex = wrapper.hasAttribute("tabindex") ? "1" : "0";
      }
      if (wrapper.dataset.klyngeOwnTabindex === "1") return;
      if (wrapper.scrollWidth > wrapper.clientWidth + 1) {
        wrapper.setAttribute("tabindex", "0");
      } else {
        wrapper.removeAttribute("tabindex");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    prepare(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    prepare(event.target);
  });
  window.addEventListener("resize", focusable);
})();

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
