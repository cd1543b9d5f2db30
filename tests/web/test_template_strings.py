"""No template shows the user text that is not translated: every visible word goes through _().

Jinja comments, statements and expressions are blanked out (keeping line numbers), then the
HTML is parsed: any text node, or user-visible attribute, still holding a letter (any script,
Greek included) is a literal that no catalog can translate. Mail templates (.txt) are plain
text: after blanking Jinja, nothing with a letter may remain.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
LETTER = re.compile(r"[^\W\d_]")  # a letter of any script
JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
TRANS_BLOCK = re.compile(r"\{%-?\s*trans\b.*?\{%-?\s*endtrans\s*-?%\}", re.DOTALL)
# a whole expression that is only a quoted literal ({{ 'Send' }}) is untranslated text too
LITERAL_EXPRESSION = re.compile(r"\{\{-?\s*(['\"])((?:(?!\1).)*)\1\s*-?\}\}")
VISIBLE_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description",
                      "aria-placeholder", "aria-roledescription", "aria-valuetext", "label"}
# data attributes whose value the page scripts show to the user (confirm dialogs, labels,
# announcements, titles)
TEXT_DATA_ATTRIBUTE = re.compile(r"^data-(confirm|label|title|announce|live-header|message|"
                                 r"msg-[\w-]+|text-[\w-]+|i18n-[\w-]+)$")
BUTTON_INPUTS = {"submit", "button", "reset"}
# macros that print attributes for the caller's tag (aria-invalid="true") leave them as text
ATTRIBUTE_FRAGMENT = re.compile(r"""(?<![\w-])([A-Za-z_:][-\w:.]*)=("[^"]*"|'[^']*')""")
# code shown as code (attribute names, snippets to copy) is the same in every language, and
# HTML's own translate="no" marks text that must not be translated
CODE_ELEMENTS = {"code", "kbd", "samp", "pre"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
META_TEXT = {"description", "og:title", "og:description", "twitter:title",
             "twitter:description", "application-name"}
# Nothing needs an exception today: language names and vocabulary labels come from code
# (language_name, vocab_label). An entry is (relative path, exact text), with a comment why.
ALLOWED: set[tuple[str, str]] = set()


def templates() -> list[Path]:
    """Every page and mail template of every blueprint."""
    found = [p for p in WEB.glob("**/templates/**/*") if p.suffix in (".html", ".txt")
             and p.is_file()]
    return sorted(found)


def blank(match: re.Match[str]) -> str:
    """The match replaced by spaces, keeping its newlines so line numbers stay right."""
    return re.sub(r"[^\n]", " ", match.group(0))


class TextFinder(HTMLParser):
    """Collects (line, text) for visible text nodes and user-visible attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.raw: str | None = None  # inside <script> or <style>
        self.verbatim: list[str] = []  # open elements whose text is not translated

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            visible = name in VISIBLE_ATTRIBUTES or bool(TEXT_DATA_ATTRIBUTE.match(name))
            if name == "value":
                visible = tag == "input" and values.get("type", "").lower() in BUTTON_INPUTS
            if name == "content":
                visible = tag == "meta" and (values.get("name") or values.get("property")
                                             or "").lower() in META_TEXT
            if visible and LETTER.search(value):
                self.found.append((line, f'{name}="{value.strip()}"'))
        if tag in ("script", "style"):
            self.raw = tag
        elif tag not in VOID and (tag in CODE_ELEMENTS or values.get("translate") == "no"
                                  or self.verbatim):
            self.verbatim.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.raw = None
        if self.verbatim and self.verbatim[-1] == tag:
            self.verbatim.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag == self.raw:
            self.raw = None
        if self.verbatim and self.verbatim[-1] == tag:
            self.verbatim.pop()

    def handle_data(self, data: str) -> None:
        if self.raw or self.verbatim or not LETTER.search(data):
            return
        for match in ATTRIBUTE_FRAGMENT.finditer(data):
            name, value = match.group(1).lower(), match.group(2)[1:-1]
            if (name in VISIBLE_ATTRIBUTES or TEXT_DATA_ATTRIBUTE.match(name)) and \
                    LETTER.search(value):
                line = self.getpos()[0] + data.count("\n", 0, match.start())
                self.found.append((line, f'{name}="{value.strip()}"'))
        data = ATTRIBUTE_FRAGMENT.sub(blank, data)
        if not LETTER.search(data):
            return
        line = self.getpos()[0] + data[:len(data) - len(data.lstrip())].count("\n")
        self.found.append((line, " ".join(data.split())))


def literal_expressions(source: str) -> list[tuple[int, str]]:
    """{{ 'text' }}: a quoted literal printed as is."""
    return [(source.count("\n", 0, m.start()) + 1, m.group(0))
            for m in LITERAL_EXPRESSION.finditer(source) if LETTER.search(m.group(2))]


def untranslated(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every user-visible literal in one template."""
    source = path.read_text(encoding="utf-8")
    found = literal_expressions(source)
    stripped = JINJA.sub(blank, TRANS_BLOCK.sub(blank, source))
    if path.suffix == ".txt":
        for number, line in enumerate(stripped.split("\n"), start=1):
            if LETTER.search(line):
                found.append((number, line.strip()))
        return sorted(found)
    stripped = re.sub(r"<!--.*?-->", blank, stripped, flags=re.DOTALL)
    finder = TextFinder()
    finder.feed(stripped)
    finder.close()
    return sorted(found + finder.found)


def test_there_are_templates_to_check() -> None:
    names = {p.relative_to(WEB).as_posix() for p in templates()}
    assert "templates/base.html" in names and "templates/mail/receipt.txt" in names
    assert len(names) > 30


@pytest.mark.parametrize("source, expected", [
    ("<p>Hello</p>", [(1, "Hello")]),
    ("<p>{{ _('Hello') }}</p>\n<p>Καλημέρα</p>", [(2, "Καλημέρα")]),
    ("<p>{# note #}{% if x %}{{ y }}{% endif %} · 42 — (404)</p>", []),
    ('<img alt="A map" src="x.png"><input placeholder="{{ _(\'Name\') }}">',
     [(1, 'alt="A map"')]),
    ('<input type="submit" value="Send"><input type="hidden" name="a" value="keep">',
     [(1, 'value="Send"')]),
    ('<button aria-label="Close">×</button><a title="{{ t }}" href="/x">{{ _("Go") }}</a>',
     [(1, 'aria-label="Close"')]),
    ('<meta name="description" content="A lab"><meta name="robots" content="noindex">',
     [(1, 'content="A lab"')]),
    ("<script>const s = 'not shown';</script><style>p::after{content:'x'}</style>", []),
    ("<!-- a note -->\n<p>\n  {{ 'Literal' }}\n</p>", [(3, "{{ 'Literal' }}")]),
    ('<form data-confirm="Sure?"><div data-field="title"></div></form>',
     [(1, 'data-confirm="Sure?"')]),
    ("<p><code>data-lang</code> <span translate=\"no\">Lab <b>X</b></span> {{ _('x') }}</p>"
     "<pre><code>&lt;script async&gt;&lt;/script&gt;</code></pre><p>Visible</p>",
     [(1, "Visible")]),
    ('<code title="A tip">x</code>', [(1, 'title="A tip"')]),
    ('{% macro m() %}{% if e %} aria-invalid="true"{% endif %} title="Help"{% endmacro %}',
     [(1, 'title="Help"')]),
])
def test_the_finder_sees_literals_and_ignores_translated_text(tmp_path, source, expected
                                                              ) -> None:
    path = tmp_path / "t.html"
    path.write_text(source, encoding="utf-8")
    assert untranslated(path) == expected


def test_mail_templates_are_checked_as_plain_text(tmp_path) -> None:
    path = tmp_path / "m.txt"
    path.write_text("{{ _('Hello %(name)s,', name=name) }}\n\nKind regards\n-- \n", "utf-8")
    assert untranslated(path) == [(3, "Kind regards")]


def test_no_template_shows_text_outside_gettext() -> None:
    problems = []
    for path in templates():
        relative = path.relative_to(ROOT).as_posix()
        for line, text in untranslated(path):
            if (relative, text) not in ALLOWED:
                problems.append(f"{relative}:{line}: {text}")
    message = f"{len(problems)} user-visible texts outside _():\n  " + "\n  ".join(problems)
    print(message)
    assert not problems, message
