// The agent console's few behaviours, without inline script (the CSP forbids it): SLA countdowns,
// keyboard shortcuts, manners for htmx's partial updates, and the autosave of reply and note drafts.
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

  // Drafts: a textarea with data-draft (its kind) and data-draft-url is saved on the server a second after
  // the last key, and at once before any other form on the page leaves it (adding a note, the change
  // panel), so that a reload, a note or a walk to another ticket loses nothing of it.
  var pending = {};  // kind -> timer of a save not yet sent

  function draftArea(kind) { return document.querySelector('textarea[data-draft="' + kind + '"]'); }

  function draftSave(area) {
    var kind = area.dataset.draft;
    window.clearTimeout(pending[kind]);
    delete pending[kind];
    if (!area.isConnected) { return Promise.resolve(); }  // replaced by a canned reply: the server kept it
    var token = area.form && area.form.querySelector("input[name=csrfmiddlewaretoken]");
    var body = new FormData();
    body.append("kind", kind);
    body.append("body", area.value);
    return window.fetch(area.dataset.draftUrl, {
      method: "POST", body: body, credentials: "same-origin", keepalive: area.value.length < 60000,
      headers: {"X-CSRFToken": token ? token.value : ""}
    }).then(function (response) { return response.json(); }).then(function (answer) {
      var status = document.querySelector('[data-draft-status="' + kind + '"]');
      if (status) { status.textContent = answer.label || answer.message || ""; }
    }).catch(function () { /* the next key tries again; the send itself still carries the text */ });
  }

  function draftTyped(event) {
    var area = event.target;
    if (!area.dataset || !area.dataset.draft || !area.dataset.draftUrl) { return; }
    window.clearTimeout(pending[area.dataset.draft]);
    pending[area.dataset.draft] = window.setTimeout(function () { draftSave(area); }, 1000);
  }

  function draftsFlush() {
    return Promise.all(Object.keys(pending).map(function (kind) {
      var area = draftArea(kind);
      return area ? draftSave(area) : null;
    }));
  }

  // A canned reply is added on the server to the box's text, which keeps the result as the draft: a save
  // still waiting with the older text must not follow it.
  function draftReplaced(event) {
    var target = event.detail.target;
    if (target && target.dataset && target.dataset.draft) {
      window.clearTimeout(pending[target.dataset.draft]);
      delete pending[target.dataset.draft];
    }
  }

  function draftsBeforeSubmit(event) {
    var form = event.target;
    if (!Object.keys(pending).length || form.hasAttribute("hx-post") || form.hasAttribute("hx-get")) { return; }
    event.preventDefault();
    var submitter = event.submitter;
    draftsFlush().then(function () {
      if (submitter) { form.requestSubmit(submitter); } else { form.requestSubmit(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    countdowns(document);
    window.setInterval(function () { countdowns(document); }, 1000);
    document.body.addEventListener("htmx:beforeRequest", guardPolling);
    document.body.addEventListener("htmx:beforeRequest", draftReplaced);
    document.body.addEventListener("htmx:beforeSwap", guardSwap);
    document.body.addEventListener("htmx:afterSettle", function (event) { countdowns(event.detail.elt); });
    document.addEventListener("keydown", shortcuts);
    document.addEventListener("input", draftTyped);
    document.addEventListener("submit", draftsBeforeSubmit, true);
    window.addEventListener("pagehide", function () { draftsFlush(); });
    document.documentElement.dataset.lang = lang;
  });
})();
