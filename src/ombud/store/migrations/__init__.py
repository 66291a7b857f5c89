"""Alembic migrations of the store; run them with `ombud.store.migrate.upgrade`."""
