"""HTML pages: the chat page (with and without JavaScript), practice pages, errors, languages."""
from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest

from assistant.service import Answer
from tests.forms import csrf
from web.chat.routes import answer_blocks
from web.pages.routes import safe_href

SECRET = "anna.secret@example.org"
LANG_NAMES = ("English", "Français", "Deutsch", "Español", "Italiano", "Ελληνικά", "Português")


def page(response: Any) -> str:
    """The response body as text."""
    return str(response.get_data(as_text=True))


def chat_strings(body: str) -> dict[str, Any]:
    """The translated strings the chat script reads from the page."""
    m = re.search(r'<script type="application/json" id="chat-i18n">(.*?)</script>', body, re.S)
    assert m, "the chat page must embed its script strings"
    return json.loads(m.group(1))  # type: ignore[no-any-return]


@pytest.fixture
def rich_lab(lab, sample_records):  # type: ignore[no-untyped-def]
    """The sample practices, the first one filled in with every optional public section."""
    from knowledge.schema import validate_practice
    skane = sample_records[0]
    skane.update({
        "results": "Four hundred refugees found work within a year.",
        "transferability": "Works wherever employers' associations are strong.",
        "funding": "European Social Fund and regional budget.",
        "partners": ["Public Employment Service", "Chamber of Commerce"],
        "city_or_area": "Malmö and Lund",
        "end_year": 2019,
    })
    lab.kb.import_practices([validate_practice(r) for r in sample_records])
    return lab


# --- the chat page ------------------------------------------------------------------------

def test_chat_page_has_a_plain_form_and_the_page_language(client) -> None:
    response = client.get("/")
    body = page(response)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert '<html lang="en">' in body
    assert re.search(r'<form[^>]*id="ask-form"[^>]*method="post"[^>]*action="/"', body, re.S)
    assert '<label for="question">' in body
    assert re.search(r'<textarea[^>]*id="question"[^>]*name="question"', body, re.S)
    assert 'name="conversation_id"' in body
    assert 'role="log"' in body and 'aria-live="polite"' in body
    assert '<main id="main"' in body and 'href="#main"' in body
    assert "Integration Lab" in body
    for name in LANG_NAMES:
        assert name in body
    strings = chat_strings(body)
    assert strings["thinking"] and strings["countries"]["SE"] == "Sweden"
    assert "{message}" in strings["clientError"]
    assert "/static/js/chat.js" in body and "/static/css/lab.css" in body


def test_greek_interface_strings_and_lang_attribute(client) -> None:
    body = page(client.get("/?lang=el"))
    assert '<html lang="el">' in body
    assert "Η ερώτησή σας" in body and "Νέα συνομιλία" in body and "Πρακτικές" in body
    strings = chat_strings(body)
    assert strings["thinking"] == "Αναζήτηση πρακτικών…"
    assert strings["countries"]["SE"] == "Σουηδία"
    # the choice is remembered for the next page
    assert '<html lang="el">' in page(client.get("/"))


@pytest.mark.parametrize("lang,word", [("fr", "Votre question"), ("de", "Ihre Frage"),
                                       ("es", "Su pregunta"), ("it", "La tua domanda"),
                                       ("pt", "A sua pergunta")])
def test_every_interface_language_is_translated(client, lang: str, word: str) -> None:
    body = page(client.get(f"/?lang={lang}"))
    assert f'<html lang="{lang}">' in body and word in body


def test_language_links_keep_the_current_page(client, loaded_lab) -> None:
    body = page(client.get("/practices/housing-catalonia?text=en"))
    assert 'href="/practices/housing-catalonia?text=en&amp;lang=fr"' in body
    assert 'href="/practices/housing-catalonia?text=en&amp;lang=el"' in body


def test_static_files_are_served(client) -> None:
    assert client.get("/static/js/chat.js").status_code == 200
    assert client.get("/static/css/lab.css").status_code == 200


# --- the no-JavaScript form ------------------------------------------------------------------

