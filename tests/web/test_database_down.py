"""An unreachable database answers 503 with Retry-After (retry later), never a 500."""
from __future__ import annotations

from sqlalchemy.exc import OperationalError


def test_database_errors_are_a_retryable_503(client, lab, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def down(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    monkeypatch.setattr(lab.assistant, "ask", down)
    response = client.post("/api/v1/ask?lang=el", json={"question": "jobs for refugees?"})
    assert response.status_code == 503
    assert response.json["error"]["code"] == "database_unavailable"
    assert response.headers["Retry-After"] == "5"
    assert "server closed" not in response.get_data(as_text=True)  # no internals leak
