// The agent console's few behaviours, without inline script (the CSP forbids it): SLA countdowns,
// keyboard shortcuts, manners for htmx's partial updates, live updates (the page hears of changes over
// server-sent events and htmx fetches its fresh parts; docs/adr/010-live-updates.md), and the autosave of
// reply and note drafts.
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
    // The phone: a call rings this agent, or stops ringing (the pop re-reads itself); the calls changed
    // (the phone queue page re-reads its lists).
    if (change.kind === "phone_ring" || change.kind === "phone_ring_end") { fire("phone-pop-slot"); return; }
    if (change.kind === "phone_queue") { fire("phone-queue"); return; }
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
    if (document.getElementById("phone-queue")) { query.set("phone", "1"); }
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

  // Drafts: htmx posts a textarea with data-draft (the reply, the note) a second after the last key
  // (hx-trigger "input changed delay:1s"). This only makes sure nothing typed is lost in between: before
  // another form on the page is sent (adding a note, the change panel) or a link is followed, a box typed
  // in since its last save is saved at once (the "draft-now" event), and the page leaves after that.
  function unsaved(except) {
    return Array.prototype.filter.call(document.querySelectorAll("textarea[data-draft]"), function (area) {
      return (area.typed || 0) !== (area.saved || 0) && !(except && except.contains(area));
    });
  }

  // Saves ``areas`` now, waits for the saves already under way of ``sending``, then ``then()``.
  function saveThen(areas, sending, then) {
    var left = areas.length + sending.length, done = false;
    function go() { if (!done) { done = true; then(); } }
    function one() { if (--left === 0) { go(); } }
    sending.forEach(function (area) { area.addEventListener("htmx:afterRequest", one, {once: true}); });
    areas.forEach(function (area) {
      area.addEventListener("htmx:afterRequest", one, {once: true});
      htmx.trigger(area, "draft-now");
    });
    window.setTimeout(go, 3000);  // a slow server does not hold the agent's action
  }

  function draftTyped(event) {
    if (event.target.matches && event.target.matches("textarea[data-draft]")) {
      event.target.typed = (event.target.typed || 0) + 1;
    }
  }

  function draftSending(event) {
    var elt = event.detail.elt;
    if (elt.matches && elt.matches("form.macro")) {  // the canned reply: the server keeps box + reply
      var box = document.querySelector("textarea[data-draft=reply]");
      if (box) { box.replacing = true; }
    } else if (elt.matches && elt.matches("textarea[data-draft]")) {
      // older text must not follow a canned reply, nor a box's text follow the box's own form (the
      // action that sends it deletes the draft)
      if (elt.replacing || elt.leaving) { event.preventDefault(); return; }
      elt.sending = elt.typed || 0;
      elt.inflight = true;
    }
  }

  function draftSaved(event) {
    var elt = event.detail.elt;
    if (!(elt.matches && elt.matches("textarea[data-draft]"))) { return; }
    elt.inflight = false;
    if (event.detail.successful) { elt.saved = elt.sending; }
  }

  function draftRefused(event) {  // a refusal (too long) is shown where "Draft saved" would be
    if (event.detail.elt.matches && event.detail.elt.matches("textarea[data-draft]") && event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  }

  function draftsBeforeSubmit(event) {
    var form = event.target;
    if (form.hasAttribute("hx-post") || form.hasAttribute("hx-get") || form.dataset.draftsSaved) { return; }
    var own = Array.prototype.filter.call(form.querySelectorAll("textarea[data-draft]"), function (area) {
      area.leaving = true;  // its text goes with the form; no later autosave may bring the draft back
      return area.inflight;
    });
    var areas = unsaved(form);
    if (!areas.length && !own.length) { return; }
    event.preventDefault();
    var submitter = event.submitter;
    saveThen(areas, own, function () {
      form.dataset.draftsSaved = "1";
      if (submitter) { form.requestSubmit(submitter); } else { form.requestSubmit(); }
    });
  }

  function draftsBeforeLeaving(event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey ||
        event.shiftKey || link.target || link.hasAttribute("download")) { return; }
    var areas = unsaved();
    if (!areas.length) { return; }
    event.preventDefault();
    saveThen(areas, [], function () { window.location.assign(link.href); });
  }

  // ---- The phone ----------------------------------------------------------------------------------
  // The phone queue's timers count on from the seconds the server measured when it drew them (so the
  // browser's clock does not matter), amber from the fast answer, red from the answer target.
  function phoneTimers() {
    var queue = document.getElementById("phone-queue");
    if (!queue) { return; }
    var amber = Number(queue.dataset.amber), red = Number(queue.dataset.red), now = Date.now();
    queue.querySelectorAll("[data-waited]").forEach(function (el) {
      if (!el.dataset.drawnAt) { el.dataset.drawnAt = String(now); }
      var seconds = Number(el.dataset.waited) + Math.floor((now - Number(el.dataset.drawnAt)) / 1000);
      el.textContent = Math.floor(seconds / 60) + ":" + pad(seconds % 60);
      if (el.classList.contains("timer-ivr")) { return; }
      el.classList.toggle("timer-amber", seconds >= amber && seconds < red);
      el.classList.toggle("timer-red", seconds >= red);
      el.classList.toggle("timer-ok", seconds < amber);
    });
  }

  // The pop's refusals (409, 422) are shown in the pop, not dropped as htmx drops an error's body.
  function phonePopRefused(event) {
    var target = event.detail.target;
    var status = event.detail.xhr.status;
    if (target && target.id === "phone-pop-slot" && (status === 409 || status === 422)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  }

  function phonePopHide(event) {
    var button = event.target.closest && event.target.closest("[data-phone-pop-hide]");
    var pop = document.getElementById("phone-pop");
    if (button && pop) { pop.hidden = true; }
  }

  document.addEventListener("DOMContentLoaded", function () {
    countdowns(document);
    phoneTimers();
    window.setInterval(function () { countdowns(document); phoneTimers(); }, 1000);
    document.body.addEventListener("htmx:beforeSwap", phonePopRefused);
    document.addEventListener("click", phonePopHide);
    document.body.addEventListener("htmx:beforeRequest", guardPolling);
    document.body.addEventListener("htmx:beforeRequest", draftSending);
    document.body.addEventListener("htmx:afterRequest", draftSaved);
    document.body.addEventListener("htmx:beforeSwap", draftRefused);
    document.body.addEventListener("htmx:beforeSwap", guardSwap);
    document.body.addEventListener("htmx:afterSettle", function (event) { countdowns(event.detail.elt); });
    document.addEventListener("keydown", shortcuts);
    document.addEventListener("input", draftTyped, true);
    document.addEventListener("submit", draftsBeforeSubmit, true);
    document.addEventListener("click", draftsBeforeLeaving);
    document.documentElement.dataset.lang = lang;
    document.addEventListener("visibilitychange", function () { if (!document.hidden) { fire("queue"); } });
    listen();
    presence();
  });
})();
