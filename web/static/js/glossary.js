/* Integration Lab glossary: filters the entries as you type (the server filters ?q= the same
   way, so the form works without this script) and announces how many are shown.
   Text only ever goes into the page through textContent. */
(function () {
  "use strict";

  var form = document.getElementById("glossarySearch");
  var input = document.getElementById("glossaryQuery");
  var blob = document.getElementById("glossaryI18n");
  if (!form || !input || !blob) { return; }

  var T = JSON.parse(blob.textContent);
  var count = document.getElementById("glossaryCount");
  var empty = document.getElementById("glossaryEmpty");
  var clear = document.getElementById("glossaryClear");
  var sections = Array.prototype.slice.call(document.querySelectorAll(".g-letter"));
  var letterLinks = Array.prototype.slice.call(document.querySelectorAll(".g-letters li"));
  var ANNOUNCE_DELAY_MS = 400;  // one announcement when typing pauses, not one per key
  var timer = null;

  // Same as knowledge.text.fold: no accents, no Greek tonos, case-folded (final sigma too).
  function fold(text) {
    return String(text).normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC")
      .toLowerCase().replace(/ς/g, "σ").replace(/ß/g, "ss");
  }

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  // Terms and definitions of every language, folded once.
  var entries = sections.map(function (section) {
    return Array.prototype.map.call(section.querySelectorAll("article.g-entry"), function (article) {
      var texts = Array.prototype.map.call(article.querySelectorAll(".g-term, .g-def"),
        function (node) { return node.textContent; });
      return { node: article, haystack: fold(texts.join(" ")) };
    });
  });
  var total = entries.reduce(function (sum, group) { return sum + group.length; }, 0);

  function apply(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    var shown = 0;
    entries.forEach(function (group, i) {
      var visible = 0;
      group.forEach(function (entry) {
        var match = words.every(function (w) { return entry.haystack.indexOf(w) !== -1; });
        entry.node.hidden = !match;
        if (match) { visible += 1; }
      });
      sections[i].hidden = visible === 0;
      if (letterLinks[i]) { letterLinks[i].hidden = visible === 0; }
      shown += visible;
    });
    clear.hidden = !query.trim();
    empty.textContent = format(T.none, { query: query.trim() });
    empty.hidden = shown > 0 || total === 0;
    // the count is the live region: update it once typing pauses, not on every key
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      count.textContent = format(T.shown, { shown: shown, total: total });
    }, ANNOUNCE_DELAY_MS);
  }

  function remember(query) {
    // keep the address shareable without reloading: /glossary?q=...
    try {
      var url = new URL(window.location.href);
      if (query.trim()) { url.searchParams.set("q", query.trim()); } else { url.searchParams.delete("q"); }
      url.hash = "";
      window.history.replaceState(null, "", url.pathname + url.search);
    } catch (e) { /* the filter still works */ }
  }

  // A link to an entry the filter hides (see also, or a shared /glossary#id): show everything.
  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    if (!target || !target.classList.contains("g-entry") || !target.hidden) { return; }
    input.value = "";
    apply("");
    remember("");
    window.history.replaceState(null, "", window.location.pathname + window.location.search + "#" + id);
    target.scrollIntoView();
  }

  input.addEventListener("input", function () {
    apply(input.value);
    remember(input.value);
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();  // already filtered; the plain form reloads with ?q= instead
    window.clearTimeout(timer);
    apply(input.value);
    remember(input.value);
  });

  clear.addEventListener("click", function (event) {
    event.preventDefault();
    input.value = "";
    apply("");
    remember("");
    input.focus();
  });

  window.addEventListener("hashchange", reveal);
  reveal();
})();
