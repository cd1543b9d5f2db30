/* Integration Lab submission template: keeps a draft of the answers in this browser, counts
   characters in the long texts, checks the answers before sending (the server checks them
   again: the form works without this script) and moves focus to the error summary.
   Messages come translated from the form's data-msg-* attributes; text only ever goes into the
   page through textContent. */
(function () {
  "use strict";

  var KEY = "lab-submit-draft";
  var VERSION = 1;
  // never kept: the CSRF token, the bots' trap, and consent (it must be given each time)
  var SKIP = { csrf_token: true, website: true, consent: true };
  var SAVE_DELAY_MS = 400;
  var NEAR_LIMIT = 0.9;
  var EMAIL = /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]{2,}$/;   // knowledge/schema.py EMAIL_PATTERN
  var URL = /^https?:\/\/[^\s<>"]+\.[^\s<>"]+$/i;       // knowledge/schema.py URL_PATTERN
  var YEAR = /^\d+(?:\.0*)?$/;
  var ONE_OF = ["challenges", "solutions", "lessons_learnt"];

  function storage() {
    try {
      var s = window.localStorage;
      s.getItem(KEY);
      return s;
    } catch (e) {
      return null;  // storage disabled (private mode, policy): the form still works
    }
  }
  var store = storage();

  // The thank-you page: the practice was received, the draft has done its job.
  if (document.getElementById("submit-thanks")) {
    if (store) { store.removeItem(KEY); }
    return;
  }

  var form = document.getElementById("submit-form");
  if (!form) { return; }
  var summary = document.getElementById("error-summary");
  var summaryList = document.getElementById("error-summary-list");
  var wrappers = Array.prototype.slice.call(form.querySelectorAll("[data-field]"));
  var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);

  function msg(name) { return form.getAttribute("data-msg-" + name) || ""; }

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function fieldId(name) { return "f-" + name.replace(/[._]/g, "-"); }

  function value(name) {
    var el = form.elements.namedItem(name);
    return el && typeof el.value === "string" ? el.value.trim() : "";
  }

  function tokens(el, attr) {
    return (el.getAttribute(attr) || "").split(/\s+/).filter(Boolean);
  }

  function setToken(el, attr, token, on) {
    var list = tokens(el, attr).filter(function (t) { return t !== token; });
    if (on) { list.push(token); }
    if (list.length) { el.setAttribute(attr, list.join(" ")); } else { el.removeAttribute(attr); }
  }

  // --- character counters -------------------------------------------------------------------
  var counters = Array.prototype.map.call(form.querySelectorAll("textarea[data-counter]"),
    function (area) {
      var out = document.createElement("p");
      out.className = "char-count";
      out.id = area.id + "-count";
      area.insertAdjacentElement("afterend", out);
      setToken(area, "aria-describedby", out.id, true);
      function update() {
        var max = Number(area.getAttribute("maxlength")) || 0;
        var count = area.value.length;
        out.textContent = format(msg("count"), { count: numbers.format(count), max: numbers.format(max) });
        out.classList.toggle("is-near", max > 0 && count >= max * NEAR_LIMIT);
      }
      area.addEventListener("input", update);
      update();
      return update;
    });

  function updateCounters() { counters.forEach(function (update) { update(); }); }

  // --- the draft ------------------------------------------------------------------------------
  function collect() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.name] || el.type === "hidden" || el.type === "submit" ||
          el.type === "button") { return; }
      if (el.type === "checkbox") {
        data[el.name] = data[el.name] || [];
        if (el.checked) { data[el.name].push(el.value); }
      } else {
        data[el.name] = el.value;
      }
    });
    return data;
  }

  function meaningful(fields) {
    return Object.keys(fields).some(function (name) {
      var v = fields[name];
      return name !== "language" && (Array.isArray(v) ? v.length > 0 : String(v).trim() !== "");
    });
  }

  var saveTimer = null;
  function save() {
    window.clearTimeout(saveTimer);
    saveTimer = null;
    if (!store) { return; }
    var fields = collect();
    try {
      if (meaningful(fields)) {
        store.setItem(KEY, JSON.stringify({ v: VERSION, saved: Date.now(), fields: fields }));
      } else {
        store.removeItem(KEY);
      }
    } catch (e) { /* storage full: keep going without a draft */ }
  }
  function saveSoon() {
    window.clearTimeout(saveTimer);
    saveTimer = window.setTimeout(save, SAVE_DELAY_MS);
  }

  function restore() {
    var raw = store && store.getItem(KEY);
    if (!raw) { return false; }
    var draft;
    try { draft = JSON.parse(raw); } catch (e) { draft = null; }
    if (!draft || draft.v !== VERSION || !draft.fields || !meaningful(draft.fields)) {
      store.removeItem(KEY);
      return false;
    }
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.name] || !Object.prototype.hasOwnProperty.call(draft.fields, el.name)) { return; }
      var v = draft.fields[el.name];
      if (el.type === "checkbox") {
        el.checked = Array.isArray(v) && v.indexOf(el.value) !== -1;
      } else if (typeof v === "string" && el.type !== "hidden") {
        if (el.tagName === "SELECT" && !el.querySelector('option[value="' + CSS.escape(v) + '"]')) { return; }
        el.value = v;
      }
    });
    return true;
  }

  var notice = document.getElementById("draft-notice");
  var noticeText = document.getElementById("draft-status");
  var clearButton = document.getElementById("draft-clear");

  function announce(text, withButton) {
    notice.hidden = false;
    clearButton.hidden = !withButton;
    // a live region announces changes, not what it holds when it appears: fill it a moment later
    window.setTimeout(function () { noticeText.textContent = text; }, 100);
  }

  if (store) {
    document.getElementById("draft-hint").hidden = false;
    // a page the server sent back (with errors) already shows what was typed
    if (form.getAttribute("data-fresh") === "true" && restore()) {
      announce(msg("restored"), true);
    }
    form.addEventListener("input", saveSoon);
    form.addEventListener("change", saveSoon);
    window.addEventListener("pagehide", function () { if (saveTimer !== null) { save(); } });
    clearButton.addEventListener("click", function () {
      window.clearTimeout(saveTimer);
      saveTimer = null;
      store.removeItem(KEY);
      form.reset();
      updateCounters();
      showErrors({}, false);
      announce(msg("cleared"), false);
      form.elements.namedItem("title").focus();
    });
  }
  updateCounters();

  // --- checks before sending (the server's rules, in the page language) ----------------------
  function validate() {
    var errors = {};
    ["title", "region", "country", "summary", "contact.name", "contact.email"].forEach(function (name) {
      if (!value(name)) { errors[name] = msg("required"); }
    });
    if (!ONE_OF.some(value)) { errors.challenges = msg("one-text"); }
    var years = {};
    ["start_year", "end_year"].forEach(function (name) {
      var v = value(name);
      if (!v) { return; }
      var min = Number(form.getAttribute("data-year-min"));
      var max = Number(form.getAttribute("data-year-max"));
      if (!YEAR.test(v)) {
        errors[name] = format(msg("year"), { value: v });
      } else if (Number(v) < min || Number(v) > max) {
        errors[name] = format(msg("year-range"), { value: Number(v) });
      } else {
        years[name] = Number(v);
      }
    });
    if (years.start_year && years.end_year && years.end_year < years.start_year) {
      errors.end_year = format(msg("year-order"), { value: years.end_year, start: years.start_year });
    }
    var email = value("contact.email");
    if (email && !EMAIL.test(email)) { errors["contact.email"] = format(msg("email"), { value: email }); }
    var url = value("source_url");
    if (url && !URL.test(url)) { errors.source_url = format(msg("url"), { value: url }); }
    if (!form.elements.namedItem("consent").checked) { errors.consent = msg("consent"); }
    return errors;
  }

  function setFieldError(wrapper, message) {
    var name = wrapper.getAttribute("data-field");
    var line = document.getElementById(fieldId(name) + "-error");
    if (!line) { return; }
    line.querySelector(".field-error-text").textContent = message;
    line.hidden = !message;
    var controls = wrapper.querySelectorAll("input, select, textarea");
    Array.prototype.forEach.call(controls, function (el) {
      if (message) { el.setAttribute("aria-invalid", "true"); } else { el.removeAttribute("aria-invalid"); }
    });
    var described = wrapper.tagName === "FIELDSET" ? wrapper : controls[0];
    if (described) { setToken(described, "aria-describedby", line.id, Boolean(message)); }
  }

  function showErrors(errors, focus) {
    summaryList.textContent = "";
    var count = 0;
    wrappers.forEach(function (wrapper) {
      var name = wrapper.getAttribute("data-field");
      var message = errors[name] || "";
      setFieldError(wrapper, message);
      if (!message) { return; }
      count += 1;
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + fieldId(name);
      link.textContent = wrapper.getAttribute("data-label") + ": " + message;
      item.appendChild(link);
      summaryList.appendChild(item);
    });
    summary.hidden = count === 0;
    if (count && focus) { summary.focus(); }
  }

  // a link in the summary focuses its field and shows the field's label or question too
  summaryList.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!target) { return; }
    event.preventDefault();
    var wrapper = target.closest("[data-field]");
    var heading = wrapper && wrapper.querySelector("label, legend");
    target.focus({ preventScroll: true });
    (heading || target).scrollIntoView({ block: "start" });
  });

  var sending = false;
  form.addEventListener("submit", function (event) {
    var errors = validate();
    if (Object.keys(errors).length) {
      event.preventDefault();
      showErrors(errors, true);
      return;
    }
    if (sending) { event.preventDefault(); return; }  // a second click would send it twice
    sending = true;
    save();
  });
  // back from the next page: the form may be sent again
  window.addEventListener("pageshow", function () { sending = false; });

  if (!summary.hidden) { summary.focus(); }
}());
