"""Acceptance on the demo data, the real model and embedded Chroma, over real HTTP."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest

pytestmark = pytest.mark.integration

QUESTIONS = {
    "en": "How did other regions get refugees into jobs?",
    "fr": "Comment les autres régions ont-elles aidé les réfugiés à trouver un emploi ?",
    "de": "Wie haben andere Regionen Geflüchtete in Arbeit gebracht?",
    "es": "¿Cómo ayudaron otras regiones a los refugiados a encontrar empleo?",
    "it": "Come hanno fatto altre regioni a inserire i rifugiati nel mondo del lavoro?",
    "el": "Πώς βοήθησαν άλλες περιφέρειες τους πρόσφυγες να βρουν δουλειά;",
    "pt": "Como é que outras regiões ajudaram os refugiados a encontrar emprego?",
}
CHALLENGE_WORD = {"en": "Challenge", "fr": "Défi", "de": "Herausforderung", "es": "Reto",
                  "it": "Sfida", "el": "Πρόκληση", "pt": "Desafio"}


def call(base: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
    """One HTTP request; returns status and decoded JSON."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def practice(base: str, pid: str) -> dict[str, Any]:
    status, body = call(base, f"/api/v1/practices/{pid}")
    assert status == 200
    return body


@pytest.mark.parametrize("lang", sorted(QUESTIONS))
def test_jobs_question_in_every_language(live_url, lang):
    status, body = call(live_url, "/api/v1/ask", {"question": QUESTIONS[lang]})
    assert status == 200, body
    assert body["lang"] == lang and body["found"] is True
    sources = [s for s in body["sources"] if s["kind"] == "practice"]
    assert 1 <= len(sources) <= 4
    for n, s in enumerate(body["sources"], 1):
        assert f"[{n}]" in body["answer"]
        assert s["url"].endswith(f"/practices/{s['id']}")
    for s in sources:
        assert s["region"] and s["country"] and s["region"] in body["answer"]
        assert practice(live_url, s["id"])["status"] == "published"
    assert f"{CHALLENGE_WORD[lang]}:" in body["answer"]
    # the best source is about work: its areas include the labour market
    assert "labour_market" in practice(live_url, sources[0]["id"])["areas"]


def test_greek_question_finds_practices_written_in_other_languages(live_url):
    status, body = call(live_url, "/api/v1/ask", {"question": QUESTIONS["el"]})
    langs = {practice(live_url, s["id"])["language"] for s in body["sources"]}
    assert langs - {"el"}, f"only Greek practices found: {body['sources']}"


def test_follow_ups_are_understood_in_context(live_url):
    _, first = call(live_url, "/api/v1/ask", {"question": QUESTIONS["en"]})
    cid = first["conversation_id"]
    _, spain = call(live_url, "/api/v1/ask", {"question": "what about in Spain?",
                                              "conversation_id": cid})
    assert spain["conversation_id"] == cid and spain["found"]
    assert spain["understood"]["filters"]["country"] == ["ES"]
    assert {s["country"] for s in spain["sources"]} == {"ES"}
    _, women = call(live_url, "/api/v1/ask", {"question": "and for women?",
                                              "conversation_id": cid})
    top = practice(live_url, women["sources"][0]["id"])
    assert "women" in top["target_groups"]
    assert top["country"] == "ES"  # the Spain filter carries over
    assert "labour_market" in top["areas"]


@pytest.mark.parametrize("question,lang", [
    ("What is the best recipe for chocolate cake?", "en"),
    ("Who won the football world cup in 2018?", "en"),
    ("Ποια είναι η καλύτερη συνταγή για κέικ σοκολάτας;", "el"),
    ("Quel temps fera-t-il demain à Paris ?", "fr"),
])
def test_nothing_relevant_is_said_plainly(live_url, question, lang):
    status, body = call(live_url, "/api/v1/ask", {"question": question})
    assert status == 200
    assert body["found"] is False and body["sources"] == []
    assert body["lang"] == lang and "/practices" in body["answer"]


def test_definition_question_cites_the_glossary(live_url):
    _, body = call(live_url, "/api/v1/ask", {"question": "What is subsidiary protection?"})
    assert body["sources"][0]["kind"] == "glossary"
    assert body["sources"][0]["id"] == "subsidiary-protection"
    assert body["sources"][0]["url"].endswith("/glossary#subsidiary-protection")


def test_filters_in_the_request(live_url):
    _, body = call(live_url, "/api/v1/ask", {"question": QUESTIONS["en"],
                                             "filters": {"country": ["DE", "AT"]}})
    assert body["sources"] and {s["country"] for s in body["sources"]} <= {"DE", "AT"}


def test_search_in_greek_finds_the_italian_and_english_practices(live_url):
    status, body = call(live_url, "/api/v1/search?q=%CE%B5%CF%81%CE%B3%CE%B1%CF%83%CE%AF%CE%B1"
                                  "%20%CF%80%CF%81%CF%8C%CF%83%CF%86%CF%85%CE%B3%CE%B5%CF%82")
    assert status == 200 and body["total"] >= 3
    assert {r["country"] for r in body["results"]} - {"GR"}
    assert sum(body["facets"]["country"].values()) >= body["total"]


def test_glossary_and_regions_on_demo_data(live_url):
    _, glossary = call(live_url, "/api/v1/glossary?lang=el")
    assert glossary["total"] >= 40
    entry = next(e for e in glossary["entries"] if e["id"] == "refugee")
    assert entry["term"] == entry["terms"]["el"] and entry["lang"] == "el"
    _, regions = call(live_url, "/api/v1/regions?lang=pt")
    pilots = {r["slug"] for r in regions["regions"] if r["pilot"]}
    assert pilots == {"azores", "campania", "catalonia", "murcia", "puglia", "skane"}
    azores = next(r for r in regions["regions"] if r["slug"] == "azores")
    assert azores["name"] == "Açores" and azores["practice_count"] >= 2


def test_no_public_output_leaks_contact_details(live_url, demo_practices):
    emails = [p["contact"]["email"] for p in demo_practices if p.get("contact")]
    assert emails
    outputs = [call(live_url, f"/api/v1/practices/{p['id']}")[1] for p in demo_practices]
    outputs.append(call(live_url, "/api/v1/search?limit=100")[1])
    outputs.append(call(live_url, "/api/v1/ask", {"question": QUESTIONS["en"]})[1])
    blob = json.dumps(outputs, ensure_ascii=False)
    for email in emails:
        assert email not in blob
