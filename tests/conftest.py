"""Fixtures shared by every test. Store fixtures: see `store_fixtures.py`.

`store` gives a test a rolled-back session on the selected backend:

    pytest                                  # SQLite
    pytest --backend postgresql             # or OMBUD_TEST_BACKEND=postgresql
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.store_fixtures import (
    BACKENDS,
    Backend,
    Store,
    backend_name,
    migrated_database,
    rolled_back_store,
    select_backend,
    session_schema_name,
)

_BACKEND = pytest.StashKey[Backend]()
_DATABASE_NUMBERS = itertools.count(1)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend",
        choices=BACKENDS,
        default=None,
        help="database for store tests (default: $OMBUD_TEST_BACKEND, else sqlite); "
        "PostgreSQL at $OMBUD_TEST_PG_URL",
    )


def pytest_sessionstart(session: pytest.Session) -> None:
    config = session.config
    backend = select_backend(config.getoption("--backend"), os.environ)
    if backend.unreachable and os.environ.get("CI"):
        pytest.exit(f"{backend.unreachable} (CI must test PostgreSQL)", returncode=1)
    config.stash[_BACKEND] = backend


def pytest_report_header(config: pytest.Config) -> str:
    return f"store backend: {backend_name(config.getoption('--backend'), os.environ)}"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    backend = terminalreporter.config.stash.get(_BACKEND, None)
    if backend is not None and backend.unreachable:
        terminalreporter.write_line(f"store tests skipped: {backend.unreachable}", yellow=True)


@pytest.fixture(scope="session")
def backend(pytestconfig: pytest.Config) -> Backend:
    """The backend this session runs on."""
    return pytestconfig.stash[_BACKEND]


@pytest.fixture(scope="session")
def engine(backend: Backend, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """An engine on a database migrated fresh for this test session."""
    if backend.unreachable:
        pytest.skip(backend.unreachable)
    tmp_dir = tmp_path_factory.mktemp("store")
    with migrated_database(backend, tmp_dir, session_schema_name()) as engine:
        yield engine


@pytest.fixture
def fresh_engine(backend: Backend, tmp_path: Path) -> Iterator[Engine]:
    """An engine on a database of this test's own, migrated fresh (crash-safety tests)."""
    if backend.unreachable:
        pytest.skip(backend.unreachable)
    name = f"{session_schema_name()}_{next(_DATABASE_NUMBERS)}"
    with migrated_database(backend, tmp_path, name) as engine:
        yield engine


@pytest.fixture
def store(engine: Engine, backend: Backend) -> Iterator[Store]:
    """A session inside a transaction that is rolled back after the test."""
    with rolled_back_store(engine, backend.name) as store:
        yield store
