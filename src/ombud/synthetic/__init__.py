"""Realistic, entirely fake Swedish people for the demo, the tests and the benchmarks."""

from ombud.synthetic.model import SAMORDNING_DAY_OFFSET, Gender, Person, Town, Vocabulary, Weighted
from ombud.synthetic.vocabulary import vocabulary

__all__ = [
    "SAMORDNING_DAY_OFFSET",
    "Gender",
    "Person",
    "Town",
    "Vocabulary",
    "Weighted",
    "vocabulary",
]
