"""Valid, fake personnummer and samordningsnummer: a birth date, a birth number, a check digit.

Skatteverket publishes official test personnummer (testpersonnummer) as open data: numbers
set aside that will never be given to anyone. They could not be fetched where this package
was written, so the numbers here are generated: valid in form and random, which means any one
of them may also be a real person's number. Use them in test and demo stores only, and never
look a generated number up in a real register.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import NamedTuple

from ombud.synthetic.model import SAMORDNING_DAY_OFFSET

FIRST_BIRTH_DATE = date(1940, 1, 1)
LAST_BIRTH_DATE = date(2008, 12, 31)

# Luhn doubles every other digit from the left of the 10-digit form; a doubled digit above 9
# counts as its digit sum (2 × 7 = 14 counts 5).
_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


class BirthDay(NamedTuple):
    """A day someone may be born on, with its personnummer digits worked out in advance."""

    birth_date: date
    digits: str
    """`YYYYMMDD` as written in the number (the day plus 60 for a samordningsnummer)."""
    luhn_sum: int
    """The Luhn sum of the digits `YYMMDD`: the check digit adds the birth number to it."""


def check_digit(nine_digits: str) -> str:
    """The Luhn check digit of the 10-digit form's first nine digits `YYMMDDNNN`.

    The century digits never count (Skatteverket, SKV 704).
    """
    return str(-_luhn_sum(nine_digits) % 10)


@cache
def birth_days(*, samordning: bool) -> tuple[BirthDay, ...]:
    """Every day from 1940 to 2008 as a `BirthDay`, ready for a personnummer or, with
    `samordning`, a samordningsnummer."""
    offset = SAMORDNING_DAY_OFFSET if samordning else 0
    days = (LAST_BIRTH_DATE - FIRST_BIRTH_DATE).days + 1
    table = []
    for n in range(days):
        born = FIRST_BIRTH_DATE + timedelta(days=n)
        digits = f"{born.year:04d}{born.month:02d}{born.day + offset:02d}"
        table.append(BirthDay(born, digits, _luhn_sum(digits[2:])))
    return tuple(table)


@cache
def birth_number_sums() -> tuple[int, ...]:
    """The Luhn sum each birth number 000–999 adds in the 7th to 9th place of the number."""
    return tuple(_luhn_sum(f"000000{n:03d}") for n in range(1000))


def _luhn_sum(digits: str) -> int:
    """The Luhn sum of digits starting at the 10-digit form's first place (which is doubled)."""
    return sum(_DOUBLED[int(d)] if i % 2 == 0 else int(d) for i, d in enumerate(digits))
