import pytest

from ombud.protect import Keyring


@pytest.fixture
def keyring() -> Keyring:
    """One master key `k1`, active, and an index key; fixed bytes so failures repeat."""
    return Keyring({"k1": bytes(range(32))}, "k1", bytes(range(64, 96)))
