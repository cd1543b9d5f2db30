"""The regions pages: pilots first, every region with practices, profiles, 404s, bad values."""
from __future__ import annotations

import re
from typing import Any

import pytest

from tests.conftest import DEMO

PILOTS = ["azores", "campania", "catalonia", "murcia", "puglia", "skane"]


def body(response: Any) -> str:
    return str(response.get_data(as_text=True))


@pytest.fixture
def demo_lab(lab):  # type: ignore[no-untyped-def]
    """The demo regions and practices (on the fake embedder)."""
    from ingest.loader import load_practices, load_regions
    load_regions(lab.kb, DEMO / "regions.json")
    load_practices(lab.kb, DEMO / "practices.json")
    return lab


def region_links(html: str, section: str) -> list[str]:
    """Slugs linked from one section (pilotsHeading or othersHeading) of /regions."""
    part = re.search(rf'aria-labelledby="{section}">(.*?)</section>', html, re.S)
    return re.findall(r'href="/regions/([^"]+)"', part.group(1)) if part else []


def test_pilot_regions_first_then_every_region_with_practices(client, demo_lab) -> None:
    response = client.get("/regions?lang=en")
    html = body(response)
    assert response.status_code == 200
    assert sorted(region_links(html, "pilotsHeading")) == PILOTS
    others = region_links(html, "othersHeading")
    assert "attica" in others and "vienna" in others and not set(others) & set(PILOTS)
    assert html.index("pilotsHeading") < html.index("othersHeading")
    skane = re.search(r'<li class="r-card">\s*<h3><a href="/regions/skane".*?</li>', html, re.S)
    assert skane and "Sweden" in skane.group(0) and "Practices: 3" in skane.group(0)
    assert "Responsible body:" in skane.group(0) and "Region Skåne" in skane.group(0)
    assert "/static/css/pages-extra.css" in html


def test_names_and_labels_in_the_page_language(client, demo_lab) -> None:
    html = body(client.get("/regions?lang=el"))
    assert '<html lang="el">' in html
    assert re.search(r'<a href="/regions/azores" lang="el">Αζόρες</a>', html)
    assert "Πορτογαλία" in html and "Πιλοτικές περιφέρειες του REGIN" in html
    assert re.search(r'<a href="/regions/puglia" lang="it">Puglia</a>', body(
        client.get("/regions?lang=it")))


def test_pilot_region_page(client, demo_lab) -> None:
    response = client.get("/regions/skane?lang=fr")
    html = body(response)
    assert response.status_code == 200
    assert re.search(r'<h1 lang="fr">Scanie</h1>', html)
    assert "Région pilote REGIN" in html and "Suède" in html
    assert "<dt>Organisme responsable</dt>" in html
    assert re.search(r'<h2 id="profileHeading">Profil</h2>\s*<div class="prose" lang="fr">', html)
    assert re.search(r'<h2 id="actionHeading">Action d’intégration</h2>\s*<div class="prose" '
                     r'lang="fr">', html)
    assert re.search(r'<a href="https://[^"]+" rel="noopener">', html)
    practices = re.findall(r'<h3><a href="/practices/([^"]+)" lang="(\w\w)">', html)
    assert len(practices) == 3
    assert "<dd>3</dd>" in html


def test_region_without_profile_is_built_from_its_practices(client, demo_lab) -> None:
    response = client.get("/regions/attica?lang=en")
    html = body(response)
    assert response.status_code == 200
    assert re.search(r"<h1 lang=\"\w\w\">Attica</h1>", html)
    assert "This region has no profile yet" in html and "Greece" in html
    assert len(re.findall(r'<h3><a href="/practices/', html)) == 1
    assert "profileHeading" not in html and "REGIN pilot region" not in html


def test_practice_titles_in_the_page_language_when_translated(client, lab,
                                                              sample_records) -> None:
    from knowledge.schema import validate_practice
    lab.kb.import_practices([validate_practice(r) for r in sample_records])
    english = body(client.get("/regions/catalonia?lang=en"))
    assert re.search(r'<a href="/practices/housing-catalonia" lang="en">Housing for refugees</a>',
                     english)
    spanish = body(client.get("/regions/catalonia?lang=es"))
    assert re.search(r'<a href="/practices/housing-catalonia" lang="es">Vivienda para personas '
                     r'refugiadas</a>', spanish)
    assert "2017–2020" in spanish


def test_profile_falls_back_to_english_marked_and_only_web_links(client, lab) -> None:
    from knowledge.regions import validate_region
    lab.kb.import_regions([validate_region({
        "slug": "testland", "name": "Testland", "country": "AT", "pilot": False,
        "profile": {"en": "An English profile."}, "integration_action": "An English action.",
        "website": "javascript:alert(1)"})])
    html = body(client.get("/regions/testland?lang=de"))
    assert '<div class="prose" lang="en">' in html and "An English profile." in html
    assert "Noch nicht auf Deutsch übersetzt: angezeigt auf Englisch." in html
    assert "javascript:" not in html and "<dt>Website</dt>" not in html
    assert "Aus dieser Region wurde noch keine Praxis veröffentlicht." in html
    # a profile with no practice is listed with the others
    assert "testland" in region_links(body(client.get("/regions")), "othersHeading")


def test_unknown_region_is_a_clear_404(client, demo_lab) -> None:
    response = client.get("/regions/atlantis?lang=en")
    html = body(response)
    assert response.status_code == 404
    assert "<h1>Region not found</h1>" in html
    assert "There is no region “atlantis”" in html
    assert '<a href="/regions">See all regions</a>' in html
    greek = client.get("/regions/atlantis?lang=el")
    assert greek.status_code == 404 and "Η περιφέρεια δεν βρέθηκε" in body(greek)
    weird = client.get("/regions/%3Cb%3Ex%3C%2Fb%3E")
    assert weird.status_code == 404 and "<b>x</b>" not in body(weird)


def test_unknown_region_for_scripts_is_a_json_404(client, demo_lab) -> None:
    response = client.get("/regions/atlantis", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
    assert "atlantis" in response.get_json()["error"]["message"]
    api = client.get("/api/v1/regions?lang=xx")
    assert api.status_code == 400 and api.get_json()["error"]["fields"][0]["field"] == "lang"


def test_region_names_as_written_lead_to_the_page(client, demo_lab) -> None:
    response = client.get("/regions/Sk%C3%A5ne")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/regions/skane")


def test_bad_language_gives_a_clear_message(client, demo_lab) -> None:
    for url in ("/regions?lang=qq", "/regions/azores?lang=qq"):
        response = client.get(url)
        assert response.status_code == 200
        assert "The language “qq” is not available, so this page is shown in English." in body(
            response)


def test_no_regions_yet(client) -> None:
    html = body(client.get("/regions"))
    assert "No region has been published yet." in html
