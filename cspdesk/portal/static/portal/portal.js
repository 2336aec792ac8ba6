// The public pages' enhancements (everything works without them): on the request form only the chosen
// request type's fields are shown; knowledge-base articles are suggested while the form's subject or the
// front page's search box is typed in. No inline script: the site's Content-Security-Policy forbids it.
(function () {
  "use strict";

  function typeFields(form) {
    var select = form.querySelector("select[name=request_type]");
    var box = form.querySelector("[data-type-fields]");
    if (!select || !box) return;
    var hint = box.querySelector("[data-no-js-hint]");
    if (hint) hint.hidden = true;
    function show() {
      box.querySelectorAll("fieldset[data-request-type]").forEach(function (set) {
        var chosen = set.getAttribute("data-request-type") === select.value;
        set.hidden = !chosen;
        set.disabled = !chosen;
      });
    }
    select.addEventListener("change", show);
    show();
  }

  // Only text and <mark> survive from a snippet, whatever the server sent.
  function snippetNodes(html) {
    var doc = new DOMParser().parseFromString("<div>" + html + "</div>", "text/html");
    var out = document.createDocumentFragment();
    (function walk(node, target) {
      node.childNodes.forEach(function (child) {
        if (child.nodeType === Node.TEXT_NODE) {
          target.appendChild(document.createTextNode(child.textContent));
        } else if (child.nodeType === Node.ELEMENT_NODE) {
          if (child.tagName === "MARK") {
            var mark = document.createElement("mark");
            mark.textContent = child.textContent;
            target.appendChild(mark);
          } else {
            walk(child, target);
          }
        }
      });
    })(doc.body.firstChild || doc.body, out);
    return out;
  }

  function safeUrl(url) {
    try {
      var parsed = new URL(url, window.location.origin);
      return parsed.origin === window.location.origin ? parsed.pathname + parsed.search : null;
    } catch (e) {
      return null;
    }
  }

  // newTab: the request form keeps what was typed by opening an article beside it; the front page's
  // search simply goes to the article.
  function kbSuggestions(form, newTab) {
    var subject = form.querySelector("[data-kb-suggest]");
    var box = form.querySelector("[data-kb-suggestions]");
    if (!subject || !box) return;
    var list = box.querySelector("ul");
    var timer = null;
    var asked = 0;
    function hide() {
      box.hidden = true;
      list.textContent = "";
    }
    function render(items) {
      list.textContent = "";
      items.forEach(function (item) {
        var url = safeUrl(item.url || ("/kb/" + encodeURIComponent(item.slug) + "/"));
        if (!url || !item.title) return;
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = url;
        if (newTab) {
          a.target = "_blank";
          a.rel = "noopener";
        }
        a.textContent = item.title;
        li.appendChild(a);
        if (item.snippet) {
          var p = document.createElement("p");
          p.className = "snippet";
          p.appendChild(snippetNodes(String(item.snippet)));
          li.appendChild(p);
        }
        list.appendChild(li);
      });
      box.hidden = list.children.length === 0;
    }
    function ask() {
      var q = subject.value.trim();
      if (q.length < 3) { hide(); return; }
      var mine = ++asked;
      var lang = box.getAttribute("data-lang") || "ru";
      var url = "/api/v1/kb/search?" + new URLSearchParams({ q: q, lang: lang, limit: "5" }).toString();
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (mine !== asked) return;
          if (!data || !Array.isArray(data.items)) { hide(); return; }
          render(data.items.slice(0, 5));
        })
        .catch(function () { if (mine === asked) hide(); });
    }
    subject.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 300);
    });
  }

  document.querySelectorAll("form.request").forEach(function (form) {
    typeFields(form);
    kbSuggestions(form, true);
  });
  document.querySelectorAll("form[data-kb-live]").forEach(function (form) {
    kbSuggestions(form, false);
  });
})();
