// The agent console's few behaviours, without inline script (the CSP forbids it): SLA countdowns,
// keyboard shortcuts, manners for htmx's partial updates, and live updates (the page hears of changes
// over server-sent events and fetches its own fresh parts; docs/adr/010-live-updates.md).
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


  // ---- Live updates -------------------------------------------------------------------------------
  // An event names what changed (its kind and ticket), never its content: the page fetches the fresh
  // parts through the ordinary views. Fetches are coalesced: one at a time per part, and one more if
  // anything was heard meanwhile, so a burst of changes costs two requests, not twenty.
  var TICKET_PARTS = ["ticket-head", "timeline", "clocks"];
  var busy = {}, again = {};

  function refresh(part, fetcher) {
    if (busy[part]) { again[part] = true; return; }
    busy[part] = true;
    Promise.resolve().then(fetcher).catch(function () {}).then(function () {
      busy[part] = false;
      if (again[part]) { again[part] = false; refresh(part, fetcher); }
    });
  }

  function fetchPage(url) {
    return fetch(url, { credentials: "same-origin", headers: { "X-Live": "1" } }).then(function (response) {
      if (!response.ok || response.redirected) { throw new Error("live: " + response.status); }
      return response.text();
    }).then(function (html) { return new DOMParser().parseFromString(html, "text/html"); });
  }

  // A part the agent is working in (focus inside, a ticked box) is not replaced under their hands.
  function swap(doc, id) {
    var old = document.getElementById(id), fresh = doc.getElementById(id);
    if (!old || !fresh || focusInside(old)) { return; }
    old.replaceWith(fresh);
    if (window.htmx) { window.htmx.process(fresh); }
    countdowns(fresh);
  }

  function refreshTicket() {
    refresh("ticket", function () {
      return fetchPage(window.location.pathname).then(function (doc) { TICKET_PARTS.forEach(function (id) { swap(doc, id); }); });
    });
  }

  function refreshFragment(id) {
    var el = document.getElementById(id);
    if (!el || !el.dataset.url) { return; }
    refresh(id, function () {
      return fetch(el.dataset.url, { credentials: "same-origin", headers: { "X-Live": "1" } }).then(function (response) {
        if (!response.ok || response.redirected) { throw new Error("live: " + response.status); }
        return response.text();
      }).then(function (html) { swap(new DOMParser().parseFromString(html, "text/html"), id); });
    });
  }

  function refreshQueue() {
    var queue = document.getElementById("queue");
    if (queue && window.htmx) { window.htmx.trigger(queue, "live"); }
  }

  function heard(change) {
    var body = document.body;
    document.dispatchEvent(new CustomEvent("cspdesk:live", { detail: change }));
    if (change.kind === "notification") { refreshFragment("notification-bell"); return; }
    if (body.dataset.liveTicket && String(change.ticket) === body.dataset.liveTicket) {
      if (change.kind === "presence") { refreshFragment("presence"); } else { refreshTicket(); }
    }
    if (change.kind !== "presence" && document.getElementById("queue")) { refreshQueue(); }
  }

  function listen() {
    var body = document.body;
    if (!body.dataset.live || !window.EventSource) { return; }
    var query = new URLSearchParams({ after: body.dataset.liveAfter || "" });
    if (body.dataset.liveTicket) { query.set("ticket", body.dataset.liveTicket); }
    if (document.getElementById("queue")) { query.set("queue", "1"); }
    var source = new EventSource(body.dataset.live + "?" + query.toString());
    source.addEventListener("change", function (event) {
      try { heard(JSON.parse(event.data)); } catch (e) { /* a malformed line changes nothing */ }
    });
    source.addEventListener("open", function () { body.dataset.liveState = "open"; });
    source.addEventListener("error", function () { body.dataset.liveState = "reconnecting"; });
    window.addEventListener("pagehide", function () { source.close(); });
  }

  // ---- Presence: "Anna is viewing / is writing a reply" -----------------------------------------
  var PRESENCE_RENEW_MS = 20000, WRITING_IDLE_MS = 15000;

  function sayPresence(state, beacon) {
    var el = document.getElementById("presence");
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (!el || !token) { return; }
    var form = new FormData();
    form.append("state", state);
    form.append("csrfmiddlewaretoken", token.value);
    if (beacon && navigator.sendBeacon) { navigator.sendBeacon(el.dataset.url, form); return; }
    fetch(el.dataset.url, { method: "POST", body: form, credentials: "same-origin", headers: { "X-Live": "1" } })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { if (html) { swap(new DOMParser().parseFromString(html, "text/html"), "presence"); } })
      .catch(function () {});
  }

  function presence() {
    if (!document.getElementById("presence")) { return; }
    var state = "viewing", idle = null;
    sayPresence(state);
    window.setInterval(function () { if (!document.hidden) { sayPresence(state); } }, PRESENCE_RENEW_MS);
    document.addEventListener("input", function (event) {
      if (!event.target.closest || !event.target.closest("form.reply")) { return; }
      if (state !== "writing") { state = "writing"; sayPresence(state); }
      window.clearTimeout(idle);
      idle = window.setTimeout(function () { state = "viewing"; sayPresence(state); }, WRITING_IDLE_MS);
    });
    window.addEventListener("pagehide", function () { sayPresence("left", true); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    countdowns(document);
    window.setInterval(function () { countdowns(document); }, 1000);
    document.body.addEventListener("htmx:beforeRequest", guardPolling);
    document.body.addEventListener("htmx:beforeSwap", guardSwap);
    document.body.addEventListener("htmx:afterSettle", function (event) { countdowns(event.detail.elt); });
    document.addEventListener("keydown", shortcuts);
    document.documentElement.dataset.lang = lang;
    document.addEventListener("visibilitychange", function () { if (!document.hidden) { refreshQueue(); } });
    listen();
    presence();
  });
})();
