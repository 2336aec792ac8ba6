// The request form's offer to join a Microsoft 365 service incident: while the subject is typed (debounced),
// the server is asked which active incident it is about and its offer fragment replaces the form's. The
// form works without this: the server then shows the offer on submit. No inline script (CSP).
(function () {
  "use strict";

  var URL_PATH = "/request/incidents";

  function offerOf(form) {
    var subject = form.querySelector("input[name=subject]");
    var box = form.querySelector("[data-incident-offer]");
    if (!subject || !box) return;
    var timer = null;
    var asked = 0;
    var last = null;

    function show(html) {
      // The server's own escaped fragment, parsed inertly; a checked choice survives a refresh.
      var chosen = {};
      box.querySelectorAll("input[data-join-incident]:checked").forEach(function (input) {
        chosen[input.value] = true;
      });
      var doc = new DOMParser().parseFromString("<div>" + html + "</div>", "text/html");
      var wrapper = doc.body.firstChild;
      wrapper.querySelectorAll("script").forEach(function (node) { node.remove(); });
      box.textContent = "";
      while (wrapper.firstChild) box.appendChild(document.adoptNode(wrapper.firstChild));
      box.querySelectorAll("input[data-join-incident]").forEach(function (input) {
        if (chosen[input.value]) input.checked = true;
      });
    }

    function ask() {
      var q = subject.value.trim();
      if (q === last) return;
      last = q;
      if (q.length < 3) { show(""); return; }
      var mine = ++asked;
      fetch(URL_PATH + "?" + new URLSearchParams({ subject: q }).toString(), {
        credentials: "same-origin",
        headers: { Accept: "text/html" },
      })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (mine !== asked || html === null) return;
          show(html);
        })
        .catch(function () {});
    }

    subject.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 400);
    });
  }

  document.querySelectorAll("form.request").forEach(offerOf);
})();
