"""Test databases on the selected backend, and the rolled-back `Store` each test gets.

The backend comes from `--backend` or `OMBUD_TEST_BACKEND` (sqlite by default);
PostgreSQL from `OMBUD_TEST_PG_URL`. Each PostgreSQL database is a schema of its own,
so parallel runs and leftovers never clash.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from ombud.store import create_engine_for, upgrade

BACKENDS = ("sqlite", "postgresql")
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@dataclass(frozen=True)
class Backend:
    """The backend this test session runs on, and why it cannot be used, if it cannot."""

    name: str
    pg_url: str | None = None
    unreachable: str | None = None

    def describe(self) -> str:
        if self.pg_url is None:
            return self.name
        return f"{self.name} ({make_url(self.pg_url).render_as_string(hide_password=True)})"


@dataclass(frozen=True)
class Store:
    """One test's database: `session` runs inside a transaction rolled back after the test.

    `session.commit()` only releases a savepoint, so tests may commit freely. `engine`
    opens connections outside that transaction, which do not see the test's rows.
    """

    session: Session
    connection: Connection
    engine: Engine
    backend: str


def backend_name(option: str | None, environ: Mapping[str, str]) -> str:
    """The backend named by the command line, else the environment, else SQLite."""
    name = option or environ.get("OMBUD_TEST_BACKEND") or "sqlite"
    if name not in BACKENDS:
        raise pytest.UsageError(
            f"OMBUD_TEST_BACKEND={name!r}; expected one of {', '.join(BACKENDS)}"
        )
    return name


def select_backend(option: str | None, environ: Mapping[str, str]) -> Backend:
    """The selected backend; for PostgreSQL, whether its server answers."""
    name = backend_name(option, environ)
    if name == "sqlite":
        return Backend(name)
    pg_url = environ.get("OMBUD_TEST_PG_URL") or DEFAULT_PG_URL
    return Backend(name, pg_url, postgres_unreachable(pg_url))


def postgres_unreachable(url: str) -> str | None:
    """Why the PostgreSQL server at `url` cannot be used, or None when it answers."""
    parsed = make_url(url)
    try:
        libpq_url = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(libpq_url, connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as exc:
        where = parsed.render_as_string(hide_password=True)
        return f"PostgreSQL not reachable at {where}: {str(exc).strip()}"
    return None


@contextmanager
def migrated_database(backend: Backend, tmp_dir: Path, name: str) -> Iterator[Engine]:
    """A fresh database called `name`, migrated to head, removed afterwards."""
    if backend.name == "sqlite":
        engine = create_engine_for(f"sqlite:///{tmp_dir / name}.db")
        try:
            upgrade(engine)
            yield engine
        finally:
            engine.dispose()
        return
    assert backend.pg_url is not None
    with _pg_schema(backend.pg_url, name) as url:
        engine = create_engine_for(url)
        try:
            upgrade(engine)
            yield engine
        finally:
            engine.dispose()


def session_schema_name() -> str:
    """The PostgreSQL schema (or SQLite file stem) of this test process."""
    return f"ombud_test_{os.getpid()}"


@contextmanager
def rolled_back_store(engine: Engine, backend: str) -> Iterator[Store]:
    """A `Store` whose every change, committed or not, is rolled back on exit."""
    with engine.connect() as connection:
        transaction = connection.begin()
        session = Session(bind=connection, join_transaction_mode="create_savepoint")
        try:
            yield Store(session=session, connection=connection, engine=engine, backend=backend)
        finally:
            session.close()
            transaction.rollback()


@contextmanager
def _pg_schema(server_url: str, schema: str) -> Iterator[str]:
    """Create `schema` on the server; yield a URL whose search_path is that schema."""
    admin = create_engine_for(server_url)
    quoted = admin.dialect.identifier_preparer.quote(schema)
    try:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {quoted} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {quoted}"))
        url = make_url(server_url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {quoted} CASCADE"))
        admin.dispose()
