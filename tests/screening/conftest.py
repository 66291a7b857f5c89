import pytest

from ombud.screening import Finding, Kind, screen


def _found(text: str, kinds: set[Kind] | None = None) -> list[tuple[str, str]]:
    return [(f.kind.value, f.excerpt(text)) for f in screen(text, kinds=kinds)]


@pytest.fixture
def found():
    """`found(text)`: the findings as (kind, matched text) pairs, in text order."""
    return _found


__all__ = ["Finding"]
