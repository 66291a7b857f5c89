"""The Lean Forum example, whose e-mail policy and booking wish field the intake enforces."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

import ombud
from ombud.clock import FixedClock
from ombud.declaration import load_declaration
from ombud.protect import generate_keyring
from ombud.register.service import Context

LEAN_FORUM = Path(ombud.__file__).parent / "examples" / "lean-forum" / "ombud.yaml"


@pytest.fixture(scope="session")
def lean_forum():
    return load_declaration(LEAN_FORUM).declaration


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 2, 9, tzinfo=UTC))


@pytest.fixture
def ctx(lean_forum, clock) -> Context:
    return Context(declaration=lean_forum, keyring=generate_keyring(), clock=clock)
