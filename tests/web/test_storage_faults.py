"""The database's disk is full or read-only: a clear 503, nothing half-written, and back to
normal once there is room again."""
from __future__ import annotations

import copy

import pytest

from sqlalchemy import event, func, select, text

from knowledge.models import AuditEntry, OutboxMessage, Practice, Submission

SUBMISSION = {
    "title": "Κοινωνικός φροντιστής για νέους πρόσφυγες", "region": "Ήπειρος", "country": "GR",
    "summary": "Εθελοντές μέντορες συνοδεύουν νέους πρόσφυγες στο σχολείο και στη δουλειά.",
    "challenges": "Λίγοι εθελοντές μιλούσαν αραβικά.", "areas": ["education"],
    "contact": {"name": "Άννα", "email": "anna.private@example.org"}, "consent": True,
}


@pytest.fixture
def app(tmp_path):  # type: ignore[no-untyped-def]
    """An app on a SQLite file in every run: the faults are made with SQLite's own pragmas
    (a page cap stands for a full disk, query_only for a read-only file)."""
    from tests.conftest import make_config
    from tests.fakes import FakeEmbedder
    from web import create_app
    return create_app(make_config(tmp_path, LAB_EMBEDDER=FakeEmbedder(),
                                  DATABASE_URL=f"sqlite:///{tmp_path / 'lab.db'}"))


def counts(lab) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    with lab.session_factory() as session:
        return tuple(int(session.scalar(select(func.count()).select_from(m)) or 0)
                     for m in (Practice, Submission, AuditEntry, OutboxMessage))


def limit_pages(engine, pages: int | None) -> None:  # type: ignore[no-untyped-def]
    """Cap the SQLite file (as a full disk would) on every connection, or lift the cap."""
    def cap(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        # the cap binds the database file; in WAL mode new pages would go to the log first
        cursor.execute("PRAGMA journal_mode = DELETE" if pages else "PRAGMA journal_mode = WAL")
        cursor.execute(f"PRAGMA max_page_count = {pages or 1073741823}")
        cursor.close()

    engine.dispose()  # new connections get the cap
    event.listen(engine, "connect", cap)


def test_a_full_disk_is_a_clear_503_and_nothing_is_half_written(client, lab) -> None:  # type: ignore[no-untyped-def]
    engine = lab.stack.engine
    before = counts(lab)
    with engine.connect() as conn:
        conn.exec_driver_sql("VACUUM")  # no free pages left for the next write to reuse
        used = conn.execute(text("PRAGMA page_count")).scalar()
    limit_pages(engine, used)  # not one more page: the next write finds the disk full
    # a long text needs new (overflow) pages: it cannot fit in the free room of existing ones
    big = {**copy.deepcopy(SUBMISSION), "results": "Αποτελέσματα. " * 1200}
    full = client.post("/api/v1/submissions?lang=el", json=big)
    assert full.status_code == 503, full.get_data(as_text=True)
    assert full.json["error"]["code"] == "storage_unavailable"
    assert full.headers["Retry-After"]
    limit_pages(engine, None)
    assert counts(lab) == before  # the transaction was rolled back as a whole
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    ok = client.post("/api/v1/submissions", json=big)
    assert ok.status_code == 201  # room again: the same submission goes through
    assert counts(lab)[1] == before[1] + 1


def test_a_read_only_database_is_a_clear_503(client, lab) -> None:  # type: ignore[no-untyped-def]
    engine = lab.stack.engine
    before = counts(lab)

    def read_only(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA query_only = ON")

    engine.dispose()
    event.listen(engine, "connect", read_only)
    refused = client.post("/api/v1/submissions", json=copy.deepcopy(SUBMISSION))
    assert refused.status_code == 503
    assert refused.json["error"]["code"] == "storage_unavailable"
    assert client.get("/api/v1/search?q=").status_code == 200  # reading still works
    event.remove(engine, "connect", read_only)
    engine.dispose()
    assert counts(lab) == before


def test_questions_are_answered_when_the_database_cannot_be_written(app, lab) -> None:  # type: ignore[no-untyped-def]
    from knowledge.schema import validate_practice
    from tests.conftest import SAMPLE
    app.config["LAB_ASK_RATE"] = "2/minute"  # counted while writable, skipped while not
    lab.kb.import_practices([validate_practice(r) for r in SAMPLE])
    client = app.test_client()
    question = {"question": "refugees jobs employers mentoring"}
    answered = client.post("/api/v1/ask", json=question).get_json()
    engine = lab.stack.engine

    def read_only(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA query_only = ON")

    engine.dispose()
    event.listen(engine, "connect", read_only)
    try:
        # more questions than the limit: the limiter cannot count them, so it lets them by
        for _ in range(3):
            again = client.post("/api/v1/ask", json=question)
            assert again.status_code == 200, again.get_data(as_text=True)
            assert again.json["answer"] == answered["answer"]
            assert again.json["sources"] == answered["sources"]
        follow = client.post("/api/v1/ask", json={**question, "conversation_id":
                                                  again.json["conversation_id"]})
        assert follow.status_code == 200  # a conversation that was never saved starts afresh
    finally:
        event.remove(engine, "connect", read_only)
        engine.dispose()
    with lab.session_factory() as session:
        assert session.scalar(text("SELECT count(*) FROM conversation")) == 1  # the first only
    limited = [client.post("/api/v1/ask", json=question).status_code for _ in range(2)]
    assert limited == [200, 429]  # writable again: counting resumes
