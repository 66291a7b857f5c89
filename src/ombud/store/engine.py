"""Engines and sessions for the two supported backends: SQLite (embedded) and PostgreSQL.

Callers pass the URL; nothing here reads the environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

SUPPORTED_BACKENDS = ("sqlite", "postgresql")
SQLITE_BUSY_TIMEOUT_MS = 5_000


def default_database_url(data_dir: Path) -> str:
    """The embedded default: an SQLite file `ombud.db` in `data_dir`."""
    return f"sqlite:///{data_dir / 'ombud.db'}"


def normalise_url(url: str) -> URL:
    """Parse `url`, sending plain `postgresql://` (and `postgres://`) to psycopg 3.

    Raises ValueError naming the backends Ombud supports when `url` names another.
    """
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ValueError(
            f"database URL {url!r} cannot be parsed; expected sqlite:///path/to/ombud.db "
            "or postgresql://user@host/dbname"
        ) from exc
    if parsed.get_backend_name() not in SUPPORTED_BACKENDS:
        raise ValueError(
            f"database URL {parsed.render_as_string(hide_password=True)!r}: backend "
            f"{parsed.get_backend_name()!r} is not supported; expected sqlite:///path/to/ombud.db "
            "or postgresql://user@host/dbname"
        )
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def create_engine_for(url: str) -> Engine:
    """An engine for `url`, tuned for its backend (SQLite pragmas, psycopg 3 for PostgreSQL)."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    return create_engine(parsed, pool_pre_ping=True)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to `engine`; objects stay readable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def _sqlite_engine(url: URL) -> Engine:
    if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Hand transaction control to SQLAlchemy: the sqlite3 module would otherwise defer
    # BEGIN until the first write, which breaks SAVEPOINT and transactional DDL.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute(
        "PRAGMA synchronous=NORMAL"
    )  # WAL: safe on crash; power loss may undo the last commits
    cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")
