"""Realistic, entirely fake Swedish people: the same ones for the same seed, fast enough for
the benchmarks' million.

Each person is drawn from the lists in `data/` with one `random.Random(seed)`, so a seed
names a batch for good (Python keeps `Random.random()` stable across versions). The e-mail
address and the personnummer are unique within a batch; the phone number is one of the 95
fiction numbers and is shared. Nothing here parses or validates: the construction is valid by
design, and the tests check it against phonenumbers, python-stdnum and email-validator.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

from ombud.errors import InvalidValue
from ombud.synthetic.model import Gender, Person, Vocabulary, Weighted
from ombud.synthetic.personnummer import BirthDay, birth_days, birth_number_sums
from ombud.synthetic.phones import FICTION_MOBILE_NUMBERS
from ombud.synthetic.vocabulary import vocabulary

MAX_PEOPLE = 5_000_000
"""A batch's ceiling: a fifth of the personnummer the birth years allow, so a drawn number is
rarely taken and finding a free one stays quick."""

SAMORDNINGSNUMMER_SHARE = 0.01
DIET_SHARE = 0.2
COMMENT_SHARE = 0.25
SENSITIVE_COMMENT_SHARE = 0.2
"""Of the comments, the share that reveals special-category or criminal-offence data."""


@dataclass(frozen=True, slots=True)
class _Tables:
    """The vocabulary laid out for drawing: weighted entries repeated by weight, names paired
    with their e-mail spelling, towns with their postal code prefixes, and the personnummer
    sums worked out in advance."""

    women: tuple[tuple[str, str], ...]
    men: tuple[tuple[str, str], ...]
    last_names: tuple[tuple[str, str], ...]
    street_stems: tuple[str, ...]
    street_suffixes: tuple[str, ...]
    towns: tuple[tuple[str, tuple[str, ...]], ...]
    email_domains: tuple[str, ...]
    job_titles: tuple[str, ...]
    organisation_types: tuple[str, ...]
    diets: tuple[str, ...]
    comments: tuple[str, ...]
    sensitive_comments: tuple[str, ...]
    birth_days: tuple[BirthDay, ...]
    samordning_days: tuple[BirthDay, ...]
    birth_number_sums: tuple[int, ...]


def people(seed: int, count: int) -> Iterator[Person]:
    """Yield `count` fake Swedish people, always the same ones for the same `seed`.

    Unique within the batch: e-mail addresses and personnummer. About 1% have a
    samordningsnummer; men have an odd and women an even ninth digit. A batch is the start of
    any longer batch from the same seed. Raises `InvalidValue` for a count below 0 or above
    `MAX_PEOPLE`.
    """
    if not 0 <= count <= MAX_PEOPLE:
        raise InvalidValue("count", str(count), f"a whole number from 0 to {MAX_PEOPLE:,}")
    return _batch(random.Random(seed).random, _tables(vocabulary()), count)


def ascii_email_name(name: str) -> str:
    """A name as an e-mail address spells it: `Åsa-Lena` → `asa-lena`, `von Essen` → `vonessen`.

    Accents are dropped (å, ä → a; ö → o; é → e; č → c) and anything but letters, digits and
    hyphens is left out.
    """
    decomposed = unicodedata.normalize("NFKD", name.lower().replace("ø", "o").replace("æ", "ae"))
    return "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c == "-"))


def _batch(draw: Callable[[], float], t: _Tables, count: int) -> Iterator[Person]:
    # Written out rather than calling a helper per field: a call costs about 0.1 µs, and a
    # dozen of them would be a sixth of the time a person takes (the benchmarks need over
    # 100,000 people a second).
    taken: set[int] = set()
    phones, n_phones = FICTION_MOBILE_NUMBERS, len(FICTION_MOBILE_NUMBERS)
    for n in range(1, count + 1):
        man = draw() < 0.5
        names = t.men if man else t.women
        first_name, first_ascii = names[int(draw() * len(names))]
        last_name, last_ascii = t.last_names[int(draw() * len(t.last_names))]
        domain = t.email_domains[int(draw() * len(t.email_domains))]
        personnummer, born = _personnummer(draw, t, man, taken)
        city, prefixes = t.towns[int(draw() * len(t.towns))]
        # Positional, in Person's field order: keywords would add about 0.5 µs per person.
        yield Person(
            first_name,
            last_name,
            Gender.MAN if man else Gender.WOMAN,
            personnummer,
            born,
            f"{first_ascii}.{last_ascii}.{n}@{domain}",
            phones[int(draw() * n_phones)],
            _street(draw, t),
            f"{prefixes[int(draw() * len(prefixes))]} {int(draw() * 100):02d}",
            city,
            t.job_titles[int(draw() * len(t.job_titles))],
            t.organisation_types[int(draw() * len(t.organisation_types))],
            t.diets[int(draw() * len(t.diets))] if draw() < DIET_SHARE else None,
            _comment(draw, t) if draw() < COMMENT_SHARE else None,
        )


def _personnummer(
    draw: Callable[[], float], t: _Tables, man: bool, taken: set[int]
) -> tuple[str, date]:
    """A personnummer (or, for about 1%, a samordningsnummer) not yet `taken`, and the birth
    date in it. The ninth digit is odd for men and even for women; birth number 000 is unused.
    """
    while True:
        samordning = draw() < SAMORDNINGSNUMMER_SHARE
        days = t.samordning_days if samordning else t.birth_days
        day = int(draw() * len(days))
        birth_number = 2 * int(draw() * 500) + 1 if man else 2 * int(draw() * 499) + 2
        drawn = (2 * day + samordning) * 1000 + birth_number
        if drawn not in taken:
            taken.add(drawn)
            born = days[day]
            check = -(born.luhn_sum + t.birth_number_sums[birth_number]) % 10
            return f"{born.digits}{birth_number:03d}{check}", born.birth_date


def _street(draw: Callable[[], float], t: _Tables) -> str:
    """A street and house number such as `Björkvägen 12` or, now and then, `Storgatan 3 B`."""
    stem = t.street_stems[int(draw() * len(t.street_stems))]
    suffix = t.street_suffixes[int(draw() * len(t.street_suffixes))]
    number = int(draw() ** 2 * 120) + 1  # squared: low house numbers are the most common
    return f"{stem}{suffix} {number} B" if draw() < 0.08 else f"{stem}{suffix} {number}"


def _comment(draw: Callable[[], float], t: _Tables) -> str:
    if draw() < SENSITIVE_COMMENT_SHARE:
        return t.sensitive_comments[int(draw() * len(t.sensitive_comments))]
    return t.comments[int(draw() * len(t.comments))]


@cache
def _tables(words: Vocabulary) -> _Tables:
    return _Tables(
        women=_with_email_spelling(words.women_first_names),
        men=_with_email_spelling(words.men_first_names),
        last_names=_with_email_spelling(words.last_names),
        street_stems=words.street_stems,
        street_suffixes=_by_weight(words.street_suffixes),
        towns=tuple(
            (town.name, town.postal_prefixes) for town in words.towns for _ in range(town.weight)
        ),
        email_domains=_by_weight(words.email_domains),
        job_titles=words.job_titles,
        organisation_types=words.organisation_types,
        diets=_by_weight(words.diets),
        comments=words.comments,
        sensitive_comments=words.sensitive_comments,
        birth_days=birth_days(samordning=False),
        samordning_days=birth_days(samordning=True),
        birth_number_sums=birth_number_sums(),
    )


def _with_email_spelling(names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((name, ascii_email_name(name)) for name in names)


def _by_weight(entries: tuple[Weighted, ...]) -> tuple[str, ...]:
    """Each entry repeated `weight` times, so one uniform pick honours the weights."""
    return tuple(entry.value for entry in entries for _ in range(entry.weight))
