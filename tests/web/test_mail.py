"""E-mail texts: every kind in seven languages, plain text unescaped, from any thread."""
from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from flask import Flask
from flask_babel import get_locale, gettext

from knowledge.outbox import KINDS
from knowledge.vocab import LANGS
from web.mail import BabelComposer

ROOT = Path(__file__).resolve().parents[2]
MAIL_TEMPLATES = ROOT / "web" / "templates" / "mail"
PENDING = ROOT / "web" / "translations" / "pending" / "mail.json"
CONTEXT = {"reference": "IL-2026-7K3Q9X", "title": "Jobs for refugees <b>& “mentors”",
           "name": "Anna Test", "link": "https://lab.example.org/q/abc?lang=el&t=1",
           "reason": "The practice is outside the scope of the Lab.", "expires": "2026-03-01"}
USES_LINK = {"questionnaire", "published", "rejected"}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@pytest.fixture
def composer(app: Flask) -> BabelComposer:
    return BabelComposer(app)


def compose_all(composer: BabelComposer, lang: str) -> dict[str, tuple[str, str]]:
    return {kind: composer.compose(kind, lang, CONTEXT) for kind in KINDS}


@pytest.mark.parametrize("lang", LANGS)
def test_every_kind_renders_in_every_language(composer: BabelComposer, lang: str) -> None:
    english = compose_all(composer, "en")
    for kind, (subject, body) in compose_all(composer, lang).items():
        assert subject and "\n" not in subject, (kind, subject)
        assert CONTEXT["reference"] in subject, (kind, subject)
        assert CONTEXT["reference"] in body and CONTEXT["title"] in body, (kind, body)
        assert (CONTEXT["link"] in body) == (kind in USES_LINK), (kind, body)
        assert CONTEXT["name"] in body.splitlines()[0]
        assert body.rstrip().endswith("Integration Lab") and body.endswith("\n")
        assert "%(" not in subject + body and "{{" not in body and "\n\n\n" not in body
        if lang != "en":  # the catalog is wired: the text is the translation
            assert subject != english[kind][0], (lang, kind, subject)
            assert body != english[kind][1], (lang, kind, body)


def test_english_texts_say_what_happens(composer: BabelComposer) -> None:
    texts = compose_all(composer, "en")
    receipt = texts["receipt"][1]
    assert "A coordinator reviews your practice." in receipt
    assert "questionnaire" in receipt and "when it is published" in receipt
    assert "valid until March 1, 2026" in texts["questionnaire"][1]
    assert "is now published" in texts["published"][1]
    assert f"Reason: {CONTEXT['reason']}" in texts["rejected"][1]
    assert "not to publish it this time" in texts["rejected"][1]
    assert texts["rejected"][1].rstrip().endswith("Kind regards,\nIntegration Lab")


def test_text_mails_are_not_html_escaped(composer: BabelComposer) -> None:
    for lang in ("en", "fr", "el"):
        for kind, (subject, body) in compose_all(composer, lang).items():
            assert "Jobs for refugees <b>& “mentors”" in body, (lang, kind)
            assert "&amp;" not in body + subject and "&lt;" not in body and "&#" not in body
    subject, _ = composer.compose("receipt", "en", {**CONTEXT, "reference": "A&B<1>"})
    assert "A&B<1>" in subject


def test_optional_parts_are_left_out(composer: BabelComposer) -> None:
    plain = {"reference": "IL-1", "title": "T"}
    _, body = composer.compose("rejected", "en", plain)
    assert body.startswith("Hello,\n") and "Reason" not in body and "Contact:" not in body
    _, body = composer.compose("questionnaire", "en", {**plain, "link": "https://x.org/q"})
    assert "valid until" not in body and "https://x.org/q" in body
    # a date that is not ISO is shown as given
    _, body = composer.compose("questionnaire", "en", {**plain, "link": "https://x.org/q",
                                                       "expires": "the end of March"})
    assert "valid until the end of March." in body


def test_dates_are_written_the_recipients_way(composer: BabelComposer) -> None:
    written = {lang: composer.compose("questionnaire", lang, CONTEXT)[1]
               for lang in ("en", "de", "el", "fr")}
    assert "March 1, 2026" in written["en"]
    assert "1. März 2026" in written["de"]
    assert "1 Μαρτίου 2026" in written["el"]
    assert "1 mars 2026" in written["fr"]


def test_bad_kind_missing_context_and_unknown_language(composer: BabelComposer) -> None:
    with pytest.raises(ValueError, match="'invoice'"):
        composer.compose("invoice", "en", CONTEXT)
    with pytest.raises(ValueError, match="needs link") as caught:
        composer.compose("published", "en", {"reference": "IL-1", "title": "T"})
    assert "IL-1" in str(caught.value)
    assert composer.compose("receipt", "xx", CONTEXT) == composer.compose("receipt", "en", CONTEXT)


def test_works_from_a_thread_and_leaves_the_request_language_alone(
        app: Flask, composer: BabelComposer) -> None:
    results: dict[str, Any] = {}

    def worker() -> None:  # no app or request context in this thread
        try:
            results["el"] = composer.compose("published", "el", CONTEXT)
        except Exception as exc:  # reported by the assertion below
            results["error"] = exc

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(timeout=30)
    assert "error" not in results
    assert results["el"] == composer.compose("published", "el", CONTEXT)

    with app.test_request_context("/?lang=de"):
        assert gettext("Glossary") == "Glossar"
        french = composer.compose("receipt", "fr", CONTEXT)
        assert str(get_locale()) == "de" and gettext("Glossary") == "Glossar"
    assert french == composer.compose("receipt", "fr", CONTEXT)


def mail_msgids() -> set[str]:
    """Every msgid the mail templates use, as the extractor sees them."""
    found = extract_from_dir(str(MAIL_TEMPLATES), method_map=[("**.txt", "jinja2")])
    return {message[2] for message in found}  # type: ignore[misc]


def test_every_mail_msgid_has_six_translations_with_the_same_placeholders() -> None:
    pending: dict[str, dict[str, str]] = json.loads(PENDING.read_text(encoding="utf-8"))
    msgids = mail_msgids()
    assert len(msgids) >= 20
    catalogs = {}
    for lang in LANGS[1:]:
        with open(ROOT / "web" / "translations" / lang / "LC_MESSAGES" / "messages.mo",
                  "rb") as fh:
            catalogs[lang] = read_mo(fh)
    for msgid in msgids:
        for lang in LANGS[1:]:
            merged = catalogs[lang].get(msgid)
            text = pending.get(msgid, {}).get(lang) or (merged.string if merged else "")
            assert text, f"{lang}: no translation of {msgid!r}"
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(msgid)), \
                (lang, msgid, text)
            assert "%" not in PLACEHOLDER.sub("", text), (lang, text)
    assert set(pending) <= msgids, set(pending) - msgids


def test_babel_cfg_extracts_the_mail_templates() -> None:
    from babel.util import pathmatch
    patterns = re.findall(r"^\[jinja2:\s*(.+?)\]", (ROOT / "babel.cfg").read_text(), re.M)
    assert any(pathmatch(p, "web/templates/mail/receipt.txt") for p in patterns), patterns
