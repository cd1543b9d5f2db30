/* Integration Lab chat: sends questions to /api/v1/ask and shows cited answers.
   No framework and no third-party requests. Server text is only ever put in the page
   through textContent and attributes, never innerHTML. Without this script the form
   still posts to / and the server renders the answer. */
(function () {
  "use strict";

  var form = document.getElementById("ask-form");
  var blob = document.getElementById("chat-i18n");
  if (!form || !blob || !window.fetch || !window.AbortController) {
    return;  // the plain form keeps working
  }

  var T = JSON.parse(blob.textContent);
  var log = document.getElementById("chat-log");
  var textarea = document.getElementById("question");
  var hiddenId = document.getElementById("conversation-id");
  var askButton = document.getElementById("ask-button");
  var cancelButton = document.getElementById("cancel-button");
  var status = document.getElementById("chat-status");
  var fieldError = document.getElementById("question-error");
  var newForm = document.getElementById("new-conversation-form");
  var api = form.getAttribute("data-api") || "/api/v1/ask";
  var maxChars = parseInt(form.getAttribute("data-max"), 10) || 1000;
  var uiLang = document.documentElement.getAttribute("lang") || "en";
  var STORE_KEY = "integration-lab.chat";
  var MAX_KEPT_TURNS = 20;      // the server keeps 20 turns of context too
  var TIMEOUT_MS = 90000;
  var pieces = window.integrationLabAnswerLinks;  // js/answer-links.js, loaded first

  var controller = null;
  var timedOut = false;
  var epoch = 0;  // bumped by "New conversation" so a late reply is dropped
  var turnCount = 0;

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  // --- conversation state in sessionStorage (may be unavailable: private modes, policies)
  function loadState() {
    try {
      var raw = window.sessionStorage.getItem(STORE_KEY);
      var state = raw ? JSON.parse(raw) : null;
      if (state && typeof state === "object" && Array.isArray(state.turns)) {
        return state;
      }
    } catch (e) { /* fall through to a fresh state */ }
    return { conversationId: "", turns: [] };
  }

  function saveState(state) {
    try {
      state.turns = state.turns.slice(-MAX_KEPT_TURNS);
      window.sessionStorage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (e) { /* the conversation still works for this page view */ }
  }

  function clearState() {
    try { window.sessionStorage.removeItem(STORE_KEY); } catch (e) { /* nothing kept */ }
  }

  var state = loadState();

  // --- DOM helpers: text only
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function safeUrl(url) {
    if (typeof url !== "string" || !url) { return null; }
    try {
      var parsed = new URL(url, window.location.href);
      if (parsed.protocol === "http:" || parsed.protocol === "https:") {
        return parsed.href;
      }
    } catch (e) { /* not a URL */ }
    return null;
  }

  function isLang(value) {
    return typeof value === "string" && /^[a-z]{2}$/.test(value);
  }

  function message(author, className) {
    var box = el("div", "message " + className);
    box.appendChild(el("p", "message-author", author));
    return box;
  }

  function appendLine(parent, line, sources, prefix) {
    pieces(line).forEach(function (piece) {
      var link = null;
      if (piece.cite) {
        var n = piece.cite;
        var source = n >= 1 && n <= sources.length ? sources[n - 1] : null;
        var href = source ? safeUrl(source.url) : null;
        if (href) {
          link = el("a", "citation", piece.text);
          link.href = href;
          link.setAttribute("aria-describedby", prefix + "-source-" + n);
        }
      } else if (piece.url) {
        var url = safeUrl(piece.url);
        if (url) {
          link = el("a", null, piece.text);
          link.href = url;
        }
      }
      parent.appendChild(link || document.createTextNode(piece.text));
    });
  }

  function renderAnswerText(text, sources, prefix) {
    var container = el("div", "answer-text");
    var paragraph = null;
    String(text).split(/\r?\n/).forEach(function (line) {
      if (!line.trim()) {
        paragraph = null;  // a blank line ends the paragraph
        return;
      }
      if (paragraph) {
        paragraph.appendChild(document.createElement("br"));
      } else {
        paragraph = el("p");
        container.appendChild(paragraph);
      }
      appendLine(paragraph, line, sources, prefix);
    });
    return container;
  }

  // Glossary terms the server found in the answer ({id, term, text, url}, longest first):
  // the first occurrence of each becomes a link, by splitting text nodes (never innerHTML).
  var WORD_EDGE = "[\\p{L}\\p{N}_]";

  function linkGlossaryTerms(container, terms) {
    if (!Array.isArray(terms)) { return; }
    terms.forEach(function (term) {
      var href = term ? safeUrl(term.url) : null;
      if (!href || typeof term.text !== "string" || !term.text) { return; }
      var escaped = term.text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      var pattern = new RegExp("(?<!" + WORD_EDGE + ")" + escaped + "(?!" + WORD_EDGE + ")", "u");
      var walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
      var node;
      while ((node = walker.nextNode())) {
        if (node.parentNode.closest("a")) { continue; }
        var match = pattern.exec(node.nodeValue);
        if (!match) { continue; }
        var word = node.splitText(match.index);
        word.splitText(match[0].length);
        var link = el("a", "glossary-term", word.nodeValue);
        link.href = href;
        if (typeof term.term === "string") { link.title = T.glossary + ": " + term.term; }
        word.parentNode.replaceChild(link, word);
        return;
      }
    });
  }

  function renderSource(source, n, prefix) {
    var item = el("li");
    item.id = prefix + "-source-" + n;
    var href = safeUrl(source.url);
    var title = el(href ? "a" : "span", null, source.title || source.id || "");
    if (href) { title.href = href; }
    if (isLang(source.lang)) { title.setAttribute("lang", source.lang); }
    item.appendChild(title);
    var details;
    if (source.kind === "glossary") {
      details = T.glossary;
    } else {
      var country = source.country ? (T.countries[source.country] || source.country) : "";
      details = [source.region, country].filter(Boolean).join(", ");
    }
    if (details) {
      item.appendChild(document.createTextNode(" — " + details));
    }
    return item;
  }

  function renderAnswer(data) {
    turnCount += 1;
    var prefix = "t" + turnCount;
    var sources = Array.isArray(data.sources) ? data.sources : [];
    var box = message(T.answer, "message-answer");
    var body = renderAnswerText(data.answer, sources, prefix);
    linkGlossaryTerms(body, data.glossary);
    if (isLang(data.lang)) { body.setAttribute("lang", data.lang); }
    box.appendChild(body);
    if (sources.length) {
      box.appendChild(el("h3", "sources-heading", T.sources));
      var list = el("ol", "sources");
      sources.forEach(function (source, i) {
        list.appendChild(renderSource(source, i + 1, prefix));
      });
      box.appendChild(list);
    }
    return box;
  }

  function startTurn(question) {
    var turn = el("div", "turn");
    var asked = message(T.you, "message-user");
    asked.appendChild(el("p", "message-text", question));
    turn.appendChild(asked);
    log.appendChild(turn);
    return turn;
  }

  function showProblem(turn, text, isInfo) {
    var box = message(isInfo ? T.answer : T.error, isInfo ? "message-info" : "message-error");
    box.appendChild(el("p", null, text));
    (turn || log).appendChild(box);
  }

  // --- form state
  function setFieldError(text) {
    fieldError.textContent = text || "";
    fieldError.hidden = !text;
    if (text) {
      textarea.setAttribute("aria-invalid", "true");
    } else {
      textarea.removeAttribute("aria-invalid");
    }
  }

  function setThinking(on) {
    askButton.disabled = on;
    cancelButton.hidden = !on;
    status.classList.toggle("is-thinking", on);
    status.textContent = on ? T.thinking : "";
    log.setAttribute("aria-busy", on ? "true" : "false");
  }

  function setConversation(id) {
    state.conversationId = id || "";
    hiddenId.value = state.conversationId;
  }

  function problemFor(response, body) {
    var error = body && body.error ? body.error : {};
    if (response.status === 429) {
      return T.rateLimited;
    }
    if (response.status >= 400 && response.status < 500) {
      var fields = Array.isArray(error.fields) ? error.fields : [];
      if (fields.some(function (f) { return f && f.field === "conversation_id"; })) {
        // a stale or damaged id: forget it so the next question starts afresh
        setConversation("");
        state.turns = [];
        saveState(state);
        return T.badConversation;
      }
      return format(T.clientError, { message: error.message || response.statusText || response.status });
    }
    return T.serverError;
  }

  async function send() {
    if (controller) { return; }  // one question at a time
    var question = textarea.value.replace(/\s+/g, " ").trim();
    if (question.length < 2) {
      setFieldError(T.empty);
      textarea.focus();
      return;
    }
    if (question.length > maxChars) {
      setFieldError(T.tooLong);
      textarea.focus();
      return;
    }
    setFieldError("");
    var typed = textarea.value;
    textarea.value = "";
    var turn = startTurn(question);
    var payload = { question: question, lang: uiLang };
    if (state.conversationId) { payload.conversation_id = state.conversationId; }

    var mine = epoch;
    controller = new AbortController();
    timedOut = false;
    var timer = window.setTimeout(function () { timedOut = true; controller.abort(); }, TIMEOUT_MS);
    setThinking(true);
    var response = null;
    var body = null;
    try {
      response = await fetch(api, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify(payload),
        credentials: "same-origin",
        signal: controller.signal
      });
      try { body = await response.json(); } catch (e) { body = null; }
    } catch (err) {
      if (mine !== epoch) {
        // dropped by "New conversation": nothing to report
      } else if (err && err.name === "AbortError") {
        showProblem(turn, timedOut ? T.timeout : T.cancelled, !timedOut);
      } else {
        showProblem(turn, navigator.onLine === false ? T.offline : T.network);
      }
      response = null;
    } finally {
      window.clearTimeout(timer);
      controller = null;
      if (mine === epoch) { setThinking(false); }
    }
    if (mine !== epoch) {
      return;
    }
    if (!response) {
      if (!textarea.value) { textarea.value = typed; }  // let them send it again
      textarea.focus();
      return;
    }
    if (response.ok && body && typeof body.answer === "string") {
      setConversation(body.conversation_id);
      turn.appendChild(renderAnswer(body));
      state.turns.push({ question: question, data: body });
      saveState(state);
      return;
    }
    showProblem(turn, problemFor(response, body));
    if (!textarea.value) { textarea.value = typed; }
  }

  function newConversation() {
    epoch += 1;
    if (controller) { controller.abort(); }
    setThinking(false);
    clearState();
    state = { conversationId: "", turns: [] };
    setConversation("");
    log.textContent = "";
    setFieldError("");
    textarea.value = "";
    status.textContent = T.newConversation;
    textarea.focus();
  }

  // --- wiring
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

  cancelButton.addEventListener("click", function () {
    if (controller) { controller.abort(); }
    textarea.focus();
  });

  if (newForm) {
    newForm.addEventListener("submit", function (event) {
      event.preventDefault();
      newConversation();
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".js-only"), function (node) {
    node.hidden = false;
  });

  // Show the conversation kept for this tab (e.g. after following a citation and coming back).
  if (state.turns.length && !log.children.length) {
    log.setAttribute("aria-busy", "true");
    state.turns.forEach(function (kept) {
      if (kept && typeof kept.question === "string" && kept.data && typeof kept.data.answer === "string") {
        startTurn(kept.question).appendChild(renderAnswer(kept.data));
      }
    });
    log.setAttribute("aria-busy", "false");
  }
  if (state.conversationId) {
    hiddenId.value = state.conversationId;
  } else if (hiddenId.value) {
    // the server answered the plain form before this script ran: continue that conversation
    setConversation(hiddenId.value);
    saveState(state);
  }
})();
