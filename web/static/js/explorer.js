/* Integration Lab practice explorer: applies each filter as it changes, without a full reload.
   Progressive enhancement over a plain GET form: the script asks the server for the same URL
   with the X-Explorer: live header, swaps in the part of the page that changes, and keeps the
   URL (history.pushState) so links can be shared and Back/Forward work. No framework and no
   third-party requests; the HTML comes from our own server-rendered, escaped templates. */
(function () {
  "use strict";

  var form = document.getElementById("explorer-form");
  var live = document.getElementById("explorer-live");
  var status = document.getElementById("explorer-status");
  var blob = document.getElementById("explorer-i18n");
  if (!form || !live || !status || !blob || !window.fetch || !window.DOMParser ||
      !window.AbortController || !window.URLSearchParams || !window.history.pushState) {
    return;  // the plain form keeps working
  }

  var T = JSON.parse(blob.textContent);
  var header = form.getAttribute("data-live-header") || "X-Explorer";
  var query = document.getElementById("q");
  var controller = null;
  var loadingTimer = null;
  var current = location.pathname + location.search;
  var pending = "";  // the URL being fetched

  form.classList.add("is-live");
  form.noValidate = true;  // the server checks every value and explains on the page

  function key(url) {
    var u = new URL(url, location.href);
    return u.pathname + u.search;
  }

  function formUrl() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && value.trim() !== "") {
        params.append(name, value.trim());
      }
    });
    var action = new URL(form.getAttribute("action") || location.pathname, location.href);
    var search = params.toString();
    return action.pathname + (search ? "?" + search : "");
  }

  function announce(text) {
    // cleared first so the same text (e.g. the same count) is read again
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text || ""; }, 50);
  }

  function byId(root, id) {
    return id ? root.querySelector("[id=\"" + id.replace(/["\\]/g, "\\$&") + "\"]") : null;
  }

  function render(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.querySelector(".explorer-live-inner");
    if (!fresh) { return null; }
    // keep each facet open or closed as the visitor left it
    Array.prototype.forEach.call(live.querySelectorAll("details[id]"), function (old) {
      var twin = byId(fresh, old.id);
      if (twin && !twin.querySelector("[aria-invalid=\"true\"], .field-error")) {
        twin.open = old.open;
      }
    });
    var node = document.importNode(fresh, true);
    live.replaceChildren(node);
    return node;
  }

  function syncQuery(url) {
    if (query) {
      query.value = new URL(url, location.href).searchParams.get("q") || "";
    }
  }

  function finish(mine) {
    if (mine === controller) {
      controller = null;
      live.removeAttribute("aria-busy");
      window.clearTimeout(loadingTimer);
    }
  }

  // focus: "keep" (the control that had it), "results" (the results heading) or "none"
  function load(url, push, focus) {
    if (controller && key(url) === pending) { return; }  // Enter fires change, then submit
    if (controller) { controller.abort(); }
    var mine = new AbortController();
    controller = mine;
    pending = key(url);
    var active = document.activeElement;
    var activeId = active && live.contains(active) ? active.id : "";
    live.setAttribute("aria-busy", "true");
    window.clearTimeout(loadingTimer);
    loadingTimer = window.setTimeout(function () { status.textContent = T.loading; }, 500);
    var headers = {};
    headers[header] = "live";
    fetch(url, { headers: headers, signal: mine.signal, credentials: "same-origin" })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("text/html") !== 0) { throw new Error("HTTP " + response.status); }
        return response.text();
      })
      .then(function (html) {
        if (mine !== controller) { return; }
        finish(mine);
        var node = render(html);
        if (!node) {  // not the explorer (e.g. a server error page): show it in full
          window.location.assign(url);
          return;
        }
        if (push) { window.history.pushState({ explorer: true }, "", url); }
        current = key(url);
        if (node.getAttribute("data-title")) { document.title = node.getAttribute("data-title"); }
        var summary = document.getElementById("error-summary");
        var target = summary ||
          (focus === "keep" && byId(live, activeId)) ||
          ((focus === "results" || (focus === "keep" && activeId)) &&
            document.getElementById("results-heading"));
        if (target) { target.focus(); }
        if (!summary) {  // the summary is an alert, and focused: read once is enough
          announce(node.getAttribute("data-announce"));
        }
      })
      .catch(function (error) {
        finish(mine);
        if (error && error.name === "AbortError") { return; }
        announce(T.failed);
      });
  }

  form.addEventListener("change", function (event) {
    var name = event.target && event.target.name;
    if (event.target.type === "checkbox" || name === "year_from" || name === "year_to") {
      load(formUrl(), true, "keep");
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load(formUrl(), true, "keep");
  });

  live.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.js-state");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey ||
        event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    syncQuery(link.href);
    load(link.href, true, "results");
  });

  window.addEventListener("popstate", function () {
    var here = location.pathname + location.search;
    if (here === current) { return; }  // only the #fragment changed
    syncQuery(location.href);
    load(here, false, "none");
  });

  window.history.replaceState({ explorer: true }, "", location.href);
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
}());
