"""Rows as the first release wrote them (schema 0001), for the upgrade tests on SQLite and
PostgreSQL: one practice with its contact, a tag, a translation and a passage; a glossary
entry; a region."""
from __future__ import annotations

from sqlalchemy import Connection, Engine, inspect, text

from knowledge.migrate import head_revision, upgrade


def first_release_rows(dialect: str) -> list[str]:
    """The INSERT statements, with the literals this dialect's first release used."""
    pg = dialect == "postgresql"
    stamp = "'2026-01-01 00:00:00+00'" if pg else "'2026-01-01 00:00:00'"
    true = "true" if pg else "1"
    rows = [
        "INSERT INTO practice (id, status, language, title, region, region_slug, country, "
        "summary, challenges, partners, content_hash, indexed_hash, created_at, updated_at) "
        "VALUES ('jobs-skane', 'published', 'en', 'Fast track to jobs', 'Skåne', 'skane', 'SE', "
        f"'Mentoring and placements.', 'Foreign diplomas.', '[]', 'h1', 'h1', {stamp}, {stamp})",
        "INSERT INTO practice_contact (practice_id, name, email) VALUES "
        "('jobs-skane', 'Anna', 'anna@example.org')",
        "INSERT INTO practice_tag (practice_id, kind, value, position) VALUES "
        "('jobs-skane', 'area', 'labour_market', 0)",
        "INSERT INTO practice_translation (practice_id, lang, fields) VALUES "
        "('jobs-skane', 'el', '{\"title\": \"Γρήγορη πρόσβαση στην εργασία\"}')",
        "INSERT INTO glossary_entry (id, terms, definitions, see_also, content_hash, "
        "updated_at) VALUES ('refugee', '{\"en\": \"refugee\", \"el\": \"πρόσφυγας\"}', '{}', "
        f"'[]', 'g', {stamp})",
        "INSERT INTO region (slug, name, names, country, profile, integration_action, pilot) "
        f"VALUES ('skane', 'Skåne', '{{}}', 'SE', '{{}}', '{{}}', {true})",
        "INSERT INTO passage (id, practice_id, kind, lang, text, folded) VALUES "
        "('p:jobs-skane:en:summary:0', 'jobs-skane', 'summary', 'en', 'Mentoring and "
        "work-placements.', 'mentoring and work-placements.')",
    ]
    if not pg:  # the first release's word index on SQLite: FTS5 (PostgreSQL had none)
        rows.append("INSERT INTO passage_fts (folded, passage_id, practice_id, glossary_id) "
                    "VALUES ('mentoring and work-placements.', 'p:jobs-skane:en:summary:0', "
                    "'jobs-skane', NULL)")
    return rows


def assert_first_release_rows_kept(conn: Connection) -> None:
    """After an upgrade: every row written above is still there, and nothing new appeared."""
    assert conn.execute(text("SELECT title, region FROM practice")).one() == \
        ("Fast track to jobs", "Skåne")
    assert conn.execute(text("SELECT email FROM practice_contact")).scalar() == \
        "anna@example.org"
    assert "πρόσφυγας" in str(conn.execute(text("SELECT terms FROM glossary_entry")).scalar())
    assert conn.execute(text("SELECT count(*) FROM submission")).scalar() == 0
    assert "Γρήγορη" in str(conn.execute(text("SELECT fields FROM practice_translation"))
                            .scalar())


def insert_first_release_rows(conn: Connection) -> None:
    """Write the rows on this connection (in the caller's transaction)."""
    for statement in first_release_rows(conn.dialect.name):
        conn.execute(text(statement))


def upgrade_from_first_release(engine: Engine) -> None:
    """Make the first release's schema, write its rows, then upgrade to the code's revision."""
    upgrade(engine, "0001")
    assert "submission" not in inspect(engine).get_table_names()
    with engine.begin() as conn:
        insert_first_release_rows(conn)
    assert upgrade(engine) == head_revision()
