// The agent console's few behaviours, without inline script (the CSP forbids it): SLA countdowns,
// keyboard shortcuts, manners for htmx's partial updates, and live updates (the page hears of changes
// over server-sent events and htmx fetches its fresh parts; docs/adr/010-live-updates.md).
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

  // The queue, and the ticket's timeline on a live re-read, are not replaced under the agent's hands.
  var GUARDED = { queue: true, timeline: true };

  function guardSwap(event) {
    var target = event.detail.target;
    if (target && GUARDED[target.id] && focusInside(target)) { event.detail.shouldSwap = false; }
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
  // An event names what changed (its kind and ticket), never its content. The parts that can change carry
  // their own htmx request with the trigger "live" (the ticket page's #live-ticket re-reads the header, the
  // timeline and the SLA panel; #queue, #presence and #notification-bell their fragments); this only fires
  // it. htmx queues one more request when one is in flight, so a burst of changes costs two requests.
  function fire(id) {
    var el = document.getElementById(id);
    if (el && window.htmx) { window.htmx.trigger(el, "live"); }
  }

  function heard(change) {
    var body = document.body;
    document.dispatchEvent(new CustomEvent("cspdesk:live", { detail: change }));
    if (change.kind === "notification") { fire("notification-bell"); return; }
    if (body.dataset.liveTicket && String(change.ticket) === body.dataset.liveTicket) {
      fire(change.kind === "presence" ? "presence" : "live-ticket");
    }
    if (change.kind !== "presence") { fire("queue"); }
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

  function sayPresence(state, leaving) {
    var el = document.getElementById("presence");
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (!el || !token || !window.htmx) { return; }
    if (leaving && navigator.sendBeacon) {  // the page is going: no answer to wait for
      var form = new FormData();
      form.append("state", state);
      form.append("csrfmiddlewaretoken", token.value);
      navigator.sendBeacon(el.dataset.url, form);
      return;
    }
    window.htmx.ajax("POST", el.dataset.url, {
      target: "#presence", swap: "outerHTML", values: { state: state }, headers: { "X-CSRFToken": token.value }
    });
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
    document.addEventListener("visibilitychange", function () { if (!document.hidden) { fire("queue"); } });
    listen();
    presence();
  });
})();
