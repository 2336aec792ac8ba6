// The agent console's few behaviours, without inline script (the CSP forbids it):
// live refresh of the queue, SLA countdowns, and keyboard shortcuts.
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

  function refreshQueue() {
    var box = document.getElementById("queue");
    if (!box || document.hidden) { return; }
    fetch(window.location.href, { headers: { "X-Console-Fragment": "queue" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        var focused = document.activeElement && document.activeElement.closest("#queue");
        if (focused) { return; } // never pull the ground from under the keyboard
        var template = document.createElement("template");
        template.innerHTML = html;
        box.replaceChildren(template.content);
        countdowns(box);
      })
      .catch(function () { /* the next tick tries again */ });
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
    var box = document.getElementById("queue");
    if (box) {
      var seconds = parseInt(box.dataset.refresh, 10) || 30;
      window.setInterval(refreshQueue, seconds * 1000);
    }
    document.addEventListener("keydown", shortcuts);
    document.documentElement.dataset.lang = lang;
  });
})();
