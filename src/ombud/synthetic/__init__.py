"""Realistic, entirely fake Swedish people for the demo, the tests and the benchmarks."""

from ombud.synthetic.model import SAMORDNING_DAY_OFFSET, Gender, Person, Town, Vocabulary, Weighted
from ombud.synthetic.personnummer import FIRST_BIRTH_DATE, LAST_BIRTH_DATE, check_digit
from ombud.synthetic.phones import FICTION_MOBILE_NUMBERS
from ombud.synthetic.vocabulary import vocabulary

__all__ = [
    "FICTION_MOBILE_NUMBERS",
    "FIRST_BIRTH_DATE",
    "LAST_BIRTH_DATE",
    "SAMORDNING_DAY_OFFSET",
    "Gender",
    "Person",
    "Town",
    "Vocabulary",
    "Weighted",
    "check_digit",
    "vocabulary",
]
