// The agent console's few behaviours, without inline script (the CSP forbids it): SLA countdowns,
// keyboard shortcuts, and manners for htmx's partial updates.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "ru";

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function countdowns(root) {
    var now = Date.now();
    root.querySelectorAll("time[data-countdown]").forEach(function (el) {
      var due = Date.parse(el.getAttribute("datetime"));
      if (isNaN(due)) { return; }
      if (!el.dataset.absolute) { el.dataset.absolute = el.textContent; }
      var left = Math.round((due - now) / 1000);
      var sign = left < 0 ? "−" : "";
      left = Math.abs(left);
      var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
      el.textContent = el.dataset.absolute + " (" + sign + h + ":" + pad(m) + ":" + pad(s) + ")";
      el.classList.toggle("overdue", sign !== "");
    });
  }

  // Partial updates are htmx's (the queue's self-refresh, the canned reply); this only keeps them polite:
  // the queue is not fetched while the tab is hidden, and never replaced under the keyboard.
  // A ticked row (bulk work in progress) holds the queue still too, as the keyboard's focus does.
  function focusInside(elt) {
    if (elt.querySelector("input[name=tickets]:checked")) { return true; }
    return Boolean(document.activeElement && elt.contains(document.activeElement) && document.activeElement !== elt);
  }

  function guardPolling(event) {
    var elt = event.detail.elt;
    if (elt && elt.id === "queue" && (document.hidden || focusInside(elt))) { event.preventDefault(); }
  }

  function guardSwap(event) {
    var target = event.detail.target;
    if (target && target.id === "queue" && focusInside(target)) { event.detail.shouldSwap = false; }
  }

  function shortcuts(event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target.closest("input, textarea, select, [contenteditable]")) {
      if (event.key === "Escape") { target.blur(); }
      return;
    }
    var el = document.querySelector('[data-shortcut="' + event.key + '"]');
    if (!el) { return; }
    event.preventDefault();
    el.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    countdowns(document);
    window.setInterval(function () { countdowns(document); }, 1000);
    document.body.addEventListener("htmx:beforeRequest", guardPolling);
    document.body.addEventListener("htmx:beforeSwap", guardSwap);
    document.body.addEventListener("htmx:afterSettle", function (event) { countdowns(event.detail.elt); });
    document.addEventListener("keydown", shortcuts);
    document.documentElement.dataset.lang = lang;
  });
})();
