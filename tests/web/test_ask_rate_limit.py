"""Questions are rate-limited per client address, on the API and on the no-JS chat form."""
from __future__ import annotations

from pathlib import Path

from tests.conftest import make_config
from tests.fakes import FakeEmbedder
from tests.forms import csrf
from web import create_app


def test_ask_is_limited_per_client_and_the_refusal_is_readable_cross_origin(
        tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path, LAB_EMBEDDER=FakeEmbedder(), LAB_ASK_RATE="2/minute",
                                 LAB_WIDGET_ORIGINS="https://host.example"))
    client = app.test_client()
    headers = {"Origin": "https://host.example"}
    for _ in range(2):
        assert client.post("/api/v1/ask", json={"question": "jobs?"},
                           headers=headers).status_code == 200
    refused = client.post("/api/v1/ask?lang=el", json={"question": "jobs?"}, headers=headers)
    assert refused.status_code == 429
    assert refused.json["error"]["code"] == "rate_limited"
    assert "λεπτά" in refused.json["error"]["message"]  # in the asker's language
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    # the widget on the host site must be able to read the refusal to explain it
    assert refused.headers["Access-Control-Allow-Origin"] == "https://host.example"
    form = client.post("/", data=csrf(client, {"question": "jobs?"}))
    assert form.status_code == 429  # the chat form shares the client's budget
    other = client.post("/api/v1/ask", json={"question": "jobs?"},
                        environ_base={"REMOTE_ADDR": "10.0.0.7"})
    assert other.status_code == 200  # another client is not affected
