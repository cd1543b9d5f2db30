// Coordinators' pages and the questionnaire: small comforts on top of pages that work without JS.
(function () {
  "use strict";

  // Ask before a step that is hard to undo (forms marked data-confirm).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });

  // A form sent twice by a double click would run the step twice: disable its button once sent.
  document.querySelectorAll(".admin form[method='post'], .questionnaire form[method='post']")
    .forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (event.defaultPrevented) { return; }
        form.querySelectorAll("button[type='submit']").forEach(function (button) {
          window.setTimeout(function () { button.disabled = true; }, 0);
        });
      });
    });

  // Coming back with the browser's Back button shows the page as it was left: enable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[method='post'] button[type='submit']").forEach(function (b) {
      b.disabled = false;
    });
  });

  // After a refused form, move the focus to the list of problems so it is read out first.
  var summary = document.getElementById("errorSummary");
  if (summary) {
    summary.focus();
  }

  // A link in the error summary opens the closed section that holds the field.
  document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function () {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      var details = target && target.closest("details");
      if (details) { details.open = true; }
    });
  });
})();
