"""The map: GET /api/v1/map and the /map page on the fake embedder (no browser)."""
from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest

from knowledge.gazetteer import COUNTRY_CENTRES, lookup

SECRET = "anna.secret@example.org"
EVIL = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


def page(response: Any) -> str:
    return str(response.get_data(as_text=True))


def script_data(body: str) -> dict[str, Any]:
    """The data the map script reads from the page."""
    m = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', body, re.S)
    assert m, "the map page must embed its data"
    return json.loads(m.group(1))  # type: ignore[no-any-return]


def list_view(body: str) -> list[str]:
    """The practice ids of the list view, in order."""
    m = re.search(r'<section class="map-list".*?</section>', body, re.S)
    assert m, "the map page must have a list view"
    return re.findall(r'<li><a href="/practices/([^"]+)"', m.group(0))


def _error(resp: Any, status: int) -> dict[str, Any]:
    assert resp.status_code == status, page(resp)
    body = resp.get_json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"])
    return body["error"]  # type: ignore[no-any-return]


@pytest.fixture
def unplaceable(monkeypatch):  # type: ignore[no-untyped-def]
    """The gazetteer cannot place anything in Puglia (as if its country were unknown)."""
    import web.map.routes as routes
    real = routes.place

    def place(region, country, *args):  # type: ignore[no-untyped-def]
        return None if region == "Puglia" else real(region, country, *args)

    monkeypatch.setattr(routes, "place", place)


# --- the API ------------------------------------------------------------------------------

def test_map_api_places_every_practice(client, loaded_lab) -> None:
    resp = client.get("/api/v1/map")
    assert resp.status_code == 200
    body = resp.get_json()
    assert set(body) == {"total", "placed", "unplaced"}
    assert body["total"] == 3 and body["unplaced"] == []
    by_id = {p["id"]: p for p in body["placed"]}
    assert set(by_id) == {"jobs-skane", "housing-catalonia", "health-puglia"}
    for item in body["placed"]:
        assert {"id", "title", "region", "country", "lat", "lon", "precision", "url"} <= set(item)
        assert set(item) <= {"id", "title", "region", "country", "lat", "lon", "precision", "url",
                             "snippet", "lang"}
        assert item["url"] == f"/practices/{item['id']}"
    skane = by_id["jobs-skane"]
    assert (skane["lat"], skane["lon"], skane["precision"]) == (55.6, 13.0, "exact")
    assert skane["country"] == "SE" and skane["region"] == "Skåne"
    assert skane["snippet"].startswith("The region matched refugees")
    catalonia = by_id["housing-catalonia"]  # no coordinates in the record: the gazetteer's
    assert catalonia["precision"] == "region"
    assert (catalonia["lat"], catalonia["lon"]) == lookup("Catalonia", "ES")


def test_map_api_titles_in_the_page_language(client, loaded_lab) -> None:
    def title(lang: str) -> tuple[str, str]:
        body = client.get(f"/api/v1/map?lang={lang}").get_json()
        item = next(p for p in body["placed"] if p["id"] == "housing-catalonia")
        return item["title"], item["lang"]

    assert title("en") == ("Housing for refugees", "en")
    assert title("es") == ("Vivienda para personas refugiadas", "es")
    assert title("de") == ("Vivienda para personas refugiadas", "es")  # no German: the original


@pytest.mark.parametrize("query,ids", [
    ("country=ES", {"housing-catalonia"}),
    ("country=ES&country=Italy", {"housing-catalonia", "health-puglia"}),
    ("area=health", {"health-puglia"}),
    ("role=indirect", {"jobs-skane", "health-puglia"}),
    ("target_group=women", {"jobs-skane"}),
    ("aspect=communication", {"jobs-skane"}),
    ("language=it", {"health-puglia"}),
    ("region=catalonia", {"housing-catalonia"}),
    ("year_from=2018&year_to=2019", {"housing-catalonia", "health-puglia", "jobs-skane"}),
    ("year_to=2015", {"health-puglia"}),
])
def test_map_api_takes_the_search_facets(client, loaded_lab, query: str, ids: set[str]) -> None:
    body = client.get(f"/api/v1/map?{query}").get_json()
    assert {p["id"] for p in body["placed"]} == ids
    assert body["total"] == len(ids)


