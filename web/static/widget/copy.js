/* The widget page's "Copy the code" button (the code stays selectable without it). */
(function () {
  "use strict";

  var button = document.getElementById("wgCopy");
  var code = document.getElementById("wgSnippet");
  var status = document.getElementById("wgCopyStatus");
  if (!button || !code || !status) { return; }

  function say(text) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);  // re-announced each time
  }

  function selectCode() {
    var range = document.createRange();
    range.selectNodeContents(code);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  button.addEventListener("click", function () {
    var text = code.textContent;
    var copied = navigator.clipboard && window.isSecureContext ?
      navigator.clipboard.writeText(text) : Promise.reject(new Error("no clipboard"));
    copied.then(function () {
      say(button.getAttribute("data-copied"));
    }, function () {
      selectCode();
      var fallback = false;
      try { fallback = document.execCommand("copy"); } catch (e) { fallback = false; }
      say(button.getAttribute(fallback ? "data-copied" : "data-failed"));
    });
  });
  button.hidden = false;
})();
