import pytest

from ombud.synthetic import Person, people

BATCH_SIZE = 50_000


@pytest.fixture(scope="session")
def batch() -> list[Person]:
    """50,000 people from seed 2024, generated once for all tests that only read them."""
    return list(people(2024, BATCH_SIZE))
