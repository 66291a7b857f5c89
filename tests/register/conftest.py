"""A register context over the test declaration, a fixed clock and a fresh keyring."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from ombud.clock import FixedClock
from ombud.declaration import load_declaration
from ombud.protect import generate_keyring
from ombud.register.service import Context

DECLARATION = Path(__file__).with_name("declaration.yaml")


@pytest.fixture(scope="session")
def declaration():
    return load_declaration(DECLARATION).declaration


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 1, 10, tzinfo=UTC))


@pytest.fixture
def ctx(declaration, clock) -> Context:
    return Context(declaration=declaration, keyring=generate_keyring(), clock=clock)
