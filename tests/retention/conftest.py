"""The purge's test declaration, a clock to move, and helpers that fill a register."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import sessionmaker

from ombud.clock import FixedClock
from ombud.declaration import load_declaration
from ombud.protect import generate_keyring
from ombud.register.service import Context

DECLARATION = Path(__file__).with_name("declaration.yaml")
START = datetime(2026, 3, 1, 10, tzinfo=UTC)


@pytest.fixture(scope="session")
def declaration():
    return load_declaration(DECLARATION).declaration


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def ctx(declaration, clock) -> Context:
    return Context(declaration=declaration, keyring=generate_keyring(), clock=clock)


@pytest.fixture
def sessions(store):
    """Sessions inside the test's rolled-back transaction: each purge batch a savepoint."""
    return sessionmaker(
        bind=store.connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