@pytest.mark.parametrize("query,field,value", [
    ("country=Atlantis", "filters.country", "Atlantis"),
    ("area=astrology", "filters.area", "astrology"),
    ("region=nowhere", "filters.region", "nowhere"),
    ("role=emperor", "filters.role", "emperor"),
    ("language=xx", "filters.language", "xx"),
    ("year_from=abc", "filters.year_from", "abc"),
    ("year_from=2020&year_to=2010", "filters.year_to", "2010"),
    ("lang=xx", "lang", "xx"),
])
def test_map_api_rejects_unknown_values(client, loaded_lab, query: str, field: str,
                                        value: str) -> None:
    err = _error(client.get(f"/api/v1/map?{query}"), 400)
    assert err["fields"][0]["field"] == field and err["fields"][0]["value"] == value
    assert value in err["message"] and value in err["fields"][0]["message"]


def test_map_api_lists_the_unplaced(client, loaded_lab, unplaceable) -> None:
    body = client.get("/api/v1/map").get_json()
    assert body["total"] == 3
    assert [p["id"] for p in body["unplaced"]] == ["health-puglia"]
    unplaced = body["unplaced"][0]
    assert not {"lat", "lon", "precision"} & set(unplaced)
    assert {"id", "title", "region", "country", "url"} <= set(unplaced)
    assert len(body["placed"]) == 2


def test_map_api_unknown_region_falls_back_to_the_country(client, lab, sample_records) -> None:
    from knowledge.schema import validate_practice
    record = {**sample_records[2], "id": "somewhere-in-italy", "region": "Atlantis"}
    lab.kb.import_practices([validate_practice(record)])
    item = client.get("/api/v1/map").get_json()["placed"][0]
    assert item["precision"] == "country"
    assert (item["lat"], item["lon"]) == COUNTRY_CENTRES["IT"]


def test_map_api_never_shows_the_contact(client, loaded_lab) -> None:
    for lang in ("en", "fr", "el"):
        resp = client.get(f"/api/v1/map?lang={lang}")
        assert SECRET not in page(resp) and "Anna Test" not in page(resp)


def test_map_api_only_published(client, loaded_lab) -> None:
    loaded_lab.kb.set_status("jobs-skane", "submitted")
    body = client.get("/api/v1/map").get_json()
    assert "jobs-skane" not in {p["id"] for p in body["placed"] + body["unplaced"]}
    assert body["total"] == 2


# --- the page -----------------------------------------------------------------------------

def test_map_page_has_the_map_the_filters_and_the_list(client, loaded_lab) -> None:
    resp = client.get("/map?lang=en")
    body = page(resp)
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    assert '<html lang="en">' in body
    # the map: labelled, with a way past it, and its data in the page
    assert re.search(r'<div id="map"[^>]*role="region"[^>]*aria-label="Map of practices"', body)
    assert re.search(r'<a class="map-skip" href="#practice-list">', body)
    data = script_data(body)
    assert {p["id"] for p in data["placed"]} == {"jobs-skane", "housing-catalonia",
                                                 "health-puglia"}
    assert data["countries"] == {"SE": "Sweden", "ES": "Spain", "IT": "Italy"}
    assert data["atlas"] == "/static/vendor/world-atlas/countries-50m.json"
    assert data["i18n"]["open"] == "Open the practice"
    # the list view: every practice, with its region and country
    assert sorted(list_view(body)) == ["health-puglia", "housing-catalonia", "jobs-skane"]
    assert "— Skåne, Sweden" in body
    # the filter form: a GET form with the facets and their counts
    assert re.search(r'<form method="get" action="/map" id="map-filter-form">', body)
    assert re.search(r'name="country"\s+value="ES">\s*<label for="[^"]+">Spain\s*'
                     r'<span class="facet-count">\(1\)</span>', body)
    for name in ("country", "region", "area", "role", "target_group", "aspect", "language",
                 "year_from", "year_to"):
        assert f'name="{name}"' in body, name
    # the practices placed by the gazetteer are listed beside the map
    approx = re.search(r'<section class="map-aside" id="approximate".*?</section>', body, re.S)
    assert approx and "/practices/housing-catalonia" in approx.group(0)
    assert "/practices/jobs-skane" not in approx.group(0)


def test_map_page_assets_are_local(client, loaded_lab) -> None:
    body = page(client.get("/map"))
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', body)
    assert "/static/vendor/leaflet/leaflet.js" in sources
    assert "/static/vendor/markercluster/leaflet.markercluster.js" in sources
    assert "/static/vendor/topojson/topojson-client.min.js" in sources
    assert "/static/js/map.js" in sources and "/static/css/map.css" in sources
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]


def test_map_static_files_are_served(client) -> None:
    for path in ("/static/js/map.js", "/static/css/map.css",
                 "/static/vendor/leaflet/leaflet.css",
                 "/static/vendor/markercluster/MarkerCluster.css",
                 "/static/vendor/world-atlas/countries-50m.json"):
        resp = client.get(path)
        assert resp.status_code == 200, path
        resp.close()


