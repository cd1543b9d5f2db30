"""The HTTP API on the fake embedder: contract shapes and bad input."""
from __future__ import annotations

import pytest


def _error(resp, status):
    assert resp.status_code == status, resp.get_data(as_text=True)
    body = resp.get_json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"])
    return body["error"]


def test_healthz(client):
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and body["practices"] == 0


def test_practice_is_public_without_contact(client, loaded_lab):
    resp = client.get("/api/v1/practices/jobs-skane")
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["title"] == "Fast track to jobs for refugees"
    assert body["areas"] == ["labour_market", "language"]
    assert "contact" not in body and "anna.secret" not in resp.get_data(as_text=True)
    _error(client.get("/api/v1/practices/nope"), 404)


def test_unpublished_practice_is_404(client, loaded_lab):
    loaded_lab.kb.set_status("jobs-skane", "submitted")
    _error(client.get("/api/v1/practices/jobs-skane"), 404)


def test_search_with_query_filters_and_facets(client, loaded_lab):
    body = client.get("/api/v1/search?q=refugees+employers").get_json()
    assert body["results"][0]["id"] == "jobs-skane"
    assert {"id", "title", "region", "country", "score", "snippet"} <= set(body["results"][0])
    assert set(body["facets"]) == {"country", "region", "area", "role", "target_group",
                                   "aspect", "language"}
    filtered = client.get("/api/v1/search?q=&country=ES").get_json()
    assert [r["id"] for r in filtered["results"]] == ["housing-catalonia"]
    assert filtered["total"] == 1
    # a facet's own counts ignore its own selection, so other countries stay visible
    assert filtered["facets"]["country"]["SE"] == 1
    assert client.get("/api/v1/search?area=health").get_json()["total"] == 1
    assert client.get("/api/v1/search?role=indirect").get_json()["total"] == 2
    assert client.get("/api/v1/search?aspect=communication").get_json()["total"] == 1
    assert client.get("/api/v1/search?country=ES&country=IT").get_json()["total"] == 2
    assert client.get("/api/v1/search?year_from=2021").get_json()["total"] == 2


def test_search_paging(client, loaded_lab):
    page1 = client.get("/api/v1/search?limit=2").get_json()
    page2 = client.get("/api/v1/search?limit=2&offset=2").get_json()
    assert page1["total"] == page2["total"] == 3
    assert len(page1["results"]) == 2 and len(page2["results"]) == 1


@pytest.mark.parametrize("query,field,value", [
    ("country=Atlantis", "filters.country", "Atlantis"),
    ("area=astrology", "filters.area", "astrology"),
    ("region=nowhere", "filters.region", "nowhere"),
    ("limit=0", "limit", "0"),
    ("limit=abc", "limit", "abc"),
    ("offset=-1", "offset", "-1"),
    ("year_from=2020&year_to=2010", "filters.year_to", "2010"),
    ("lang=xx", "lang", "xx"),
])
def test_search_bad_parameters(client, loaded_lab, query, field, value):
    err = _error(client.get(f"/api/v1/search?{query}"), 400)
    assert err["fields"][0]["field"] == field and err["fields"][0]["value"] == value
    assert value in err["message"] and value in err["fields"][0]["message"]


def test_ask_answers_with_sources(client, loaded_lab):
    resp = client.post("/api/v1/ask", json={"question": "refugees jobs employers mentoring"})
    body = resp.get_json()
    assert resp.status_code == 200
    assert {"answer", "lang", "conversation_id", "sources"} <= set(body)
    assert body["lang"] == "en"


@pytest.mark.parametrize("payload,field", [
    ({"question": ""}, "question"),
    ({"question": "x" * 10_000}, "question"),
    ({"question": 42}, "question"),
    ({}, "question"),
    ({"question": "jobs?", "lang": "xx"}, "lang"),
    ({"question": "jobs?", "filters": "ES"}, "filters"),
    ({"question": "jobs?", "filters": {"country": "Atlantis"}}, "filters.country"),
    ({"question": "jobs?", "filters": {"colour": "red"}}, "filters.colour"),
    ({"question": "jobs?", "conversation_id": "../../etc"}, "conversation_id"),
    ({"question": "jobs?", "extra": 1}, "extra"),
])
def test_ask_bad_input(client, loaded_lab, payload, field):
    err = _error(client.post("/api/v1/ask", json=payload), 400)
    assert err["fields"][0]["field"] == field


def test_ask_bad_bodies(client):
    _error(client.post("/api/v1/ask", data="question=hi"), 415)
    _error(client.post("/api/v1/ask", data="{not json",
                       content_type="application/json"), 400)
    _error(client.post("/api/v1/ask", data=b'{"question": "\xff\xfe"}',
                       content_type="application/json"), 400)
    _error(client.post("/api/v1/ask", json=["a", "list"]), 400)
    _error(client.get("/api/v1/ask"), 405)


def test_bad_input_leaves_data_untouched(client, loaded_lab):
    before = client.get("/api/v1/search").get_json()
    client.post("/api/v1/ask", json={"question": "x" * 10_000})
    client.get("/api/v1/search?country=Atlantis")
    assert client.get("/api/v1/search").get_json() == before


def test_glossary_and_regions(client, loaded_lab):
    body = client.get("/api/v1/glossary?lang=fr").get_json()
    assert body["lang"] == "fr" and body["entries"] == []
    regions = client.get("/api/v1/regions").get_json()["regions"]
    assert {r["slug"] for r in regions} == {"skane", "catalonia", "puglia"}
    _error(client.get("/api/v1/glossary?lang=zz"), 400)


def test_openapi_lists_every_endpoint(client):
    spec = client.get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/healthz", "/api/v1/ask", "/api/v1/search", "/api/v1/practices/{id}",
            "/api/v1/glossary", "/api/v1/regions"} <= set(spec["paths"])


def test_unknown_api_route_is_json_404(client):
    _error(client.get("/api/v1/nothing"), 404)


def test_cors_only_for_configured_origins(tmp_path, fake_embedder):
    from tests.conftest import make_config
    from web import create_app
    app = create_app(make_config(tmp_path, LAB_EMBEDDER=fake_embedder,
                                 LAB_WIDGET_ORIGINS="https://regin.example"))
    c = app.test_client()
    ok = c.get("/api/v1/glossary", headers={"Origin": "https://regin.example"})
    assert ok.headers["Access-Control-Allow-Origin"] == "https://regin.example"
    bad = c.get("/api/v1/glossary", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in bad.headers


def test_json_is_utf8_not_escaped(client, loaded_lab):
    resp = client.get("/api/v1/practices/housing-catalonia")
    assert resp.mimetype == "application/json"
    assert "Vivienda para personas refugiadas" in resp.get_data(as_text=True)
    resp = client.get("/api/v1/practices/jobs-skane")
    assert "Skåne" in resp.get_data(as_text=True)


def test_facet_counts_with_words_keep_other_values_of_the_chosen_facet(client, loaded_lab):
    words = client.get("/api/v1/search?q=refugees").get_json()
    narrowed = client.get("/api/v1/search?q=refugees&country=ES").get_json()
    assert narrowed["total"] <= words["total"]
    assert narrowed["facets"]["country"] == words["facets"]["country"]
    assert {r["country"] for r in narrowed["results"]} == {"ES"}
