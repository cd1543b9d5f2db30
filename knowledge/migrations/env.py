"""Alembic environment: runs on the connection knowledge.migrate hands over (no alembic.ini)."""
from __future__ import annotations

from alembic import context

from knowledge.models import Base

config = context.config
target_metadata = Base.metadata


def include(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    """Leave FTS5's virtual table and its shadow tables out of autogenerate."""
    return not (type_ == "table" and name and name.startswith("passage_fts"))


def run() -> None:
    """Migrate online over the caller's connection (offline SQL scripts are not offered)."""
    connection = config.attributes["connection"]
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite",
                      compare_type=True, include_object=include)
    with context.begin_transaction():
        context.run_migrations()


run()
