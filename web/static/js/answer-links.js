/* Integration Lab: where the links are in an answer's text. The server writes [n] citations
   and a few addresses ("browse … at /practices") into its answers; this splits a line into
   plain text, citations and addresses. One copy for both readers: the chat page loads this
   file before chat.js, and /widget.js has it inlined by the server (the widget must stay one
   self-contained script). No lookbehind, so that browsers without it still parse the widget. */
var integrationLabAnswerLinks = (function () {
  "use strict";
  var TOKEN = /\[(\d{1,3})\]|(https?:\/\/[^\s<>"\[\]]*[^\s<>"\[\].,;:!?)»]|\/practices(?:\/[\w-]+)?\b)/g;

  // The pieces of one line, in order: {text}, {text, cite: n} or {text, url}.
  return function pieces(line) {
    var out = [];
    var at = 0;
    var match;
    line = String(line);
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(line)) !== null) {
      if (match.index > at) { out.push({ text: line.slice(at, match.index) }); }
      if (match[1]) {
        out.push({ text: match[0], cite: parseInt(match[1], 10) });
      } else if (match[0].charAt(0) === "/" && /[\w\/]/.test(line.charAt(match.index - 1))) {
        out.push({ text: match[0] });  // "/practices" inside a longer path or word
      } else {
        out.push({ text: match[0], url: match[0] });
      }
      at = match.index + match[0].length;
    }
    if (at < line.length) { out.push({ text: line.slice(at) }); }
    return out;
  };
})();