def test_plain_form_renders_an_answer_and_keeps_the_conversation(client, loaded_lab) -> None:
    question = "How did the region match refugees with employers through mentoring?"
    first = client.post("/", data=csrf(client, {"question": question}))
    body = page(first)
    assert first.status_code == 200
    assert html.escape(question, quote=False) in body
    assert 'class="answer-text"' in body
    cid = re.search(r'name="conversation_id" value="([^"]+)"', body)
    assert cid, "the answer must carry the conversation id for a follow-up"
    second = page(client.post("/", data=csrf(client, {"question": "and for women?",
                                         "conversation_id": cid.group(1)})))
    assert f'name="conversation_id" value="{cid.group(1)}"' in second


def test_plain_form_links_citations_and_escapes_server_text(client, lab, monkeypatch) -> None:
    seen: dict[str, Any] = {}

    def fake_ask(question, lang=None, filters=None, conversation_id=None):  # type: ignore[no-untyped-def]
        seen.update(question=question, lang=lang, conversation_id=conversation_id)
        return Answer(
            "Here is how:\n\n[1] <b>Jobs</b> — Skåne (Sweden)\nWhat was done: mentoring [1], "
            "housing [2], bogus [9].", "en", "abcdef1234567890",
            [{"kind": "practice", "id": "jobs-skane", "title": "<script>x</script>",
              "region": "Skåne", "country": "SE", "url": "/practices/jobs-skane",
              "score": 0.9, "lang": "en"},
             {"kind": "glossary", "id": "refugee", "title": "Refugee", "region": None,
              "country": None, "url": "javascript:alert(1)", "score": 0.9}])

    monkeypatch.setattr(lab.assistant, "ask", fake_ask)
    body = page(client.post("/?lang=en", data=csrf(client, {"question": "jobs?",
                                               "conversation_id": "abcdef1234567890"})))
    assert seen == {"question": "jobs?", "lang": "en", "conversation_id": "abcdef1234567890"}
    assert body.count('<a class="citation" href="/practices/jobs-skane"') == 2
    assert "<script>x</script>" not in body and "&lt;script&gt;x&lt;/script&gt;" in body
    assert "<b>Jobs</b>" not in body and "&lt;b&gt;Jobs&lt;/b&gt;" in body
    assert "javascript:" not in body  # an unsafe source URL is shown but never linked
    assert "[2]" in body and "[9]" in body
    assert "Skåne, Sweden" in body
    assert "Refugee</span> — Glossary" in body


def test_plain_form_empty_question_shows_the_field_error(client) -> None:
    response = client.post("/", data=csrf(client, {"question": "   "}))
    body = page(response)
    assert response.status_code == 400
    assert 'id="question-error" class="field-error">Please type a question' in body
    assert 'aria-invalid="true"' in body


def test_plain_form_field_error_in_greek(client) -> None:
    body = page(client.post("/?lang=el", data=csrf(client, {"question": ""})))
    assert "Πληκτρολογήστε μια ερώτηση" in body and '<html lang="el">' in body


def test_plain_form_too_long_and_bad_conversation(client, loaded_lab) -> None:
    long = client.post("/", data=csrf(client, {"question": "x" * 1200}))
    assert long.status_code == 400 and "at most 1000 characters" in page(long)
    bad = client.post("/", data=csrf(client, {"question": "jobs for refugees", "conversation_id": "!!"}))
    assert bad.status_code == 400
    assert "could not be continued" in page(bad)
    assert 'name="conversation_id" value=""' in page(bad)


def test_plain_form_question_is_escaped(client, loaded_lab) -> None:
    body = page(client.post("/", data=csrf(client, {"question": "<img src=x onerror=alert(1)> jobs"})))
    assert "<img src=x" not in body and "&lt;img src=x onerror=alert(1)&gt; jobs" in body


def test_answer_blocks_split_paragraphs_and_link_citations() -> None:
    sources = [{"url": "/practices/a"}, {"url": "javascript:alert(1)"}]
    blocks = answer_blocks("Intro:\n\n[1] A\nText [2] [3]\nMore at /practices.", sources)
    assert len(blocks) == 2
    first_line = blocks[1][0]
    assert first_line[0].url == "/practices/a" and first_line[0].n == 1
    second = blocks[1][1]
    assert [p.url for p in second if p.text.startswith("[")] == [None, None]
    assert blocks[1][2][1].url == "/practices" and blocks[1][2][2].text == "."


