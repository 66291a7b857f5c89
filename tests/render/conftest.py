"""The render tests' declaration: `fixtures/ombud.yaml`, which uses every feature rendered."""

from __future__ import annotations

from pathlib import Path

import pytest

from ombud.declaration import Declaration, load_declaration

FIXTURE = Path(__file__).parent / "fixtures" / "ombud.yaml"


@pytest.fixture(scope="session")
def declaration() -> Declaration:
    return load_declaration(FIXTURE).declaration
