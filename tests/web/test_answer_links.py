"""The links in an answer's text ([n] citations, addresses), found by one script that the
chat page loads and /widget.js inlines: the rules are the same for both readers."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from typing import Any

import pytest

from web.widget.routes import ANSWER_LINKS, SOURCE

CHAT = SOURCE.parent.parent / "js" / "chat.js"


def pieces(lines: list[str]) -> list[list[dict[str, Any]]]:
    """Run the script in Node.js on each line."""
    node = shutil.which("node")
    assert node, "Node.js is needed (README: installed with npm)"
    program = (ANSWER_LINKS.read_text(encoding="utf-8")
               + f"\nprocess.stdout.write(JSON.stringify({json.dumps(lines)}"
                 ".map(integrationLabAnswerLinks)));")
    done = subprocess.run([node, "-e", program], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("line, expected", [
    ("Mentoring helped [1] and [12].", [
        {"text": "Mentoring helped "}, {"text": "[1]", "cite": 1}, {"text": " and "},
        {"text": "[12]", "cite": 12}, {"text": "."}]),
    ("Browse them all at /practices.", [
        {"text": "Browse them all at "}, {"text": "/practices", "url": "/practices"},
        {"text": "."}]),
    ("See /practices/jobs-skane, then https://example.org/a?b=1.", [
        {"text": "See "}, {"text": "/practices/jobs-skane", "url": "/practices/jobs-skane"},
        {"text": ", then "}, {"text": "https://example.org/a?b=1",
                              "url": "https://example.org/a?b=1"}, {"text": "."}]),
    ("a/practices and x/practices/y stay text", [
        {"text": "a"}, {"text": "/practices"}, {"text": " and x"}, {"text": "/practices/y"},
        {"text": " stay text"}]),
    ("[1234] is no citation; «https://example.org»", [
        {"text": "[1234] is no citation; «"}, {"text": "https://example.org",
                                                "url": "https://example.org"}, {"text": "»"}]),
    ("", []),
])
def test_pieces_of_a_line(line: str, expected: list[dict[str, Any]]) -> None:
    [found] = pieces([line])
    assert found == expected
    assert "".join(p["text"] for p in found) == line  # nothing lost, nothing added


def test_the_widget_inlines_the_same_script_and_neither_keeps_its_own_rules(client) -> None:
    shared = ANSWER_LINKS.read_text(encoding="utf-8").strip()
    rendered = client.get("/widget.js").get_data(as_text=True)
    assert rendered.count(shared) == 1
    assert "/*@answer-links*/" not in rendered
    for own in (SOURCE, CHAT):
        text = own.read_text(encoding="utf-8")
        assert not re.search(r"\\\[\(\\d", text), f"{own.name} has a citation pattern of its own"
    page = client.get("/?lang=en").get_data(as_text=True)
    assert page.index("js/answer-links.js") < page.index("js/chat.js")  # loaded first
