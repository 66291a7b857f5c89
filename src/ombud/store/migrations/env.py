"""Alembic's entry point: run the migrations on the connection `ombud.store.migrate` passes."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from ombud.store.tables import metadata


def run_migrations(connection: Connection) -> None:
    """Apply the pending migrations in the caller's transaction."""
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,  # SQLite can only ALTER a table by copying it
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("run migrations through ombud.store.migrate.upgrade(), not the alembic CLI")
run_migrations(connection)
