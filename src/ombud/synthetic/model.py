"""Plain data of the synthetic people: a fake Swedish person and the lists they are drawn from.

Everything here is fake by construction: names and streets come from short lists, e-mail
addresses use domains reserved for examples, and phone numbers come from the series PTS keeps
free for fiction. Only the personnummer cannot be made unreal by construction (any valid one
may belong to someone); it is valid in form and drawn at random, and nothing else about the
person matches whoever may hold it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import NamedTuple

SAMORDNING_DAY_OFFSET = 60
"""A samordningsnummer has the form of a personnummer with 60 added to the day of birth."""


class Gender(StrEnum):
    """The legal gender the personnummer's ninth digit encodes: odd for men, even for women."""

    WOMAN = "woman"
    MAN = "man"


@dataclass(frozen=True, slots=True)
class Person:
    """One fake Swedish person, as a member register or a booking system would hold them.

    `personnummer` is the 12-digit form `YYYYMMDDNNNC`; for a samordningsnummer the day is
    the day of birth plus 60, and `birth_date` is the real date. `phone` is in E.164 and, as
    there are only 95 fiction numbers, is shared by many people: find a person by their
    e-mail address or personnummer, which are unique within one generated batch.
    """

    first_name: str
    last_name: str
    gender: Gender
    personnummer: str
    birth_date: date
    email: str
    phone: str
    street: str
    postal_code: str
    city: str
    job_title: str
    organisation_type: str
    diet: str | None
    comment: str | None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def personnummer_display(self) -> str:
        """The 10-digit display form `YYMMDD-NNNC`.

        The separator is `-` for everyone generated: all are born 1940 or later, and the
        separator turns to `+` only from the year a person turns 100.
        """
        return f"{self.personnummer[2:8]}-{self.personnummer[8:]}"

    @property
    def is_samordningsnummer(self) -> bool:
        return int(self.personnummer[6:8]) > SAMORDNING_DAY_OFFSET

    @property
    def postal_address(self) -> str:
        return f"{self.street}, {self.postal_code} {self.city}"


class Weighted(NamedTuple):
    """An entry of a list drawn from unevenly: `weight` is its share relative to the others."""

    value: str
    weight: int


class Town(NamedTuple):
    """A town, the three-digit postal code prefixes used for it, and how often to draw it."""

    name: str
    postal_prefixes: tuple[str, ...]
    weight: int


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The lists people are drawn from, as read from `ombud/synthetic/data/`.

    `sensitive_comments` reveal special-category or criminal-offence data on purpose, so the
    screening detectors have known positives; `comments` reveal none.
    """

    women_first_names: tuple[str, ...]
    men_first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    street_stems: tuple[str, ...]
    street_suffixes: tuple[Weighted, ...]
    towns: tuple[Town, ...]
    email_domains: tuple[Weighted, ...]
    job_titles: tuple[str, ...]
    organisation_types: tuple[str, ...]
    diets: tuple[Weighted, ...]
    comments: tuple[str, ...]
    sensitive_comments: tuple[str, ...]