def test_safe_href_only_allows_web_and_site_links() -> None:
    assert safe_href("https://example.org/x") == "https://example.org/x"
    assert safe_href("/practices/a") == "/practices/a"
    for bad in ("javascript:alert(1)", "data:text/html,x", "//evil.example", None, 3):
        assert safe_href(bad) is None


# --- practice pages -----------------------------------------------------------------------

def test_practice_page_shows_every_section_and_never_the_contact(client, rich_lab) -> None:
    response = client.get("/practices/jobs-skane")
    body = page(response)
    assert response.status_code == 200
    for heading in ("What was done", "Challenges", "Solutions", "Lessons learnt", "Results",
                    "Transferability", "Evaluation", "Inspiring elements",
                    "Room for improvement", "Partners", "Funding", "Period", "City or area",
                    "Region", "Country", "Areas", "Role of the regional authority",
                    "Target groups", "Source"):
        assert f">{heading}<" in body, heading
    for text in ("Fast track to jobs for refugees", "mentoring and work placements",
                 "foreign qualifications", "bridging courses", "Involve employers",
                 "Four hundred refugees", "employers&#39; associations are strong",
                 "European Social Fund", "Public Employment Service", "Chamber of Commerce",
                 "Malmö and Lund", "2016–2019", "Skåne", "Sweden", "Labour market", "Women",
                 "Communication", "Clear multilingual leaflets", "Reach rural employers",
                 'href="https://www.skane.se/"'):
        assert text in body, text
    assert SECRET not in body and "Anna Test" not in body
    assert body.index("<h1") < body.index("<h2") < body.index("<h3") < body.index("<h4")


def test_practice_page_in_greek_keeps_the_record_text(client, rich_lab) -> None:
    body = page(client.get("/practices/jobs-skane?lang=el"))
    assert '<html lang="el">' in body
    assert "Τι έγινε" in body and "Στοιχεία έμπνευσης" in body and "Σουηδία" in body
    assert '<article class="practice" lang="en">' in body
    assert "Fast track to jobs for refugees" in body
    assert SECRET not in body


def test_practice_page_translation_switch(client, loaded_lab) -> None:
    original = page(client.get("/practices/housing-catalonia"))
    assert '<h1 lang="es">Vivienda para personas refugiadas</h1>' in original
    assert 'href="/practices/housing-catalonia?text=en"' in original

    english = page(client.get("/practices/housing-catalonia?text=en"))
    assert '<h1 lang="en">Housing for refugees</h1>' in english
    assert "reception flats for refugee families" in english
    # fields the translation lacks fall back to the original, marked as Spanish
    assert re.search(r'<div class="prose" lang="es">\s*<p>Falta de vivienda asequible.</p>',
                     english)
    assert 'href="/practices/housing-catalonia"' in english
    assert re.search(r'href="/practices/housing-catalonia\?text=en"[^>]*\s+aria-current="true"',
                     english)

    unknown = page(client.get("/practices/housing-catalonia?text=de"))
    assert "Vivienda para personas refugiadas" in unknown


def test_unknown_practice_is_a_404_page(client, loaded_lab) -> None:
    response = client.get("/practices/no-such-practice")
    body = page(response)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "Page not found" in body and "no-such-practice" in body
    assert 'href="/"' in body


def test_unknown_page_in_greek(client) -> None:
    response = client.get("/nowhere?lang=el")
    assert response.status_code == 404
    assert "Η σελίδα δεν βρέθηκε" in page(response)


def test_practice_page_lists_similar_practices(client, loaded_lab):
    html = client.get("/practices/jobs-skane?lang=en").get_data(as_text=True)
    assert "Similar practices" in html
    section = html[html.index('id="similar"'):]
    assert "/practices/housing-catalonia" in section or "/practices/health-puglia" in section
    assert "/practices/jobs-skane\"" not in section


def test_similar_practices_never_include_unpublished(client, loaded_lab):
    loaded_lab.kb.set_status("health-puglia", "in_review")
    html = client.get("/practices/jobs-skane?lang=en").get_data(as_text=True)
    assert "/practices/health-puglia" not in html
