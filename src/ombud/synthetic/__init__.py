"""Realistic, entirely fake Swedish people for the demo, the tests and the benchmarks.

`people(seed, count)` yields the same `Person`s for the same seed: names, valid personnummer
(about 1% samordningsnummer), e-mail addresses on domains reserved for examples, mobile
numbers from the series PTS keeps for fiction, addresses, job titles, dietary wishes and
booking comments, some of which reveal special-category data on purpose. Pure: no store.
"""

from ombud.synthetic.model import SAMORDNING_DAY_OFFSET, Gender, Person, Town, Vocabulary, Weighted
from ombud.synthetic.people import (
    COMMENT_SHARE,
    DIET_SHARE,
    MAX_PEOPLE,
    SAMORDNINGSNUMMER_SHARE,
    SENSITIVE_COMMENT_SHARE,
    ascii_email_name,
    people,
)
from ombud.synthetic.personnummer import FIRST_BIRTH_DATE, LAST_BIRTH_DATE, check_digit
from ombud.synthetic.phones import FICTION_MOBILE_NUMBERS
from ombud.synthetic.vocabulary import vocabulary

__all__ = [
    "COMMENT_SHARE",
    "DIET_SHARE",
    "FICTION_MOBILE_NUMBERS",
    "FIRST_BIRTH_DATE",
    "LAST_BIRTH_DATE",
    "MAX_PEOPLE",
    "SAMORDNINGSNUMMER_SHARE",
    "SAMORDNING_DAY_OFFSET",
    "SENSITIVE_COMMENT_SHARE",
    "Gender",
    "Person",
    "Town",
    "Vocabulary",
    "Weighted",
    "ascii_email_name",
    "check_digit",
    "people",
    "vocabulary",
]
