/* Integration Lab widget. One tag on any site:
     <script src="https://HOST/widget.js" data-lang="el" async></script>
   (optional data-region, data-area, data-position="bottom-left", data-title).
   It adds a launcher and a chat panel inside a shadow root, so the host page's CSS cannot reach
   it and its CSS cannot reach the host page. No framework, no request to anyone but HOST, no
   cookies; the conversation stays in this tab's sessionStorage. Server text only ever enters
   the page through textContent and attributes, never innerHTML.
   Served at /widget.js, where the server fills in the slots below (strings from the Babel
   catalogs, in every language); this file itself is the source. */
(function () {
  "use strict";

  var I18N = /*@i18n*/{}/*@end*/;
  var CONFIG = /*@config*/{}/*@end*/;
  var TAG = "integration-lab-widget";
  var SRC = /\/widget\.js(?:[?#].*)?$/;
  var MAX_KEPT_TURNS = 20;
  var TIMEOUT_MS = 90000;
  var doc = document;

  if (!window.fetch || !window.AbortController || !doc.documentElement.attachShadow) {
    return;  // an old browser: the host page simply has no widget
  }

  // --- the tag: document.currentScript, or (async, injected late) the last tag loading us
  function findTag() {
    var current = doc.currentScript;
    if (current && SRC.test(current.src || "")) { return current; }
    var scripts = doc.getElementsByTagName("script");
    for (var i = scripts.length - 1; i >= 0; i--) {
      if (SRC.test(scripts[i].src || "")) { return scripts[i]; }
    }
    return null;
  }

  var tag = findTag();
  if (!tag) { return; }
  var BASE = tag.src.replace(SRC, "");
  var ORIGIN = new URL(BASE + "/").origin;
  var LANGS = CONFIG.langs || ["en"];

  function pickLang() {
    var wanted = [tag.getAttribute("data-lang"), doc.documentElement.getAttribute("lang")]
      .concat(navigator.languages || [navigator.language]);
    for (var i = 0; i < wanted.length; i++) {
      var code = String(wanted[i] || "").slice(0, 2).toLowerCase();
      if (LANGS.indexOf(code) >= 0 && I18N[code]) { return code; }
    }
    return "en";
  }

  var LANG = pickLang();
  var T = I18N[LANG] || I18N.en || {};
  var TITLE = (tag.getAttribute("data-title") || "").trim().slice(0, 80) || T.title;
  var LEFT = tag.getAttribute("data-position") === "bottom-left";
  var FILTERS = {};
  ["region", "area"].forEach(function (name) {
    var value = (tag.getAttribute("data-" + name) || "").trim();
    if (value) { FILTERS[name] = value; }
  });
  var STORE_KEY = "integration-lab.widget:" + BASE;
  // [n] citations and addresses in an answer: web/static/js/answer-links.js, put here by
  // the server (the chat page shares it)
  /*@answer-links*/
  var pieces = integrationLabAnswerLinks;

  function format(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  // --- conversation kept for this tab (storage may be unavailable: private modes, policies)
  function loadState() {
    try {
      var kept = JSON.parse(window.sessionStorage.getItem(STORE_KEY) || "null");
      if (kept && Array.isArray(kept.turns)) { return kept; }
    } catch (e) { /* a fresh state */ }
    return { conversationId: "", turns: [], open: false };
  }

  function saveState() {
    try {
      state.turns = state.turns.slice(-MAX_KEPT_TURNS);
      window.sessionStorage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (e) { /* still works for this page view */ }
  }

  var state = loadState();

  // --- DOM helpers: text only
  function el(name, className, text) {
    var node = doc.createElement(name);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function icon(path) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = doc.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "20");
    svg.setAttribute("height", "20");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var shape = doc.createElementNS(ns, "path");
    shape.setAttribute("d", path);
    shape.setAttribute("fill", "currentColor");
    svg.appendChild(shape);
    return svg;
  }

  // Links always point at HOST (absolute), http(s) only, and open in a new tab.
  function hostUrl(url) {
    if (typeof url !== "string" || !url) { return null; }
    try {
      var parsed = new URL(url, ORIGIN + "/");
      return /^https?:$/.test(parsed.protocol) ? parsed.href : null;
    } catch (e) { return null; }
  }

  function link(href, text, className) {
    var a = el("a", className, text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener";
    return a;
  }

  function isLang(value) { return typeof value === "string" && /^[a-z]{2}$/.test(value); }

  var countryNames = null;
  function countryName(code) {
    try {
      countryNames = countryNames || new Intl.DisplayNames([LANG], { type: "region" });
      return (/^[A-Z]{2}$/.test(code) && countryNames.of(code)) || code;
    } catch (e) { return code; }
  }

  // --- building the widget
  var host = el(TAG);
  var root = host.attachShadow({ mode: "open" });
  var frame = el("div", "w" + (LEFT ? " left" : ""));
  frame.setAttribute("lang", LANG);

  var panel = el("div", "panel");
  panel.id = "ilw-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-labelledby", "ilw-title");
  panel.hidden = true;

  var head = el("div", "head");
  var title = el("h2", null, TITLE);
  title.id = "ilw-title";
  var newButton = el("button", "tool", T.newConversation);
  newButton.type = "button";
  var closeButton = el("button", "tool close");
  closeButton.type = "button";
  closeButton.setAttribute("aria-label", T.close);
  closeButton.appendChild(icon("M18.3 5.7 12 12l6.3 6.3-1.4 1.4L10.6 13.4 4.3 19.7 2.9 18.3 9.2 12 2.9 5.7 4.3 4.3l6.3 6.3 6.3-6.3z"));
  head.appendChild(title);
  head.appendChild(newButton);
  head.appendChild(closeButton);

  var log = el("div", "log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-relevant", "additions");
  log.setAttribute("aria-label", T.conversation);
  log.tabIndex = 0;  // scrollable by keyboard

  var statusRow = el("div", "status");
  var spinner = el("span", "spin");
  spinner.hidden = true;
  var status = el("span", "status-text");
  status.setAttribute("role", "status");
  var cancelButton = el("button", "tool cancel", T.cancel);
  cancelButton.type = "button";
  cancelButton.hidden = true;
  statusRow.appendChild(spinner);
  statusRow.appendChild(status);
  statusRow.appendChild(cancelButton);

  var form = el("form", "ask");
  form.noValidate = true;
  var label = el("label", null, T.question);
  label.htmlFor = "ilw-q";
  var fieldError = el("p", "err");
  fieldError.id = "ilw-err";
  fieldError.hidden = true;
  var row = el("div", "row");
  var textarea = el("textarea");
  textarea.id = "ilw-q";
  textarea.rows = 2;
  textarea.maxLength = CONFIG.maxChars || 1000;
  textarea.placeholder = T.placeholder;
  textarea.setAttribute("aria-describedby", "ilw-hint ilw-err");
  var askButton = el("button", "send", T.ask);
  askButton.type = "submit";
  var hint = el("p", "hint", T.hint);
  hint.id = "ilw-hint";
  row.appendChild(textarea);
  row.appendChild(askButton);
  form.appendChild(label);
  form.appendChild(fieldError);
  form.appendChild(row);
  form.appendChild(hint);

  panel.appendChild(head);
  panel.appendChild(log);
  panel.appendChild(statusRow);
  panel.appendChild(form);

  var launcher = el("button", "launcher");
  launcher.type = "button";
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "ilw-panel");
  launcher.setAttribute("aria-haspopup", "dialog");
  launcher.appendChild(icon("M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6v2h10V9H7zm0 4v2h7v-2H7z"));
  launcher.appendChild(el("span", "label", TITLE === T.title ? T.launcher : TITLE));

  // the panel comes first, so Tab from the form reaches the launcher (the panel's toggle)
  frame.appendChild(panel);
  frame.appendChild(launcher);

  // --- rendering answers
  function message(author, kind) {
    var box = el("div", "msg msg-" + kind);
    box.appendChild(el("p", "who", author));
    return box;
  }

  function appendLine(parent, line, sources, prefix) {
    pieces(line).forEach(function (piece) {
      var node = null;
      if (piece.cite) {
        var n = piece.cite;
        var source = n >= 1 && n <= sources.length ? sources[n - 1] : null;
        var href = source ? hostUrl(source.url) : null;
        if (href) {
          node = link(href, piece.text, "cite");
          node.setAttribute("aria-describedby", prefix + "-s" + n);
        }
      } else if (piece.url) {
        var url = hostUrl(piece.url);
        if (url) { node = link(url, piece.text); }
      }
      parent.appendChild(node || doc.createTextNode(piece.text));
    });
  }

  function answerText(text, sources, prefix) {
    var box = el("div", "txt");
    var paragraph = null;
    String(text).split(/\r?\n/).forEach(function (line) {
      if (!line.trim()) { paragraph = null; return; }
      if (paragraph) {
        paragraph.appendChild(el("br"));
      } else {
        paragraph = el("p");
        box.appendChild(paragraph);
      }
      appendLine(paragraph, line, sources, prefix);
    });
    return box;
  }

  // The first use of each glossary term the server found becomes a link (split text nodes).
  function linkGlossaryTerms(box, terms) {
    if (!Array.isArray(terms)) { return; }
    terms.forEach(function (term) {
      var href = term ? hostUrl(term.url) : null;
      if (!href || typeof term.text !== "string" || !term.text) { return; }
      var escaped = term.text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      var pattern;
      try {
        pattern = new RegExp("(?<![\\p{L}\\p{N}_])" + escaped + "(?![\\p{L}\\p{N}_])", "u");
      } catch (e) { return; }
      var walker = doc.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      var node;
      while ((node = walker.nextNode())) {
        if (node.parentNode.closest("a")) { continue; }
        var found = pattern.exec(node.nodeValue);
        if (!found) { continue; }
        var word = node.splitText(found.index);
        word.splitText(found[0].length);
        var a = link(href, word.nodeValue, "term");
        if (typeof term.term === "string") { a.title = T.glossary + ": " + term.term; }
        word.parentNode.replaceChild(a, word);
        return;
      }
    });
  }

  function sourceItem(source, n, prefix) {
    var item = el("li");
    item.id = prefix + "-s" + n;
    var href = hostUrl(source.url);
    var name = source.title || source.id || "";
    var titleNode = href ? link(href, name) : el("span", null, name);
    if (isLang(source.lang)) { titleNode.setAttribute("lang", source.lang); }
    if (href) { titleNode.appendChild(el("span", "vh", " " + T.newTab)); }
    item.appendChild(titleNode);
    var details = source.kind === "glossary" ? T.glossary :
      [source.region, source.country ? countryName(source.country) : ""].filter(Boolean).join(", ");
    if (details) { item.appendChild(el("span", "meta", " — " + details)); }
    return item;
  }

  var turnCount = 0;
  function renderAnswer(data) {
    turnCount += 1;
    var prefix = "ilw-t" + turnCount;
    var sources = Array.isArray(data.sources) ? data.sources : [];
    var box = message(T.answer, "answer");
    var body = answerText(data.answer, sources, prefix);
    linkGlossaryTerms(body, data.glossary);
    if (isLang(data.lang)) { body.setAttribute("lang", data.lang); }
    box.appendChild(body);
    if (sources.length) {
      box.appendChild(el("h3", "srcs-h", T.sources));
      var list = el("ol", "srcs");
      sources.forEach(function (source, i) {
        if (source && typeof source === "object") { list.appendChild(sourceItem(source, i + 1, prefix)); }
      });
      box.appendChild(list);
    }
    return box;
  }

  function startTurn(question) {
    var turn = el("div", "turn");
    var asked = message(T.you, "user");
    asked.appendChild(el("p", "q", question));
    turn.appendChild(asked);
    log.appendChild(turn);
    return turn;
  }

  function showProblem(turn, text, isInfo) {
    var box = message(isInfo ? T.answer : T.error, isInfo ? "info" : "error");
    box.appendChild(el("p", null, text));
    (turn || log).appendChild(box);
    return box;
  }

  function showIntro() {
    var intro = el("div", "intro");
    intro.appendChild(el("p", null, T.intro));
    intro.appendChild(el("p", "small", T.poweredBy));
    log.appendChild(intro);
  }

  function scrollTo(node) {
    log.scrollTop = Math.max(0, node.offsetTop - log.offsetTop - 8);
  }

  // What is kept: the answer and the few source fields shown, not the long passages.
  function keepable(data) {
    return {
      answer: data.answer, lang: data.lang, glossary: data.glossary,
      sources: (Array.isArray(data.sources) ? data.sources : []).map(function (s) {
        return s && { id: s.id, title: s.title, region: s.region, country: s.country,
                      url: s.url, kind: s.kind, lang: s.lang };
      })
    };
  }

  // --- asking
  var controller = null;
  var timedOut = false;
  var epoch = 0;  // bumped by "New conversation", so a late reply is dropped

  function setFieldError(text) {
    fieldError.textContent = text || "";
    fieldError.hidden = !text;
    if (text) { textarea.setAttribute("aria-invalid", "true"); } else { textarea.removeAttribute("aria-invalid"); }
  }

  function setStatus(text, thinking) {
    status.textContent = text || "";
    spinner.hidden = !thinking;
    cancelButton.hidden = !thinking;
    askButton.disabled = !!thinking;
    statusRow.classList.toggle("on", !!text);
    log.setAttribute("aria-busy", thinking ? "true" : "false");
  }

  function retryDelay(response) {
    var value = response.headers.get("Retry-After");
    if (!value) { return null; }
    var seconds = /^\d+$/.test(value.trim()) ? parseInt(value, 10) :
      Math.round((Date.parse(value) - Date.now()) / 1000);
    return isFinite(seconds) ? Math.max(1, seconds) : null;
  }

  function rateMessage(response) {
    var seconds = retryDelay(response);
    if (seconds === null || !window.Intl || !Intl.RelativeTimeFormat) { return T.rateLimited; }
    var when = new Intl.RelativeTimeFormat(LANG, { numeric: "auto" });
    var phrase = seconds < 90 ? when.format(seconds, "second") :
      when.format(Math.ceil(seconds / 60), "minute");
    return format(T.rateLimitedWhen, { when: phrase });
  }

  function problemFor(response, body) {
    var error = body && body.error ? body.error : {};
    if (response.status === 429) { return rateMessage(response); }
    if (response.status >= 400 && response.status < 500) {
      var fields = Array.isArray(error.fields) ? error.fields : [];
      if (fields.some(function (f) { return f && f.field === "conversation_id"; })) {
        state.conversationId = "";  // stale or damaged: the next question starts afresh
        state.turns = [];
        saveState();
        return T.badConversation;
      }
      return format(T.clientError, { message: error.message || response.status });
    }
    return T.serverError;
  }

  async function send() {
    if (controller) { return; }  // one question at a time
    var question = textarea.value.replace(/\s+/g, " ").trim();
    if (question.length < 2 || question.length > (CONFIG.maxChars || 1000)) {
      setFieldError(question.length < 2 ? T.empty : T.tooLong);
      textarea.focus();
      return;
    }
    setFieldError("");
    var typed = textarea.value;
    textarea.value = "";
    var intro = log.querySelector(".intro");
    if (intro) { intro.remove(); }
    var turn = startTurn(question);
    scrollTo(turn);
    if (navigator.onLine === false) {
      showProblem(turn, T.offline);
      textarea.value = typed;
      return;
    }
    var payload = { question: question, lang: LANG };
    if (Object.keys(FILTERS).length) { payload.filters = FILTERS; }
    if (state.conversationId) { payload.conversation_id = state.conversationId; }

    var mine = epoch;
    controller = new AbortController();
    timedOut = false;
    var timer = window.setTimeout(function () { timedOut = true; controller.abort(); }, TIMEOUT_MS);
    setStatus(T.thinking, true);
    var response = null;
    var body = null;
    var failure = null;
    try {
      response = await fetch(BASE + "/api/v1/ask", {
        method: "POST", mode: "cors", credentials: "omit", cache: "no-store",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify(payload), signal: controller.signal
      });
      try { body = await response.json(); } catch (e) { body = null; }
    } catch (err) {
      // a refused cross-origin call (CORS) looks exactly like an unreachable server
      failure = err && err.name === "AbortError" ? (timedOut ? T.timeout : "cancel") :
        (navigator.onLine === false ? T.offline : T.network);
      response = null;
    } finally {
      window.clearTimeout(timer);
      controller = null;
    }
    if (mine !== epoch) { return; }  // the conversation was reset meanwhile
    setStatus("", false);
    var shown;
    if (response && response.ok && body && typeof body.answer === "string") {
      state.conversationId = typeof body.conversation_id === "string" ? body.conversation_id : "";
      shown = renderAnswer(body);
      turn.appendChild(shown);
      state.turns.push({ question: question, data: keepable(body) });
      saveState();
      scrollTo(turn);
      return;
    }
    if (failure === "cancel") {
      shown = showProblem(turn, T.cancelled, true);
    } else {
      shown = showProblem(turn, failure || problemFor(response, body));
    }
    if (!textarea.value) { textarea.value = typed; }  // so it can be sent again
    scrollTo(shown);
  }

  function newConversation() {
    epoch += 1;
    if (controller) { controller.abort(); controller = null; }
    state = { conversationId: "", turns: [], open: true };
    saveState();
    log.textContent = "";
    showIntro();
    setFieldError("");
    textarea.value = "";
    setStatus(T.newConversationStarted, false);
    textarea.focus();
  }

  // --- opening and closing
  function setOpen(open, moveFocus) {
    panel.hidden = !open;
    frame.classList.toggle("open", open);
    launcher.setAttribute("aria-expanded", open ? "true" : "false");
    state.open = open;
    saveState();
    if (!moveFocus) { return; }
    if (open) {
      textarea.focus();
    } else {
      launcher.focus();
    }
  }

  launcher.addEventListener("click", function () { setOpen(panel.hidden, true); });
  closeButton.addEventListener("click", function () { setOpen(false, true); });
  newButton.addEventListener("click", newConversation);
  cancelButton.addEventListener("click", function () {
    if (controller) { controller.abort(); }
    textarea.focus();
  });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !event.isComposing) {
      event.stopPropagation();
      setOpen(false, true);
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send();
  });
  textarea.addEventListener("keydown", function (event) {
    // Enter sends; Shift+Enter is a new line; never interrupt an input method composing text
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      send();
    }
  });
  textarea.addEventListener("input", function () {
    if (!fieldError.hidden) { setFieldError(""); }
  });

  // --- styles: everything inside the shadow root; px sizes, so host font sizes cannot matter
  var CSS = [
    ":host{all:initial!important}",
    ".w{color-scheme:light;font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Helvetica Neue',Arial,sans-serif;font-size:15px;font-weight:400;font-style:normal;line-height:1.5;color:#1b1f24;text-align:left;direction:ltr;letter-spacing:normal;word-spacing:normal;text-transform:none;text-size-adjust:100%;-webkit-text-size-adjust:100%}",
    ".w *,.w *::before,.w *::after{box-sizing:border-box}",
    "[hidden]{display:none!important}",
    "h2,h3,p,ol,form,label{margin:0;padding:0}",
    "button{font-family:inherit;font-size:15px;line-height:1.3;font-weight:600;margin:0;cursor:pointer;-webkit-appearance:none;appearance:none}",
    ".launcher{position:fixed;z-index:2147483000;bottom:20px;right:20px;display:inline-flex;align-items:center;gap:8px;min-height:48px;max-width:calc(100vw - 40px);padding:10px 18px 10px 14px;border:2px solid #fff;border-radius:24px;background:#0b3f66;color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.3);text-align:left}",
    ".launcher:hover{background:#0a5a9c}",
    ".launcher svg{flex:none}",
    ".left .launcher{left:20px;right:auto}",
    ".panel{position:fixed;z-index:2147483000;right:20px;bottom:84px;width:384px;max-width:calc(100vw - 40px);height:620px;max-height:calc(100vh - 104px);display:flex;flex-direction:column;background:#fff;border:1px solid #6b7885;border-radius:10px;box-shadow:0 10px 30px rgba(0,0,0,.25);overflow:hidden;animation:ilw-in .18s ease-out}",
    ".left .panel{left:20px;right:auto}",
    "@keyframes ilw-in{from{opacity:0;transform:translateY(12px)}}",
    ".head{flex:none;display:flex;flex-wrap:wrap;align-items:center;gap:8px;padding:10px 10px 10px 16px;background:#0b3f66;color:#fff}",
    ".head h2{flex:1 1 120px;min-width:0;font-size:17px;font-weight:700;line-height:1.3;color:#fff;overflow-wrap:anywhere}",
    ".tool{min-height:36px;padding:6px 10px;border:1px solid currentColor;border-radius:6px;background:transparent;color:#fff;font-size:13px}",
    ".tool:hover{background:#0a5a9c}",
    ".close{display:inline-flex;align-items:center;justify-content:center;width:40px;padding:0}",
    ".log{flex:1 1 auto;min-height:0;overflow-y:auto;overscroll-behavior:contain;padding:14px 16px;overflow-wrap:anywhere}",
    ".log>*+*,.turn>*+*{margin-top:12px}",
    ".intro p{color:#4a5560;font-size:14px}.intro p+p{margin-top:8px}.small{font-size:13px}",
    ".msg{border:1px solid #d5dce3;border-radius:8px;padding:10px 12px}",
    ".msg-user{background:#f3f6f9;margin-left:24px}",
    ".msg-error{background:#fdf0f0;border-color:#a3161c;color:#a3161c;font-weight:600}",
    ".msg-info{background:#f3f6f9}",
    ".who{font-size:12px;font-weight:700;color:#4a5560;margin-bottom:4px;letter-spacing:.02em;text-transform:uppercase}",
    ".q{white-space:pre-wrap}",
    ".txt p+p{margin-top:10px}",
    "a{color:#0a5a9c;text-decoration:underline;text-underline-offset:2px}",
    "a:visited{color:#5b2d8e}",
    ".cite{font-weight:700}",
    ".srcs-h{font-size:14px;font-weight:700;margin:12px 0 4px}",
    ".srcs{padding-left:24px;font-size:14px}.srcs li+li{margin-top:4px}",
    ".meta{color:#4a5560}",
    ".vh{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap;border:0}",
    // the status line stays rendered (a live region must exist before it speaks), empty = flat
    ".status{flex:none;display:flex;align-items:center;gap:10px;padding:0 16px;font-size:14px}",
    ".status.on{padding:8px 16px;border-top:1px solid #d5dce3}.status-text{flex:1}",
    ".status .tool{color:#0b3f66;background:#fff}.status .tool:hover{background:#f3f6f9}",
    ".spin{flex:none;width:16px;height:16px;border:3px solid #0a5a9c;border-right-color:transparent;border-radius:50%;animation:ilw-spin .8s linear infinite}",
    "@keyframes ilw-spin{to{transform:rotate(360deg)}}",
    ".ask{flex:none;padding:10px 16px 12px;border-top:1px solid #d5dce3;background:#fff}",
    "label{display:block;font-size:14px;font-weight:700;margin-bottom:4px}",
    ".row{display:flex;gap:8px;align-items:flex-end}",
    "textarea{flex:1;min-width:0;min-height:48px;max-height:140px;margin:0;padding:8px 10px;resize:vertical;border:1px solid #6b7885;border-radius:6px;background:#fff;color:#1b1f24;font-family:inherit;font-size:15px;line-height:1.4}",
    "textarea::placeholder{color:#5f6b76;opacity:1}",
    ".send{min-height:48px;padding:0 16px;border:0;border-radius:6px;background:#0a5a9c;color:#fff;font-weight:700}",
    ".send:hover{background:#083f6e}.send:disabled{background:#4a5560;cursor:wait}",
    ".hint{margin-top:4px;font-size:12px;color:#4a5560}",
    ".err{margin-bottom:6px;font-size:14px;font-weight:600;color:#a3161c}",
    "textarea[aria-invalid=true]{border:2px solid #a3161c}",
    ":focus-visible{outline:3px solid #1b1f24;outline-offset:2px;box-shadow:0 0 0 6px #ffbf47}",
    ".head :focus-visible{outline-color:#ffbf47;box-shadow:none}",
    "a:focus-visible{background:#ffbf47;color:#1b1f24;text-decoration:none}",
    ".log:focus-visible{outline-offset:-3px;box-shadow:none}",
    "@media (max-width:480px),(max-height:480px){.w .panel{top:0;right:0;bottom:0;left:0;width:auto;max-width:none;height:auto;max-height:none;border:0;border-radius:0}.open .launcher{display:none}}",
    "@media (max-height:480px){.hint{display:none}}",
    "@media (prefers-reduced-motion:reduce){.panel,.spin{animation:none!important}}",
    "@media (forced-colors:active){.launcher,.panel,.tool,.send,.msg{border:2px solid CanvasText}}",
    "@media print{.w{display:none!important}}"
  ].join("\n");

  // Constructable stylesheets are not blocked by a host page's CSP; a <style> is the fallback.
  try {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch (e) {
    root.appendChild(el("style", null, CSS));
  }
  root.appendChild(frame);

  // --- the conversation kept for this tab, shown again after a reload or on the next page
  if (state.turns.length) {
    state.turns.forEach(function (kept) {
      if (kept && typeof kept.question === "string" && kept.data && typeof kept.data.answer === "string") {
        startTurn(kept.question).appendChild(renderAnswer(kept.data));
      }
    });
  } else {
    showIntro();
  }

  function mount() {
    if (doc.querySelector(TAG)) { return; }  // one widget per page, even with two tags
    doc.body.appendChild(host);
    if (state.open) {
      setOpen(true, false);  // open as it was, without taking the focus from the page
      if (log.lastElementChild) { scrollTo(log.lastElementChild); }
    }
  }

  if (doc.body) {
    mount();
  } else {
    doc.addEventListener("DOMContentLoaded", mount);
  }
})();