def test_map_page_filters(client, loaded_lab) -> None:
    body = page(client.get("/map?country=ES&country=IT&lang=en"))
    assert sorted(list_view(body)) == ["health-puglia", "housing-catalonia"]
    assert {p["id"] for p in script_data(body)["placed"]} == {"health-puglia",
                                                              "housing-catalonia"}
    assert re.search(r'name="country"\s+value="ES" checked>', body)
    assert '<details class="facet" id="facet-country" open>' in body
    assert '<a class="map-clear" href="/map">' in body
    body = page(client.get("/map?year_from=2030"))
    assert list_view(body) == ["health-puglia", "jobs-skane"]  # no end year: may still run
    assert 'value="2030"' in body


def test_map_page_bad_filter_value_is_a_clear_message(client, loaded_lab) -> None:
    resp = client.get("/map?lang=en&country=Atlantis&country=SE&area=astrology")
    body = page(resp)
    assert resp.status_code == 400 and resp.mimetype == "text/html"
    alert = re.search(r'<div class="map-problems" id="filter-problems" role="alert">.*?</div>',
                      body, re.S)
    assert alert, body
    text = html.unescape(alert.group(0))
    assert "“Atlantis” is not a value of the filter “Country”" in text
    assert "“astrology” is not a value of the filter “Integration area”" in text
    # the valid value is kept
    assert list_view(body) == ["jobs-skane"]


def test_map_page_bad_years(client, loaded_lab) -> None:
    resp = client.get("/map?year_from=2020&year_to=2010")
    assert resp.status_code == 400
    assert "The end year 2010 is before the start year" in page(resp)
    assert len(list_view(page(resp))) == 3
    resp = client.get("/map?year_from=nineteen")
    assert resp.status_code == 400
    assert "“nineteen” is not a value of the filter “From year”" in html.unescape(page(resp))


def test_map_page_bad_value_in_greek(client, loaded_lab) -> None:
    resp = client.get("/map?lang=el&country=Atlantis")
    assert resp.status_code == 400
    text = html.unescape(page(resp))
    assert "Το «Atlantis» δεν είναι τιμή του φίλτρου «Χώρα»" in text
    assert "Χάρτης των πρακτικών" in text


def test_map_page_ignores_other_parameters(client, loaded_lab) -> None:
    resp = client.get("/map?utm_source=newsletter&page=3")
    assert resp.status_code == 200 and len(list_view(page(resp))) == 3


def test_map_page_lists_the_unplaced(client, loaded_lab, unplaceable) -> None:
    body = page(client.get("/map?lang=en"))
    aside = re.search(r'<section class="map-aside" id="unplaced".*?</section>', body, re.S)
    assert aside and "/practices/health-puglia" in aside.group(0)
    assert "Not on the map" in aside.group(0)
    assert "health-puglia" in list_view(body)
    assert "health-puglia" not in {p["id"] for p in script_data(body)["placed"]}
    assert "Practices on the map: 2 of 3" in body


def test_map_page_in_french(client, loaded_lab) -> None:
    body = page(client.get("/map?lang=fr"))
    assert '<html lang="fr">' in body and "Carte des pratiques" in body
    assert "— Skåne, Suède" in body
    data = script_data(body)
    assert data["i18n"]["open"] == "Ouvrir la pratique"
    assert data["countries"]["ES"] == "Espagne"


def test_map_page_escapes_titles(client, lab, sample_records) -> None:
    from knowledge.schema import validate_practice
    record = {**sample_records[0], "title": EVIL, "region": '<b onmouseover="x()">Skåne</b>',
              "summary": "</script><script>window.__pwned = 3</script>"}
    lab.kb.import_practices([validate_practice(record)])
    body = page(client.get("/map"))
    assert "<script>window.__pwned" not in body and "<img src=x" not in body
    assert "</script><script>" not in body and "<b onmouseover" not in body
    assert html.escape(EVIL, quote=False) in body or "&lt;script&gt;window.__pwned" in body
    data = script_data(body)  # the JSON blob cannot close its script element
    assert data["placed"][0]["title"] == EVIL
    assert data["placed"][0]["snippet"].startswith("</script>")
    api = client.get("/api/v1/map").get_json()
    assert api["placed"][0]["title"] == EVIL  # JSON carries text; the page escapes it


def test_map_page_never_shows_the_contact(client, loaded_lab) -> None:
    for lang in ("en", "de", "el"):
        body = page(client.get(f"/map?lang={lang}"))
        assert SECRET not in body and "Anna Test" not in body


def test_map_page_without_practices(client) -> None:
    resp = client.get("/map?lang=en")
    body = page(resp)
    assert resp.status_code == 200
    assert "No practice has been published yet." in body
    assert script_data(body)["placed"] == []
